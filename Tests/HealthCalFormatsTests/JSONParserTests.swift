import Testing

@testable import HealthCal
@testable import HealthCalFormats

private func parse(_ text: String, firstLine: Int = 1) throws(InputError) -> JSONValue {
  var copy = text
  let result = copy.withUTF8 { bytes in
    Result { () throws(InputError) -> JSONValue in try JSONParser.parse(bytes, file: "m.json", firstLine: firstLine) }
  }
  return try result.get()
}

private func parseError(_ text: String, firstLine: Int = 1) -> InputError? {
  do {
    _ = try parse(text, firstLine: firstLine)
    return nil
  } catch {
    return error
  }
}

private func malformed(_ line: Int, _ column: Int, _ detail: String) -> InputError {
  .malformed(SourceLocation(file: "m.json", line: line, column: column), detail: detail)
}

@Suite struct JSONParserTests {
  @Test func scalars() throws {
    #expect(try parse("null") == .null)
    #expect(try parse("true") == .bool(true))
    #expect(try parse(" false ") == .bool(false))
    #expect(try parse("-12.5e1") == .number(-125))
    #expect(try parse("0") == .number(0))
    #expect(try parse("-0") == .number(0))
    #expect(try parse("\"hi\"") == .string("hi"))
  }

  @Test func objectsKeepOrderAndLine() throws {
    let value = try parse("\n\n  {\"b\": 1, \"a\": [true, null], \"c\": {\n\"d\": \"x\"}}")
    guard case .object(let object) = value else {
      Issue.record("expected an object")
      return
    }
    #expect(object.keys == ["b", "a", "c"])
    #expect(object.line == 3)
    #expect(object["a"] == .array([.bool(true), .null]))
    #expect(object["missing"] == nil)
    guard case .object(let inner)? = object["c"] else {
      Issue.record("expected an inner object")
      return
    }
    #expect(inner.line == 3)
    #expect(inner["d"] == .string("x"))
  }

  @Test func firstLineOffsetsLines() throws {
    guard case .object(let object) = try parse("{}", firstLine: 41) else {
      Issue.record("expected an object")
      return
    }
    #expect(object.line == 41)
    #expect(parseError("{\"a\" 1}", firstLine: 41) == malformed(41, 6, "expected ':' after object key, found '1'"))
  }

  @Test func lineIsIgnoredByEquality() throws {
    var built = JSONObject([("a", .number(1))])
    let parsed = try parse("\n{\"a\":1}")
    #expect(parsed == .object(built))
    built.line = 99
    #expect(parsed == .object(built))
    #expect(parsed.hashValue == JSONValue.object(built).hashValue)
    #expect(JSONValue.object(JSONObject([("a", .null), ("b", .null)])) != .object(JSONObject([("b", .null), ("a", .null)])))
  }

  @Test func stringEscapes() throws {
    #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{8}\u{C}\n\r\t"))
    #expect(try parse(#""\u00e9\u0041\u20AC""#) == .string("éA€"))
    #expect(try parse(#""\ud83d\ude00!""#) == .string("😀!"))
    #expect(try parse("\"Zoë 日本\"") == .string("Zoë 日本"))
    #expect(try parse(#""\u0000""#) == .string("\u{0}"))
  }

  @Test func byteOrderMarkIsSkipped() throws {
    #expect(try parse("\u{FEFF}[1]") == .array([.number(1)]))
  }

  @Test func emptyContainers() throws {
    #expect(try parse("[ ]") == .array([]))
    #expect(try parse("{ }") == .object(JSONObject([])))
  }

  @Test func errorMessagesNameExpectedAndFound() {
    #expect(parseError("{\"a\": 1 x}") == malformed(1, 9, "expected ',' or '}' after object member, found 'x'"))
    #expect(parseError("[1 2]") == malformed(1, 4, "expected ',' or ']' after array element, found '2'"))
    #expect(parseError("{1: 2}") == malformed(1, 2, "expected a string key or '}' in object, found '1'"))
    #expect(parseError("{\"a\": 1,}") == malformed(1, 9, "expected a string key after ',' in object, found '}'"))
    #expect(parseError("[1,]") == malformed(1, 4, "expected a value, found ']'"))
    #expect(parseError("") == malformed(1, 1, "unexpected end of input; expected a value"))
    #expect(parseError("[1") == malformed(1, 3, "expected ',' or ']' after array element, found end of input"))
    #expect(parseError("{\"a\"") == malformed(1, 5, "expected ':' after object key, found end of input"))
    #expect(parseError("1 2") == malformed(1, 3, "unexpected '2' after the JSON value; expected the end of the input"))
    #expect(parseError("tru") == malformed(1, 1, "expected 'true', found 'tru'"))
    #expect(parseError("nul1") == malformed(1, 1, "expected 'null', found 'nul'"))
    #expect(parseError("True") == malformed(1, 1, "expected a value, found 'T'"))
    #expect(parseError("'a'") == malformed(1, 1, "expected a value, found '''"))
  }

  @Test func columnsCountCharactersNotBytes() {
    #expect(parseError("{\"é日\": 1 x}") == malformed(1, 10, "expected ',' or '}' after object member, found 'x'"))
  }

  @Test func linesCountEveryLineEnding() {
    #expect(parseError("[\n1,\r\n2,\r3 x]") == malformed(4, 3, "expected ',' or ']' after array element, found 'x'"))
  }

