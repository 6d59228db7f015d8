/// A streaming RFC 4180 CSV reader over a file or in-memory bytes.
///
/// The file is read one chunk (1 MiB) at a time and records are handed to a
/// callback as views into the buffer, so memory stays bounded for multi-GB
/// exports and no `String` is built unless a caller asks for one.
///
/// Accepted: a UTF-8 byte order mark at the start (skipped); CRLF, LF and
/// lone CR line endings, mixed freely; quoted fields holding commas, doubled
/// quotes (`""` reads as `"`) and line breaks. Empty lines are skipped
/// wherever they appear, so a trailing newline or a blank line between
/// blocks does not become a one-field record (a one-column file cannot
/// express an empty value as an empty line for that reason; quote it as
/// `""`). Rejected with ``InputError/malformed(_:detail:)``, column being the
/// 1-based field index: an unterminated quoted field, a quote inside an
/// unquoted field, anything but a comma or line end after a closing quote,
/// and a field over 1 MiB (almost always an unbalanced quote swallowing the
/// rest of the file) or a record over 64 MiB.
package struct CSVReader: Sendable {
  /// The file name used in error locations.
  package let name: String

  package let origin: ByteOrigin
  package let chunkSize: Int
  package let maxFieldBytes: Int
  package let maxRecordBytes: Int
  /// Called after each chunk is read with the bytes read so far, so a
  /// command can show progress through a large file.
  package var onRead: (@Sendable (_ bytesRead: Int) -> Void)?

  package static let defaultChunkSize = 1 << 20
  package static let defaultMaxFieldBytes = 1 << 20
  package static let defaultMaxRecordBytes = 64 << 20

  /// Opens a CSV file. The file is checked now and read during
  /// ``forEachRecord(_:)``.
  /// - Throws: ``InputError/unreadable(file:reason:)`` if the file is missing,
  ///   unreadable or a directory.
  package init(path: String) throws(InputError) {
    try self.init(path: path, chunkSize: CSVReader.defaultChunkSize)
  }

  /// Reads CSV from bytes in memory (standard input, tests), named `name` in
  /// error messages.
  package init(bytes: [UInt8], name: String) {
    self.init(bytes: bytes, name: name, chunkSize: CSVReader.defaultChunkSize)
  }

  /// Opens a file with explicit limits; small values let tests put chunk
  /// boundaries and caps anywhere.
  package init(
    path: String, chunkSize: Int, maxFieldBytes: Int = CSVReader.defaultMaxFieldBytes,
    maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes
  ) throws(InputError) {
    try ByteOrigin.checkReadable(path: path)
    self.init(
      origin: .file(path: path), name: path == ByteOrigin.standardInput ? "stdin" : path, chunkSize: chunkSize, maxFieldBytes: maxFieldBytes,
      maxRecordBytes: maxRecordBytes)
  }

  /// Reads `length` bytes of a file from `offset`, numbering the first
  /// record's line `firstLine`: one thread's part of a parallel read (see
  /// ``CSVSplit``). The part must start at a record.
  package init(path: String, offset: Int, length: Int, firstLine: Int) {
    self.init(
      origin: .fileRange(path: path, offset: offset, length: length), name: path, chunkSize: CSVReader.defaultChunkSize,
      maxFieldBytes: CSVReader.defaultMaxFieldBytes, maxRecordBytes: CSVReader.defaultMaxRecordBytes)
    self.firstLine = firstLine
  }

  /// The line number of the first record read.
  package var firstLine = 1

  /// Reads bytes in memory with explicit limits.
  package init(
    bytes: [UInt8], name: String, chunkSize: Int, maxFieldBytes: Int = CSVReader.defaultMaxFieldBytes,
    maxRecordBytes: Int = CSVReader.defaultMaxRecordBytes
  ) {
    self.init(
      origin: .memory(bytes), name: name, chunkSize: chunkSize, maxFieldBytes: maxFieldBytes,
      maxRecordBytes: maxRecordBytes)
  }

  private init(origin: ByteOrigin, name: String, chunkSize: Int, maxFieldBytes: Int, maxRecordBytes: Int) {
    self.origin = origin
    self.name = name
    self.chunkSize = chunkSize
    self.maxFieldBytes = maxFieldBytes
    self.maxRecordBytes = maxRecordBytes
  }

  /// Streams every record, header first, to `body`.
  ///
  /// A record that spans a chunk boundary is rescanned once the next chunk
  /// arrives, so boundaries are invisible to the caller. Each call reads the
  /// source from the start again.
  /// - Throws: ``InputError`` for unreadable or malformed input, and whatever
  ///   `body` throws (which stops the stream).
  /// - Complexity: O(n) in the file size; memory is one chunk plus the
  ///   longest record.
  package mutating func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
    _ = try forEachRecord(skipping: nil, body)
  }

  /// Streams records as ``forEachRecord(_:)`` does, except that a record
  /// starting on a line `skips` names is not split into fields or checked:
  /// its end is found by looking for the line break alone, which is several
  /// times faster. A record holding a quote (which could hide a line break)
  /// is scanned in full and passed to `body` after all.
  ///
  /// Only for a second pass over a file a first pass has checked: a skipped
  /// record is not validated.
  /// - Returns: how many records were skipped.
  package mutating func forEachRecord(skipping skips: ((_ line: Int) -> Bool)?, _ body: (CSVRecord) throws -> Void) throws -> Int {
    var input = try ChunkedInput(origin: origin, name: name, chunkSize: chunkSize)
    var fields = FieldTable()
    var position = try input.startSkippingBOM()
    var line = firstLine
    var skipped = 0
    while true {
      if let skips, skips(line),
        let next = Self.endOfUnquotedRecord(input.base, from: position, end: input.end, isAtEnd: input.isAtEnd)
      {
        position = next
        line += 1
        skipped += 1
        continue
      }
      let step = try scanRecord(
        input.base, from: position, end: input.end, isAtEnd: input.isAtEnd, line: line, fields: &fields)
      switch step {
      case .finished:
        return skipped
      case .blank(let next):
        position = next
        line += 1
      case .record(let next, let nextLine):
        fields.unescape(input.base)
        try body(CSVRecord(line: line, count: fields.count, base: input.base, bounds: fields.bounds))
        position = next
        line = nextLine
      case .needMore:
        guard input.end - position <= maxRecordBytes else {
          throw InputError.malformed(
            SourceLocation(file: name, line: line),
            detail: "record longer than \(maxRecordBytes) bytes; expected at most \(maxRecordBytes) bytes per record")
        }
        try input.refill(keepingFrom: position)
        onRead?(input.bytesRead)
        position = 0
      }
    }
  }

  /// What scanning from a record start found.
  private enum Step {
    /// No bytes are left.
    case finished
    /// The bytes end before the record does; refill and rescan.
    case needMore
    /// An empty line, skipped.
    case blank(next: Int)
    /// A complete record is in the field table.
    case record(next: Int, nextLine: Int)
  }

  private static let quote = UInt8(ascii: "\"")
  private static let comma = UInt8(ascii: ",")
  private static let lineFeed = UInt8(ascii: "\n")
  private static let carriageReturn = UInt8(ascii: "\r")

  /// Where the one-line record at `start` ends (just past its line break),
  /// or `nil` when that cannot be told without a full scan: a blank line, a
  /// quote before the line break, or no line break in the buffer yet.
  private static func endOfUnquotedRecord(
    _ base: UnsafeMutablePointer<UInt8>, from start: Int, end: Int, isAtEnd: Bool
  ) -> Int? {
    var i = start
    guard i < end, base[i] != lineFeed, base[i] != carriageReturn else { return nil }
    while i < end {
      let c = base[i]
      if c > quote { i += 1; continue }
      if c == lineFeed { return i + 1 }
      if c == carriageReturn {
        if i + 1 < end { return base[i + 1] == lineFeed ? i + 2 : i + 1 }
        return isAtEnd ? i + 1 : nil
      }
      if c == quote { return nil }
      i += 1
    }
    return nil
  }

  /// Scans one record starting at `start`, filling `fields` with raw bounds.
  ///
  /// Nothing is modified in the buffer here, so a record cut by the end of
  /// the buffer can be rescanned from its start after a refill; doubled quotes
  /// are unescaped only once the record is known to be complete.
  private func scanRecord(
    _ base: UnsafeMutablePointer<UInt8>, from start: Int, end: Int, isAtEnd: Bool, line: Int,
    fields: inout FieldTable
  ) throws(InputError) -> Step {
    let quote = CSVReader.quote
    let comma = CSVReader.comma
    let lineFeed = CSVReader.lineFeed
    let carriageReturn = CSVReader.carriageReturn
    fields.removeAll()
    var i = start
    guard i < end else { return isAtEnd ? .finished : .needMore }
    if base[i] == lineFeed { return .blank(next: i + 1) }
    if base[i] == carriageReturn {
      if i + 1 < end { return .blank(next: base[i + 1] == lineFeed ? i + 2 : i + 1) }
      return isAtEnd ? .blank(next: i + 1) : .needMore
    }
    var currentLine = line
    while true {
      let fieldStart = i
      let terminator: UInt8
      if i < end && base[i] == quote {
        let quoteLine = currentLine
        var j = i + 1
        var hasEscapes = false
        while true {
          guard j < end else {
            if j - fieldStart > maxFieldBytes {
              throw tooLong(line: quoteLine, column: fields.count + 1, quoted: true)
            }
            if isAtEnd {
              throw InputError.malformed(
                SourceLocation(file: name, line: quoteLine, column: fields.count + 1),
                detail: "unterminated quoted field starting here; expected a closing \"")
            }
            return .needMore
          }
          let c = base[j]
          if c == quote {
            guard j + 1 < end else {
              if !isAtEnd { return .needMore }
              break
            }
            if base[j + 1] == quote {
              hasEscapes = true
              j += 2
              continue
            }
            break
          }
          if c == lineFeed {
            if base[j - 1] != carriageReturn { currentLine += 1 }
          } else if c == carriageReturn {
            currentLine += 1
          }
          j += 1
        }
        if j - i - 1 > maxFieldBytes { throw tooLong(line: quoteLine, column: fields.count + 1, quoted: true) }
        fields.append(start: i + 1, end: j, hasEscapes: hasEscapes)
        i = j + 1
        guard i < end else { return .record(next: end, nextLine: currentLine + 1) }
        terminator = base[i]
        if terminator != comma && terminator != lineFeed && terminator != carriageReturn {
          // The message quotes the character found, which may be up to 4
          // UTF-8 bytes: read on rather than describe half of one.
          if !isAtEnd && end - i < 4 { return .needMore }
          let found = ByteText.describe(UnsafeBufferPointer(start: base, count: end), at: i)
          throw InputError.malformed(
            SourceLocation(file: name, line: currentLine, column: fields.count),
            detail: "unexpected \(found) after a closing quote; expected ',' or the end of the line")
        }
      } else {
        while i < end {
          let c = base[i]
          if c > comma { i += 1; continue }
          if c == comma || c == lineFeed || c == carriageReturn || c == quote { break }
          i += 1
        }
        if i - fieldStart > maxFieldBytes { throw tooLong(line: currentLine, column: fields.count + 1, quoted: false) }
        guard i < end else {
          if !isAtEnd { return .needMore }
          fields.append(start: fieldStart, end: i, hasEscapes: false)
          return .record(next: end, nextLine: currentLine + 1)
        }
        terminator = base[i]
        if terminator == quote {
          throw InputError.malformed(
            SourceLocation(file: name, line: currentLine, column: fields.count + 1),
            detail: "unexpected '\"' inside an unquoted field; expected the whole field in quotes, with embedded quotes doubled (\"\")")
        }
        fields.append(start: fieldStart, end: i, hasEscapes: false)
      }
      if terminator == comma {
        i += 1
        continue
      }
      if terminator == lineFeed { return .record(next: i + 1, nextLine: currentLine + 1) }
      if i + 1 < end { return .record(next: base[i + 1] == lineFeed ? i + 2 : i + 1, nextLine: currentLine + 1) }
      return isAtEnd ? .record(next: i + 1, nextLine: currentLine + 1) : .needMore
    }
  }

  private func tooLong(line: Int, column: Int, quoted: Bool) -> InputError {
    let hint = quoted ? " (is a closing quote missing?)" : ""
    return .malformed(
      SourceLocation(file: name, line: line, column: column),
      detail: "field longer than \(maxFieldBytes) bytes\(hint); expected at most \(maxFieldBytes) bytes per field")
  }
}

