/// A streaming JSON Lines reader: one JSON object per line.
///
/// Reads the file one chunk at a time like ``CSVReader``, so memory stays
/// bounded, and parses each line with ``JSONParser`` so errors carry the
/// line of the whole file. Lines that are empty or hold only spaces and tabs
/// are skipped (a trailing newline is common); any other line must be a JSON
/// object, since a row is a set of named columns. LF, CRLF and lone CR end a
/// line, and a UTF-8 byte order mark at the start is skipped. A line over
/// 64 MiB is rejected rather than buffered without limit.
package struct JSONLinesReader: Sendable {
  /// The file name used in error locations.
  package let name: String

  package let origin: ByteOrigin
  package let chunkSize: Int
  package let maxLineBytes: Int
  /// Called after each chunk is read with the bytes read so far, so a
  /// command can show progress through a large file.
  package var onRead: (@Sendable (_ bytesRead: Int) -> Void)?

  package static let defaultChunkSize = 1 << 20
  package static let defaultMaxLineBytes = 64 << 20

  /// Opens a JSON Lines file. The file is checked now and read during
  /// ``forEachObject(_:)``.
  /// - Throws: ``InputError/unreadable(file:reason:)`` if the file is missing,
  ///   unreadable or a directory.
  package init(path: String) throws(InputError) {
    try self.init(path: path, chunkSize: JSONLinesReader.defaultChunkSize)
  }

  /// Reads JSON Lines from bytes in memory (standard input, tests).
  package init(bytes: [UInt8], name: String) {
    self.init(bytes: bytes, name: name, chunkSize: JSONLinesReader.defaultChunkSize)
  }

  /// Opens a file with explicit limits, so tests can put chunk boundaries
  /// anywhere.
  package init(path: String, chunkSize: Int, maxLineBytes: Int = JSONLinesReader.defaultMaxLineBytes) throws(InputError) {
    try ByteOrigin.checkReadable(path: path)
    name = path == ByteOrigin.standardInput ? "stdin" : path
    origin = .file(path: path)
    self.chunkSize = chunkSize
    self.maxLineBytes = maxLineBytes
  }

  /// Reads bytes in memory with explicit limits.
  package init(bytes: [UInt8], name: String, chunkSize: Int, maxLineBytes: Int = JSONLinesReader.defaultMaxLineBytes) {
    self.name = name
    origin = .memory(bytes)
    self.chunkSize = chunkSize
    self.maxLineBytes = maxLineBytes
  }

  /// Streams each non-blank line, parsed as a JSON object, with its 1-based
  /// line number. Each call reads the source from the start again.
  /// - Throws: ``InputError`` for unreadable input, malformed JSON, or a line
  ///   that is valid JSON but not an object; and whatever `body` throws.
  /// - Complexity: O(n) in the file size; memory is one chunk plus the
  ///   longest line.
  package mutating func forEachObject(_ body: (_ line: Int, JSONObject) throws -> Void) throws {
    var input = try ChunkedInput(origin: origin, name: name, chunkSize: chunkSize)
    var position = try input.startSkippingBOM()
    var scanned = position
    var line = 1
    while true {
      let base = input.base
      let end = input.end
      var terminator = scanned
      while terminator < end, base[terminator] != 0x0A, base[terminator] != 0x0D { terminator += 1 }
      let needsMore = terminator == end || (base[terminator] == 0x0D && terminator + 1 == end)
      if needsMore && !input.isAtEnd {
        guard terminator - position <= maxLineBytes else {
          throw InputError.malformed(
            SourceLocation(file: name, line: line),
            detail: "line longer than \(maxLineBytes) bytes; expected at most \(maxLineBytes) bytes per line")
        }
        let dropped = try input.refill(keepingFrom: position)
        onRead?(input.bytesRead)
        scanned = terminator - dropped
        position = 0
        continue
      }
      let text = UnsafeBufferPointer(start: base + position, count: terminator - position)
      if !Cell.isMissing(text) {
        let value = try JSONParser.parse(text, file: name, firstLine: line)
        guard case .object(let object) = value else {
          var column = 1
          while text[column - 1] == 0x20 || text[column - 1] == 0x09 { column += 1 }
          throw InputError.malformed(
            SourceLocation(file: name, line: line, column: column),
            detail: "expected a JSON object on each line, found \(JSONLinesReader.kind(of: value))")
        }
        try body(line, object)
      }
      guard terminator < end else { return }
      position = base[terminator] == 0x0D && terminator + 1 < end && base[terminator + 1] == 0x0A
        ? terminator + 2 : terminator + 1
      scanned = position
      line += 1
    }
  }

  private static func kind(of value: JSONValue) -> String {
    switch value {
    case .null: return "null"
    case .bool: return "a boolean"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}
