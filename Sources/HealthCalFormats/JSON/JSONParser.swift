/// A strict RFC 8259 JSON parser that says where and what is wrong.
///
/// Model files are written by hand, so every error is an
/// ``InputError/malformed(_:detail:)`` at `file:line:column` (column counts
/// characters, not bytes) naming what was expected and what was found:
/// `expected ',' or '}' after object member, found 'x'`. Beyond the grammar it
/// refuses what would otherwise become a silent surprise: duplicate keys
/// (``InputError/duplicateColumn(_:column:)``, since which copy wins differs
/// between tools), numbers that overflow a `Double`, invalid UTF-8, unpaired
/// surrogate escapes, and nesting deeper than ``maxDepth`` (reported instead
/// of overflowing the stack). A UTF-8 byte order mark at the start is
/// skipped.
package enum JSONParser {
  /// The deepest nesting of arrays and objects accepted.
  package static let maxDepth = 512

  /// Parses one JSON text.
  /// - Parameters:
  ///   - bytes: the UTF-8 text.
  ///   - file: the file name for error locations.
  ///   - firstLine: the line number of the first byte, so a JSON Lines reader
  ///     can report lines of the whole file.
  /// - Returns: the value; objects carry the line where they start.
  /// - Throws: ``InputError/malformed(_:detail:)`` or
  ///   ``InputError/duplicateColumn(_:column:)``.
  package static func parse(
    _ bytes: UnsafeBufferPointer<UInt8>, file: String, firstLine: Int = 1
  ) throws(InputError) -> JSONValue {
    var scanner = JSONScanner(bytes: bytes, file: file, line: firstLine)
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
      scanner.position = 3
      scanner.lineStart = 3
    }
    scanner.skipWhitespace()
    let value = try scanner.parseValue(depth: 0)
    scanner.skipWhitespace()
    guard scanner.position == bytes.count else {
      throw scanner.error(
        at: scanner.position,
        "unexpected \(scanner.found(at: scanner.position)) after the JSON value; expected the end of the input")
    }
    return value
  }

  /// Parses one JSON text held in a `String`.
  /// - Throws: as ``parse(_:file:firstLine:)``.
  package static func parse(_ text: String, file: String) throws(InputError) -> JSONValue {
    var text = text
    let result = text.withUTF8 { bytes in
      Result { () throws(InputError) -> JSONValue in try parse(bytes, file: file) }
    }
    return try result.get()
  }
}

/// The cursor of one parse: position, current line and where it starts.
///
/// Lines advance only in whitespace (JSON strings cannot hold a raw line
/// break), so every error position is on the current line and its column is
/// computed only when an error is actually reported.
private struct JSONScanner {
  let bytes: UnsafeBufferPointer<UInt8>
  let file: String
  var position = 0
  var line: Int
  var lineStart = 0

  init(bytes: UnsafeBufferPointer<UInt8>, file: String, line: Int) {
    self.bytes = bytes
    self.file = file
    self.line = line
  }

  private static let quote = UInt8(ascii: "\"")
  private static let backslash = UInt8(ascii: "\\")