  @Test func numberGrammar() {
    #expect(parseError("01") == malformed(1, 2, "unexpected digit after a leading 0; expected '.', 'e' or the end of the number"))
    #expect(parseError("-") == malformed(1, 2, "expected a digit after '-', found end of input"))
    #expect(parseError("-a") == malformed(1, 2, "expected a digit after '-', found 'a'"))
    #expect(parseError("1.") == malformed(1, 3, "expected a digit after '.', found end of input"))
    #expect(parseError("1.e5") == malformed(1, 3, "expected a digit after '.', found 'e'"))
    #expect(parseError("1e") == malformed(1, 3, "expected a digit in the exponent, found end of input"))
    #expect(parseError("1e+") == malformed(1, 4, "expected a digit in the exponent, found end of input"))
    #expect(parseError("+1") == malformed(1, 1, "expected a value, found '+'"))
    #expect(parseError(".5") == malformed(1, 1, "expected a value, found '.'"))
    #expect(parseError("NaN") == malformed(1, 1, "expected a value, found 'N'"))
  }

  @Test func numbersAreCorrectlyRounded() throws {
    for text in ["0.1", "1e-7", "2.2250738585072011e-308", "123456789012345678901234567890", "1e-400", "-1.5E+3"] {
      #expect(try parse(text) == .number(Double(text)!), "\(text)")
    }
  }

  @Test func overflowingNumbersAreErrors() {
    #expect(parseError("[1, 1e400]") == malformed(1, 5, "number 1e400 is out of range; expected a finite number within ±1.8e308"))
    #expect(parseError("-1e309") == malformed(1, 1, "number -1e309 is out of range; expected a finite number within ±1.8e308"))
  }

  @Test func stringErrors() {
    #expect(parseError("\"abc") == malformed(1, 1, "unterminated string; expected a closing '\"'"))
    #expect(parseError("\"a\\") == malformed(1, 1, "unterminated string; expected a closing '\"'"))
    #expect(
      parseError("\"a\nb\"")
        == malformed(1, 3, "unexpected a line feed in a string; expected control characters escaped (\\n, \\t, \\u0000)"))
    #expect(
      parseError("\"a\\x\"")
        == malformed(1, 3, "invalid escape in a string: found 'x' after '\\'; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"))
    #expect(parseError("\"\\u12G4\"") == malformed(1, 2, "invalid \\u escape: found 'G'; expected four hex digits"))
    #expect(parseError("\"\\u12") == malformed(1, 2, "incomplete \\u escape; expected four hex digits"))
    #expect(
      parseError("\"\\uD83D\"")
        == malformed(1, 2, "unpaired surrogate \\uD83D; expected a low surrogate \\uDC00-\\uDFFF to follow"))
    #expect(
      parseError("\"\\uD83D\\u0041\"")
        == malformed(1, 2, "unpaired surrogate \\uD83D; expected a low surrogate \\uDC00-\\uDFFF to follow"))
    #expect(
      parseError("\"\\uDE00\"")
        == malformed(1, 2, "unpaired surrogate \\uDE00; expected a high surrogate \\uD800-\\uDBFF before it"))
  }

  @Test func invalidUTF8IsAnError() {
    let bytes: [UInt8] = [0x5B, 0x22, 0x61, 0xFF, 0x22, 0x5D]
    let error = bytes.withUnsafeBufferPointer { buffer in
      Result { () throws(InputError) -> JSONValue in try JSONParser.parse(buffer, file: "m.json") }
    }
    #expect(throws: malformed(1, 2, "string is not valid UTF-8; expected UTF-8 text")) { try error.get() }
  }

  @Test func duplicateKeysAreErrors() {
    #expect(
      parseError("{\"a\": 1,\n \"a\": 2}") == .duplicateColumn(SourceLocation(file: "m.json", line: 2, column: 2), column: "a"))
    let many = (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
    #expect(
      parseError("{\(many), \"k7\": 0}")
        == .duplicateColumn(SourceLocation(file: "m.json", line: 1, column: many.count + 4), column: "k7"))
    #expect(parseError("[{\"a\": 1}, {\"a\": 2}]") == nil)
  }

  @Test func nestingUpToTheLimitIsAccepted() throws {
    let depth = JSONParser.maxDepth
    let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    var value = try parse(text)
    var levels = 0
    while case .array(let items) = value {
      levels += 1
      guard let first = items.first else { break }
      value = first
    }
    #expect(levels == depth)
  }

  @Test func nestingBeyondTheLimitIsAnError() {
    let depth = JSONParser.maxDepth + 1
    #expect(
      parseError(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        == malformed(1, depth, "nesting deeper than 512 levels; expected at most 512 nested arrays and objects"))
    #expect(
      parseError(String(repeating: "{\"a\":", count: 100_000))
        == malformed(1, 5 * 512 + 1, "nesting deeper than 512 levels; expected at most 512 nested arrays and objects"))
  }

  @Test func stringOverload() throws {
    #expect(try JSONParser.parse("{\"a\": [1, 2]}", file: "m.json") == .object(JSONObject([("a", .array([.number(1), .number(2)]))])))
    #expect(throws: malformed(1, 1, "expected a value, found 'x'")) { try JSONParser.parse("x", file: "m.json") }
  }
}
