/// Splits one fuzz input into the two files a loader pair reads.
///
/// libFuzzer hands over one byte string; the loaders need a snapshots file
/// and an outcomes file that refers to it. The first `\0\0` separates them,
/// so seed files are `snapshots ++ "\0\0" ++ outcomes` and the mutator can
/// still change either half or move the boundary.
enum FuzzInput {
  /// The bytes that end the snapshots part.
  static let separator: [UInt8] = [0, 0]

  /// The snapshots part and the outcomes part (empty without a separator).
  static func split(_ bytes: [UInt8]) -> (snapshots: [UInt8], outcomes: [UInt8]) {
    var i = 0
    while i + 1 < bytes.count {
      if bytes[i] == separator[0], bytes[i + 1] == separator[1] {
        return (Array(bytes[..<i]), Array(bytes[(i + 2)...]))
      }
      i += 1
    }
    return (bytes, [])
  }

  /// A chunk size larger than any input `run.sh` allows (`-max_len=4096`),
  /// so the reader sees the whole input at once as it would with its
  /// 1 MiB default, without a 1 MiB allocation per run under ASan.
  static let wholeChunkSize = 1 << 13

  /// A chunk size from 1 to 8 chosen by the input, so record boundaries
  /// fall at every offset across runs while each input stays reproducible.
  static func smallChunkSize(for bytes: [UInt8]) -> Int {
    1 + (bytes.count &* 31 &+ Int(bytes.first ?? 0)) % 8
  }
}