/// Field bounds of the record being scanned, reused across records so the
/// hot loop allocates nothing.
private struct FieldTable: ~Copyable {
  /// Start and end offset of each field, interleaved.
  private(set) var bounds: UnsafeMutablePointer<Int>
  private var capacity = 32
  private(set) var count = 0
  /// Indices of quoted fields containing `""`, unescaped in place once the
  /// record is complete.
  private var escaped: [Int] = []

  init() {
    bounds = .allocate(capacity: 2 * capacity)
  }

  deinit {
    bounds.deallocate()
  }

  mutating func removeAll() {
    count = 0
    if !escaped.isEmpty { escaped.removeAll(keepingCapacity: true) }
  }

  @inline(__always)
  mutating func append(start: Int, end: Int, hasEscapes: Bool) {
    if count == capacity { grow() }
    bounds[2 * count] = start
    bounds[2 * count + 1] = end
    if hasEscapes { escaped.append(count) }
    count += 1
  }

  private mutating func grow() {
    let bigger = UnsafeMutablePointer<Int>.allocate(capacity: 4 * capacity)
    bigger.moveInitialize(from: bounds, count: 2 * capacity)
    bounds.deallocate()
    bounds = bigger
    capacity *= 2
  }

  /// Turns each `""` into `"` in place and shortens the field to match.
  /// Safe only for a complete record: the bytes are consumed right after.
  mutating func unescape(_ base: UnsafeMutablePointer<UInt8>) {
    let quote = UInt8(ascii: "\"")
    for index in escaped {
      var read = bounds[2 * index]
      var write = read
      let end = bounds[2 * index + 1]
      while read < end {
        let byte = base[read]
        base[write] = byte
        write += 1
        read += byte == quote ? 2 : 1
      }
      bounds[2 * index + 1] = write
    }
  }
}
