#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// SHA-256 (FIPS 180-4), for fingerprinting input files in tuned models and
/// reports without a third-party or platform crypto dependency.
///
/// A fingerprint lets a reader prove that a model was calibrated on exactly
/// the data they hold: the same bytes give the same 64 hex digits on every
/// platform. Files are hashed in fixed-size chunks, so a multi-gigabyte
/// snapshot export costs one chunk of memory, never the whole file. This is a
/// checksum for provenance, not a primitive for secrets: it makes no attempt
/// at constant-time behaviour.
package enum SHA256 {
  /// The digest of `bytes` as 64 lowercase hexadecimal digits.
  ///
  /// Contiguous collections (`[UInt8]`, `String.UTF8View`) are hashed in
  /// place; other sequences are consumed element by element.
  /// - Complexity: O(n) in the number of bytes.
  package static func hex(_ bytes: some Sequence<UInt8>) -> String {
    var state = State()
    let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
      state.update(UnsafeRawBufferPointer(buffer))
    }
    if handled == nil {
      var chunk: [UInt8] = []
      chunk.reserveCapacity(State.chunkSize)
      for byte in bytes {
        chunk.append(byte)
        if chunk.count == State.chunkSize {
          chunk.withUnsafeBytes { state.update($0) }
          chunk.removeAll(keepingCapacity: true)
        }
      }
      chunk.withUnsafeBytes { state.update($0) }
    }
    return state.finalHex()
  }

  /// The digest of the file at `path` as 64 lowercase hexadecimal digits,
  /// read in 64 KiB chunks so memory stays constant whatever the file size.
  ///
  /// - Throws: ``InputError/unreadable(file:reason:)`` when the file cannot be
  ///   opened or a read fails part-way (a digest of half a file would be a
  ///   silently wrong fingerprint), or when `path` is a directory.
  /// - Complexity: O(n) in the file size.
  package static func hex(fileAt path: String) throws(InputError) -> String {
    let descriptor = try ByteOrigin.openFile(path)
    defer { close(descriptor) }
    var state = State()
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: State.chunkSize, alignment: 16)
    defer { buffer.deallocate() }
    while true {
      let count = read(descriptor, buffer.baseAddress, buffer.count)
      if count < 0 {
        if errno == EINTR { continue }
        throw .unreadable(file: path, reason: ByteOrigin.lastErrorText())
      }
      if count == 0 { break }
      state.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
    }
    return state.finalHex()
  }

  /// The running hash: eight working words, a partial 64-byte block and the
  /// message length so far.
  private struct State {
    /// Bytes read per file chunk and buffered per non-contiguous sequence chunk.
    static let chunkSize = 1 << 16

    /// First 32 bits of the fractional parts of the cube roots of the first 64 primes.
    static let k: [UInt32] = [
      0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
      0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
      0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
      0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
      0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
      0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
      0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
      0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// First 32 bits of the fractional parts of the square roots of the first 8 primes.
    var h: [UInt32] = [
      0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]
    /// Bytes of the current, not yet full block.
    var block: [UInt8] = []
    /// Message length in bytes so far.
    var length: UInt64 = 0

    init() {
      block.reserveCapacity(64)
    }

    /// Absorbs `bytes`, compressing every complete 64-byte block.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
      length &+= UInt64(bytes.count)
      var index = 0
      if !block.isEmpty {
        let take = min(64 - block.count, bytes.count)
        block.append(contentsOf: bytes[0..<take])
        index = take
        if block.count == 64 {
          let full = block
          full.withUnsafeBytes { compress($0) }
          block.removeAll(keepingCapacity: true)
        }
      }
      while bytes.count - index >= 64 {
        compress(UnsafeRawBufferPointer(rebasing: bytes[index..<index + 64]))
        index += 64
      }
      if index < bytes.count { block.append(contentsOf: bytes[index...]) }
    }

    /// Pads the message (a 1 bit, zeros, the 64-bit big-endian bit length)
    /// and returns the digest in hex.
    mutating func finalHex() -> String {
      let bitLength = length &* 8
      var tail = block
      tail.append(0x80)
      while tail.count % 64 != 56 { tail.append(0) }
      for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
      tail.withUnsafeBytes { raw in
        for start in stride(from: 0, to: raw.count, by: 64) {
          compress(UnsafeRawBufferPointer(rebasing: raw[start..<start + 64]))
        }
      }
      let digits = Array("0123456789abcdef".utf8)
      var text: [UInt8] = []
      text.reserveCapacity(64)
      for word in h {
        for shift in stride(from: 28, through: 0, by: -4) {
          text.append(digits[Int((word >> UInt32(shift)) & 0xF)])
        }
      }
      return String(decoding: text, as: UTF8.self)
    }

    /// The compression function over one 64-byte block; the message schedule
    /// lives in a stack allocation so a block costs no heap allocation.
    mutating func compress(_ chunk: UnsafeRawBufferPointer) {
      var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
      withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
        for t in 0..<16 {
          let b = 4 * t
          w[t] = UInt32(chunk[b]) << 24 | UInt32(chunk[b + 1]) << 16 | UInt32(chunk[b + 2]) << 8 | UInt32(chunk[b + 3])
        }
        for t in 16..<64 {
          let s0 = Self.rotate(w[t - 15], 7) ^ Self.rotate(w[t - 15], 18) ^ (w[t - 15] >> 3)
          let s1 = Self.rotate(w[t - 2], 17) ^ Self.rotate(w[t - 2], 19) ^ (w[t - 2] >> 10)
          w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
        }
        for t in 0..<64 {
          let s1 = Self.rotate(e, 6) ^ Self.rotate(e, 11) ^ Self.rotate(e, 25)
          let choice = (e & f) ^ (~e & g)
          let temp1 = hh &+ s1 &+ choice &+ Self.k[t] &+ w[t]
          let s0 = Self.rotate(a, 2) ^ Self.rotate(a, 13) ^ Self.rotate(a, 22)
          let majority = (a & b) ^ (a & c) ^ (b & c)
          let temp2 = s0 &+ majority
          hh = g
          g = f
          f = e
          e = d &+ temp1
          d = c
          c = b
          b = a
          a = temp1 &+ temp2
        }
      }
      h[0] &+= a
      h[1] &+= b
      h[2] &+= c
      h[3] &+= d
      h[4] &+= e
      h[5] &+= f
      h[6] &+= g
      h[7] &+= hh
    }

    /// Rotates `x` right by `n` bits.
    @inline(__always)
    static func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 {
      x >> n | x << (32 - n)
    }
  }
}
