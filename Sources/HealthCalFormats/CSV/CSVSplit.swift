#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif
import Dispatch

/// Splits a CSV file into parts that each start at a record, so several
/// threads can parse it at once.
///
/// A line break inside a quoted field looks like a record boundary, so a
/// split point cannot be found by looking for the next line break alone.
/// Every quote in a valid file opens or closes a quoted field (a doubled
/// quote does both), so whether a byte lies inside quotes is the parity of
/// the quotes before it. The parts' quotes and line breaks are counted in
/// parallel; then each nominal split point moves forward to the first line
/// break outside quotes, and its line number is the line breaks before it.
/// A file whose quotes are not balanced may be split wrongly after its first
/// malformed record, but that record is still parsed from a true start and
/// fails, and a caller that sees any failure reads the file serially.
package struct CSVSplit {
  /// One thread's bytes.
  package struct Part: Equatable {
    /// The first byte, at the start of a record.
    package var offset: Int
    /// How many bytes; ends just after a line break, or at the end of the file.
    package var length: Int
    /// The line number of the part's first record.
    package var firstLine: Int
  }

  /// Up to `count` parts covering the records after the header, in file
  /// order; `nil` when the file has no line break after its header (nothing
  /// to split).
  package static func parts(path: String, count: Int) throws(InputError) -> [Part]? {
    let file = try SplitFile(path: path)
    guard let (headerEnd, dataLine) = file.recordEnd(from: file.startAfterBOM, inQuotes: false, line: 1), headerEnd < file.size else {
      return nil
    }
    let span = file.size - headerEnd
    let nominal = (0...count).map { headerEnd + span * $0 / count }
    nonisolated(unsafe) var tallies = [Tally](repeating: Tally(), count: count)
    tallies.withUnsafeMutableBufferPointer { slots in
      nonisolated(unsafe) let slots = slots
      DispatchQueue.concurrentPerform(iterations: count) { k in
        slots[k] = file.tally(from: nominal[k], to: nominal[k + 1])
      }
    }
    var starts = [headerEnd]
    var lines = [dataLine]
    var quotes = 0
    var breaks = 0
    for k in 1..<count {
      quotes += tallies[k - 1].quotes
      breaks += tallies[k - 1].lineBreaks
      let found = file.recordEnd(from: nominal[k], inQuotes: quotes % 2 == 1, line: dataLine + breaks)
      let (start, line) = found ?? (file.size, 0)
      if start <= starts[starts.count - 1] { continue }
      starts.append(start)
      lines.append(line)
    }
    return starts.indices.map { i in
      let end = i + 1 < starts.count ? starts[i + 1] : file.size
      return Part(offset: starts[i], length: end - starts[i], firstLine: lines[i])
    }
  }

  /// Quotes and line breaks in a stretch of bytes.
  package struct Tally {
    var quotes = 0
    /// `\n`, and `\r` not followed by `\n`: the line breaks the reader counts.
    var lineBreaks = 0
  }
}