  mutating func skipWhitespace() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x09:
        position += 1
      case 0x0A:
        position += 1
        line += 1
        lineStart = position
      case 0x0D:
        position += 1
        if position < bytes.count, bytes[position] == 0x0A { position += 1 }
        line += 1
        lineStart = position
      default:
        return
      }
    }
  }

  func found(at index: Int) -> String {
    ByteText.describe(bytes, at: index)
  }

  /// An error at `index`, which must be on the current line.
  func error(at index: Int, _ detail: String) -> InputError {
    .malformed(location(at: index), detail: detail)
  }

  /// The location of `index`, counting characters (not UTF-8 continuation
  /// bytes) from the start of the line.
  func location(at index: Int) -> SourceLocation {
    var column = 1
    var i = lineStart
    while i < index {
      if bytes[i] & 0xC0 != 0x80 { column += 1 }
      i += 1
    }
    return SourceLocation(file: file, line: line, column: column)
  }

  mutating func parseValue(depth: Int) throws(InputError) -> JSONValue {
    guard position < bytes.count else {
      throw error(at: position, "unexpected end of input; expected a value")
    }
    switch bytes[position] {
    case UInt8(ascii: "{"):
      return .object(try parseObject(depth: depth + 1))
    case UInt8(ascii: "["):
      return .array(try parseArray(depth: depth + 1))
    case JSONScanner.quote:
      return .string(try parseString())
    case UInt8(ascii: "t"):
      try expectLiteral("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try expectLiteral("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try expectLiteral("null")
      return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return .number(try parseNumber())
    default:
      throw error(at: position, "expected a value, found \(found(at: position))")
    }
  }

  private func checkDepth(_ depth: Int) throws(InputError) {
    if depth > JSONParser.maxDepth {
      throw error(
        at: position,
        "nesting deeper than \(JSONParser.maxDepth) levels; expected at most \(JSONParser.maxDepth) nested arrays and objects")
    }
  }

  private mutating func parseObject(depth: Int) throws(InputError) -> JSONObject {
    try checkDepth(depth)
    let objectLine = line
    position += 1
    skipWhitespace()
    var keys: [String] = []
    var values: [JSONValue] = []
    var keySet: Set<String> = []
    if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
      position += 1
      return JSONObject(keys: keys, values: values, line: objectLine)
    }
    while true {
      guard position < bytes.count, bytes[position] == JSONScanner.quote else {
        let context = keys.isEmpty ? "a string key or '}'" : "a string key after ','"
        throw error(at: position, "expected \(context) in object, found \(found(at: position))")
      }
      let keyPosition = position
      let key = try parseString()
      let isDuplicate: Bool
      if keys.count < 16 {
        isDuplicate = keys.contains(key)
      } else {
        if keySet.isEmpty { keySet = Set(keys) }
        isDuplicate = !keySet.insert(key).inserted
      }
      if isDuplicate { throw InputError.duplicateColumn(location(at: keyPosition), column: key) }
      skipWhitespace()
      guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
        throw error(at: position, "expected ':' after object key, found \(found(at: position))")
      }
      position += 1
      skipWhitespace()
      keys.append(key)
      values.append(try parseValue(depth: depth))
      skipWhitespace()
      if position < bytes.count {
        if bytes[position] == UInt8(ascii: ",") {
          position += 1
          skipWhitespace()
          continue
        }
        if bytes[position] == UInt8(ascii: "}") {
          position += 1
          return JSONObject(keys: keys, values: values, line: objectLine)
        }
      }
      throw error(at: position, "expected ',' or '}' after object member, found \(found(at: position))")
    }
  }

  private mutating func parseArray(depth: Int) throws(InputError) -> [JSONValue] {
    try checkDepth(depth)
    position += 1
    skipWhitespace()
    var items: [JSONValue] = []
    if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
      position += 1
      return items
    }
    while true {
      items.append(try parseValue(depth: depth))
      skipWhitespace()
      if position < bytes.count {
        if bytes[position] == UInt8(ascii: ",") {
          position += 1
          skipWhitespace()
          continue
        }
        if bytes[position] == UInt8(ascii: "]") {
          position += 1
          return items
        }
      }
      throw error(at: position, "expected ',' or ']' after array element, found \(found(at: position))")
    }
  }

  private mutating func expectLiteral(_ word: StaticString) throws(InputError) {
    let count = word.utf8CodeUnitCount
    var matches = position + count <= bytes.count
    var k = 0
    while matches, k < count {
      matches = bytes[position + k] == word.utf8Start[k]
      k += 1
    }
    guard matches else {
      var end = position
      while end < bytes.count, end - position < 24, bytes[end] >= 0x61, bytes[end] <= 0x7A { end += 1 }
      let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<end]), as: UTF8.self)
      throw error(at: position, "expected '\(word)', found '\(text)'")
    }
    position += count
  }

  /// Parses a string starting at its opening quote. Strings without escapes
  /// (nearly all) are decoded straight from the input with no copy.
  private mutating func parseString() throws(InputError) -> String {
    let start = position
    var i = position + 1
    var isASCII = true
    while i < bytes.count {
      let byte = bytes[i]
      if byte == JSONScanner.quote || byte == JSONScanner.backslash || byte < 0x20 { break }
      if byte >= 0x80 { isASCII = false }
      i += 1
    }
    if i < bytes.count, bytes[i] == JSONScanner.quote {
      let content = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<i])
      position = i + 1
      if isASCII { return String(decoding: content, as: UTF8.self) }
      guard let text = String(validating: content, as: UTF8.self) else {
        throw error(at: start, "string is not valid UTF-8; expected UTF-8 text")
      }
      return text
    }
    var buffer = Array(bytes[(start + 1)..<i])
    while true {
      guard i < bytes.count else {
        throw error(at: start, "unterminated string; expected a closing '\"'")
      }
      let byte = bytes[i]
      if byte == JSONScanner.quote { break }
      if byte < 0x20 {
        throw error(
          at: i, "unexpected \(found(at: i)) in a string; expected control characters escaped (\\n, \\t, \\u0000)")
      }
      if byte != JSONScanner.backslash {
        buffer.append(byte)
        i += 1
        continue
      }
      guard i + 1 < bytes.count else {
        throw error(at: start, "unterminated string; expected a closing '\"'")
      }
      switch bytes[i + 1] {
      case JSONScanner.quote: buffer.append(JSONScanner.quote)
      case JSONScanner.backslash: buffer.append(JSONScanner.backslash)
      case UInt8(ascii: "/"): buffer.append(UInt8(ascii: "/"))
      case UInt8(ascii: "b"): buffer.append(0x08)
      case UInt8(ascii: "f"): buffer.append(0x0C)
      case UInt8(ascii: "n"): buffer.append(0x0A)
      case UInt8(ascii: "r"): buffer.append(0x0D)
      case UInt8(ascii: "t"): buffer.append(0x09)
      case UInt8(ascii: "u"):
        let scalar = try unicodeEscape(at: i)
        buffer.append(contentsOf: UTF8.encode(scalar)!)
        i += scalar.value > 0xFFFF ? 12 : 6
        continue
      default:
        throw error(
          at: i,
          "invalid escape in a string: found \(found(at: i + 1)) after '\\'; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
      }
      i += 2
    }
    position = i + 1
    guard let text = String(validating: buffer, as: UTF8.self) else {
      throw error(at: start, "string is not valid UTF-8; expected UTF-8 text")
    }
    return text
  }

  /// Reads `\uXXXX` at `index`, joining a UTF-16 surrogate pair written as two
  /// escapes; a lone surrogate is an error because it is not a character.
  private func unicodeEscape(at index: Int) throws(InputError) -> Unicode.Scalar {
    let high = try hexQuad(at: index + 2, escapeAt: index)
    switch high {
    case 0xD800...0xDBFF:
      guard index + 7 < bytes.count, bytes[index + 6] == JSONScanner.backslash, bytes[index + 7] == UInt8(ascii: "u")
      else {
        throw error(at: index, "unpaired surrogate \\u\(hex4(high)); expected a low surrogate \\uDC00-\\uDFFF to follow")
      }
      let low = try hexQuad(at: index + 8, escapeAt: index + 6)
      guard (0xDC00...0xDFFF).contains(low) else {
        throw error(at: index, "unpaired surrogate \\u\(hex4(high)); expected a low surrogate \\uDC00-\\uDFFF to follow")
      }
      return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
    case 0xDC00...0xDFFF:
      throw error(at: index, "unpaired surrogate \\u\(hex4(high)); expected a high surrogate \\uD800-\\uDBFF before it")
    default:
      return Unicode.Scalar(high)!
    }
  }

  private func hexQuad(at index: Int, escapeAt escape: Int) throws(InputError) -> UInt32 {
    var value: UInt32 = 0
    for k in 0..<4 {
      let i = index + k
      guard i < bytes.count else {
        throw error(at: escape, "incomplete \\u escape; expected four hex digits")
      }
      let byte = bytes[i]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default:
        throw error(at: escape, "invalid \\u escape: found \(found(at: i)); expected four hex digits")
      }
      value = value << 4 | UInt32(digit)
    }
    return value
  }

  private func hex4(_ value: UInt32) -> String {
    ByteText.hex(UInt8(value >> 8)) + ByteText.hex(UInt8(value & 0xFF))
  }

  /// Checks the JSON number grammar (no leading `+`, no leading zeros, no
  /// bare `.` or exponent), then converts with ``Cell``'s correctly rounded
  /// reader.
  private mutating func parseNumber() throws(InputError) -> Double {
    let start = position
    var i = position
    func isDigit(_ index: Int) -> Bool {
      index < bytes.count && bytes[index] &- 0x30 < 10
    }
    if bytes[i] == UInt8(ascii: "-") {
      i += 1
      guard isDigit(i) else { throw error(at: i, "expected a digit after '-', found \(found(at: i))") }
    }
    if bytes[i] == UInt8(ascii: "0") {
      i += 1
      if isDigit(i) {
        throw error(at: i, "unexpected digit after a leading 0; expected '.', 'e' or the end of the number")
      }
    } else {
      while isDigit(i) { i += 1 }
    }
    if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
      i += 1
      guard isDigit(i) else { throw error(at: i, "expected a digit after '.', found \(found(at: i))") }
      while isDigit(i) { i += 1 }
    }
    if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
      i += 1
      if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
      guard isDigit(i) else { throw error(at: i, "expected a digit in the exponent, found \(found(at: i))") }
      while isDigit(i) { i += 1 }
    }
    let text = UnsafeBufferPointer(rebasing: bytes[start..<i])
    guard let value = Cell.decimal(text) else {
      let shown = String(decoding: text.prefix(40), as: UTF8.self) + (text.count > 40 ? "…" : "")
      throw error(at: start, "number \(shown) is out of range; expected a finite number within ±1.8e308")
    }
    position = i
    return value
  }
}