/// A file read by offset, for ``CSVSplit``: `pread` keeps no shared file
/// position, so threads read it at once.
package final class SplitFile: @unchecked Sendable {
  package let descriptor: Int32
  package let size: Int

  package init(path: String) throws(InputError) {
    descriptor = try ByteOrigin.openFile(path)
    var status = stat()
    fstat(descriptor, &status)
    size = Int(status.st_size)
  }

  deinit { close(descriptor) }

  /// Reads bytes from `offset` into `buffer`; how many were read.
  package func read(into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
    var total = 0
    while total < buffer.count, offset + total < size {
      let count = pread(descriptor, buffer.baseAddress! + total, buffer.count - total, off_t(offset + total))
      if count > 0 {
        total += count
      } else if count == 0 || errno != EINTR {
        break
      }
    }
    return total
  }

  package var startAfterBOM: Int {
    var head = [UInt8](repeating: 0, count: 3)
    let count = head.withUnsafeMutableBufferPointer { read(into: $0, at: 0) }
    return count == 3 && head == [0xEF, 0xBB, 0xBF] ? 3 : 0
  }

  /// The bytes in `from..<to`, tallied; a `\r` at the end is looked past.
  package func tally(from start: Int, to end: Int) -> CSVSplit.Tally {
    var tally = CSVSplit.Tally()
    let block = 1 << 20
    let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: block + 1)
    defer { buffer.deallocate() }
    var offset = start
    while offset < end {
      let wanted = min(block, end - offset)
      // One byte more, so a `\r` at the end of the block sees what follows.
      let read = self.read(into: UnsafeMutableBufferPointer(rebasing: buffer[0..<(wanted + 1)]), at: offset)
      guard read > 0 else { break }
      let counted = min(read, wanted)
      Self.count(UnsafeBufferPointer(rebasing: buffer[0..<counted]), into: &tally)
      // `\r\n` is one break: a `\r` is a break of its own only when no `\n` follows.
      if buffer[counted - 1] == 0x0D, counted < read, buffer[counted] == 0x0A { tally.lineBreaks -= 1 }
      offset += counted
    }
    return tally
  }

  /// Adds the quotes and line breaks of `bytes` (`\n`, plus `\r` not
  /// followed by `\n` within `bytes`) to `tally`, eight bytes at a time.
  package static func count(_ bytes: UnsafeBufferPointer<UInt8>, into tally: inout CSVSplit.Tally) {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    /// One high bit per byte of `word` equal to `byte`, exactly (no borrows).
    @inline(__always) func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
      let v = word ^ (ones &* UInt64(byte))
      return ~(((v & low7) &+ low7) | v) & ~low7
    }
    let base = UnsafeRawPointer(bytes.baseAddress!)
    let words = bytes.count / 8
    var quotes = 0
    var lineFeeds = 0
    var carriageReturns = 0
    var crlf = 0
    var previousCR: UInt64 = 0
    // Counts per byte lane (at most 255 words between flushes), summed with
    // shifts and one multiply: the baseline x86-64 target has no popcount.
    var quoteLanes: UInt64 = 0
    var lineFeedLanes: UInt64 = 0
    var carriageReturnLanes: UInt64 = 0
    var crlfLanes: UInt64 = 0
    @inline(__always) func sum(_ lanes: UInt64) -> Int {
      let pairs = (lanes & 0x00FF_00FF_00FF_00FF) &+ ((lanes >> 8) & 0x00FF_00FF_00FF_00FF)
      return Int((pairs &* 0x0001_0001_0001_0001) >> 48)
    }
    for w in 0..<words {
      let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self))
      let cr = equal(word, 0x0D)
      let lf = equal(word, 0x0A)
      quoteLanes &+= equal(word, 0x22) >> 7
      lineFeedLanes &+= lf >> 7
      carriageReturnLanes &+= cr >> 7
      // A `\r` in byte i and a `\n` in byte i + 1, within the word or across.
      crlfLanes &+= ((cr << 8) & lf) >> 7
      if previousCR & lf & 0x80 != 0 { crlf += 1 }
      previousCR = cr >> 56
      if w % 255 == 254 || w == words - 1 {
        quotes += sum(quoteLanes)
        lineFeeds += sum(lineFeedLanes)
        carriageReturns += sum(carriageReturnLanes)
        crlf += sum(crlfLanes)
        quoteLanes = 0
        lineFeedLanes = 0
        carriageReturnLanes = 0
        crlfLanes = 0
      }
    }
    var previous: UInt8 = previousCR != 0 ? 0x0D : 0
    for i in (words * 8)..<bytes.count {
      switch bytes[i] {
      case 0x22: quotes += 1
      case 0x0A:
        lineFeeds += 1
        if previous == 0x0D { crlf += 1 }
      case 0x0D: carriageReturns += 1
      default: break
      }
      previous = bytes[i]
    }
    tally.quotes += quotes
    tally.lineBreaks += lineFeeds + carriageReturns - crlf
  }

  /// Just past the first line break outside quotes at or after `start`, and
  /// the line the next record starts on; `nil` at the end of the file.
  package func recordEnd(from start: Int, inQuotes startsInQuotes: Bool, line startLine: Int) -> (Int, Int)? {
    let block = 1 << 16
    let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: block + 1)
    defer { buffer.deallocate() }
    var inQuotes = startsInQuotes
    var line = startLine
    var offset = start
    while offset < size {
      let read = self.read(into: buffer, at: offset)
      guard read > 0 else { return nil }
      let counted = min(read, block)
      for i in 0..<counted {
        let byte = buffer[i]
        if byte == 0x22 {
          inQuotes.toggle()
        } else if byte == 0x0A || byte == 0x0D {
          // `\r\n` is one break, taken at its `\n` (the block holds one byte
          // past `counted`, so the next byte is known unless the file ends).
          if byte == 0x0D, i + 1 < read, buffer[i + 1] == 0x0A { continue }
          line += 1
          if !inQuotes { return (offset + i + 1, line) }
        }
      }
      offset += counted
    }
    return nil
  }
}
