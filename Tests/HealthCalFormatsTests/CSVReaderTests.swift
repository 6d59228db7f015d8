import Foundation
import Testing

@testable import HealthCal
@testable import HealthCalFormats

/// A record copied out of the reader's buffer.
private struct Row: Equatable, CustomStringConvertible {
  var line: Int
  var fields: [String]
  var description: String { "\(line): \(fields)" }
}

/// Reads all records with the given chunk size.
private func rows(_ text: String, chunkSize: Int = 1 << 20, maxFieldBytes: Int = 1 << 20) throws -> [Row] {
  try rows(Array(text.utf8), chunkSize: chunkSize, maxFieldBytes: maxFieldBytes)
}

private func rows(_ bytes: [UInt8], chunkSize: Int = 1 << 20, maxFieldBytes: Int = 1 << 20) throws -> [Row] {
  var reader = CSVReader(bytes: bytes, name: "t.csv", chunkSize: chunkSize, maxFieldBytes: maxFieldBytes)
  var result: [Row] = []
  try reader.forEachRecord { record in
    result.append(Row(line: record.line, fields: (0..<record.count).map { record.string($0) }))
  }
  return result
}

/// Asserts the same rows come out whatever the chunk size, so every chunk
/// boundary position inside quotes, CRLF pairs and the BOM is exercised.
private func expectRows(_ text: String, _ expected: [Row], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
  for chunkSize in [1, 2, 3, 4, 5, 7, 16, 1 << 20] {
    let got = try rows(text, chunkSize: chunkSize)
    #expect(got == expected, "chunk size \(chunkSize)", sourceLocation: sourceLocation)
  }
}

/// The error thrown for `text`, the same at every chunk size.
private func csvError(_ text: String, maxFieldBytes: Int = 1 << 20) -> InputError? {
  var first: InputError?
  for chunkSize in [1, 2, 3, 5, 1 << 20] {
    do {
      _ = try rows(text, chunkSize: chunkSize, maxFieldBytes: maxFieldBytes)
      return nil
    } catch let error as InputError {
      if let first, first != error { return nil }
      first = error
    } catch {
      return nil
    }
  }
  return first
}

private func location(_ line: Int, _ column: Int? = nil) -> HealthCalFormats.SourceLocation {
  HealthCalFormats.SourceLocation(file: "t.csv", line: line, column: column)
}

@Suite struct CSVReaderTests {
  @Test func plainRecords() throws {
    try expectRows("a,b,c\n1,2,3\n", [Row(line: 1, fields: ["a", "b", "c"]), Row(line: 2, fields: ["1", "2", "3"])])
  }

  @Test func lastRecordWithoutNewline() throws {
    try expectRows("a,b\n1,2", [Row(line: 1, fields: ["a", "b"]), Row(line: 2, fields: ["1", "2"])])
  }

  @Test func emptyInputHasNoRecords() throws {
    try expectRows("", [])
    try expectRows("\n\n", [])
    try expectRows("\u{FEFF}", [])
  }

  @Test func emptyFieldsAndTrailingComma() throws {
    try expectRows(",a,,\n", [Row(line: 1, fields: ["", "a", "", ""])])
    try expectRows("a,", [Row(line: 1, fields: ["a", ""])])
  }

  @Test func spacesAreKept() throws {
    try expectRows(" a , b \n", [Row(line: 1, fields: [" a ", " b "])])
  }

  @Test func quotedFieldsWithCommasAndQuotes() throws {
    try expectRows(
      "\"a,b\",\"say \"\"hi\"\"\",\"\"\n",
      [Row(line: 1, fields: ["a,b", "say \"hi\"", ""])])
    try expectRows("\"\"\"\"", [Row(line: 1, fields: ["\""])])
    try expectRows("x,\"a\"\"\"\"b\"", [Row(line: 1, fields: ["x", "a\"\"b"])])
  }

  @Test func quotedFieldsWithNewlinesCountLines() throws {
    try expectRows(
      "h1,h2\n\"two\nlines\",x\n\"three\r\nline\rfield\",y\nlast,z\n",
      [
        Row(line: 1, fields: ["h1", "h2"]),
        Row(line: 2, fields: ["two\nlines", "x"]),
        Row(line: 4, fields: ["three\r\nline\rfield", "y"]),
        Row(line: 7, fields: ["last", "z"]),
      ])
  }

  @Test func lineEndings() throws {
    let expected = [Row(line: 1, fields: ["a", "b"]), Row(line: 2, fields: ["1", "2"]), Row(line: 3, fields: ["3", "4"])]
    try expectRows("a,b\r\n1,2\r\n3,4\r\n", expected)
    try expectRows("a,b\r1,2\r3,4\r", expected)
    try expectRows("a,b\n1,2\r\n3,4\r", expected)
    try expectRows("a,b\r\n1,2\r\n3,4", expected)
  }

  @Test func quotedFieldEndingRecordAtEveryEnding() throws {
    let expected = [Row(line: 1, fields: ["a"]), Row(line: 2, fields: ["b"])]
    try expectRows("\"a\"\n\"b\"", expected)
    try expectRows("\"a\"\r\n\"b\"\r\n", expected)
    try expectRows("\"a\"\r\"b\"\r", expected)
  }

  @Test func blankLinesAreSkippedButCounted() throws {
    try expectRows(
      "a\n\n1\r\n\r\n2\r\r3\n\n\n",
      [Row(line: 1, fields: ["a"]), Row(line: 3, fields: ["1"]), Row(line: 5, fields: ["2"]), Row(line: 7, fields: ["3"])])
  }

  @Test func quotedEmptyFieldIsNotBlank() throws {
    try expectRows("a\n\"\"\n", [Row(line: 1, fields: ["a"]), Row(line: 2, fields: [""])])
  }

  @Test func byteOrderMarkIsStripped() throws {
    try expectRows("\u{FEFF}a,b\n1,2\n", [Row(line: 1, fields: ["a", "b"]), Row(line: 2, fields: ["1", "2"])])
    try expectRows("\u{FEFF}\"a\"", [Row(line: 1, fields: ["a"])])
  }

  @Test func byteOrderMarkOnlyAtStart() throws {
    try expectRows("a\n\u{FEFF}b\n", [Row(line: 1, fields: ["a"]), Row(line: 2, fields: ["\u{FEFF}b"])])
  }

  @Test func nonASCIIFields() throws {
    try expectRows("name\nZoë,日本\n", [Row(line: 1, fields: ["name"]), Row(line: 2, fields: ["Zoë", "日本"])])
  }

  @Test func longRecordsAcrossManyChunks() throws {
    var text = ""
    var expected: [Row] = []
    var gen = SeededGenerator(seed: 7)
    var line = 1
    for _ in 0..<200 {
      var fields: [String] = []
      var rendered: [String] = []
      for _ in 0..<(1 + gen.nextInt(below: 6)) {
        let pieces = ["a", ",", "\"", "\n", "\r\n", "é", " ", "1"]
        var field = ""
        for _ in 0..<gen.nextInt(below: 8) { field += pieces[gen.nextInt(below: pieces.count)] }
        fields.append(field)
        let needsQuotes = field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r\n" } || field.isEmpty
        rendered.append(needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field)
      }
      expected.append(Row(line: line, fields: fields))
      line += 1 + fields.reduce(0) { $0 + $1.filter { $0 == "\n" || $0 == "\r\n" }.count }
      text += rendered.joined(separator: ",") + (gen.nextInt(below: 2) == 0 ? "\n" : "\r\n")
    }
    try expectRows(text, expected)
  }

  @Test func fieldBytesAreUnescapedViews() throws {
    var reader = CSVReader(bytes: Array("\"a\"\"b\",c\n".utf8), name: "t.csv", chunkSize: 2)
    var fields: [[UInt8]] = []
    try reader.forEachRecord { record in
      fields = (0..<record.count).map { Array(record.field($0)) }
    }
    #expect(fields == [Array("a\"b".utf8), Array("c".utf8)])
  }

  @Test func readingTwiceGivesTheSameRecords() throws {
    var reader = CSVReader(bytes: Array("a\n1\n".utf8), name: "t.csv")
    var count = 0
    try reader.forEachRecord { _ in count += 1 }
    try reader.forEachRecord { _ in count += 1 }
    #expect(count == 4)
  }

  @Test func manyFieldsGrowTheFieldTable() throws {
    let fields = (0..<1000).map(String.init)
    try expectRows(fields.joined(separator: ","), [Row(line: 1, fields: fields)])
  }

  @Test func unterminatedQuote() {
    let error = csvError("a,b\n1,\"open\nmore\n")
    #expect(error == .malformed(location(2, 2), detail: "unterminated quoted field starting here; expected a closing \""))
    #expect(error?.description == "t.csv:2:2: unterminated quoted field starting here; expected a closing \"")
  }

  @Test func unterminatedQuoteAfterEscapedQuote() {
    #expect(
      csvError("\"ab\"\"") == .malformed(location(1, 1), detail: "unterminated quoted field starting here; expected a closing \""))
  }

  @Test func quoteInsideUnquotedField() {
    #expect(
      csvError("a,b,c\n1,x\"y,3\n")
        == .malformed(
          location(2, 2),
          detail: "unexpected '\"' inside an unquoted field; expected the whole field in quotes, with embedded quotes doubled (\"\")"))
  }

  @Test func quoteAfterLeadingSpaceIsInsideUnquotedField() {
    if case .malformed(let place, _)? = csvError("a, \"b\"\n") {
      #expect(place == location(1, 2))
    } else {
      Issue.record("expected a malformed error")
    }
  }

  @Test func charactersAfterClosingQuote() {
    #expect(
      csvError("a,b\n\"x\"y,2\n")
        == .malformed(location(2, 1), detail: "unexpected 'y' after a closing quote; expected ',' or the end of the line"))
    #expect(
      csvError("a,\"x\" \n")
        == .malformed(location(1, 2), detail: "unexpected a space after a closing quote; expected ',' or the end of the line"))
  }

  @Test func errorLineCountsEmbeddedNewlines() {
    #expect(
      csvError("h\n\"a\nb\",\"c\nd\"e\n")
        == .malformed(location(4, 2), detail: "unexpected 'e' after a closing quote; expected ',' or the end of the line"))
  }

  @Test func fieldOverTheCap() {
    #expect(
      csvError("a,0123456789abcdefX\n", maxFieldBytes: 16)
        == .malformed(location(1, 2), detail: "field longer than 16 bytes; expected at most 16 bytes per field"))
    #expect(
      csvError("a\n\"0123456789\nabcdefX", maxFieldBytes: 16)
        == .malformed(
          location(2, 1),
          detail: "field longer than 16 bytes (is a closing quote missing?); expected at most 16 bytes per field"))
  }

  @Test func fieldAtTheCapIsAccepted() throws {
    #expect(try rows("0123456789abcdef", chunkSize: 3, maxFieldBytes: 16) == [Row(line: 1, fields: ["0123456789abcdef"])])
    #expect(try rows("\"0123456789abcdef\"", chunkSize: 3, maxFieldBytes: 16) == [Row(line: 1, fields: ["0123456789abcdef"])])
  }

  @Test func recordOverTheCap() {
    var reader = CSVReader(bytes: Array("a,b,c,d,e,f\n".utf8), name: "t.csv", chunkSize: 2, maxRecordBytes: 6)
    #expect(throws: InputError.malformed(location(1), detail: "record longer than 6 bytes; expected at most 6 bytes per record")) {
      try reader.forEachRecord { _ in }
    }
  }

  @Test func invalidUTF8IsDetectedNotFatal() throws {
    var reader = CSVReader(bytes: [0x61, 0x2C, 0xFF, 0x62, 0x2C, 0xC3, 0xA9], name: "t.csv")
    var valid: [Bool] = []
    var strings: [String] = []
    try reader.forEachRecord { record in
      valid = (0..<record.count).map { record.isValidUTF8($0) }
      strings = (0..<record.count).map { record.string($0) }
    }
    #expect(valid == [true, false, true])
    #expect(strings == ["a", "\u{FFFD}b", "é"])
  }

  @Test func callbackErrorsPropagate() {
    struct Stop: Error {}
    var reader = CSVReader(bytes: Array("a\nb\nc\n".utf8), name: "t.csv")
    var seen = 0
    #expect(throws: Stop.self) {
      try reader.forEachRecord { _ in
        seen += 1
        if seen == 2 { throw Stop() }
      }
    }
    #expect(seen == 2)
  }

  @Test func readsFilesInChunks() throws {
    let path = NSTemporaryDirectory() + "healthcal-csv-\(UUID().uuidString).csv"
    let text = "\u{FEFF}id,note\r\nA-1,\"multi\r\nline, \"\"quoted\"\"\"\r\nA-2,plain\r\n"
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    for chunkSize in [1, 3, 64] {
      var reader = try CSVReader(path: path, chunkSize: chunkSize)
      #expect(reader.name == path)
      var got: [Row] = []
      try reader.forEachRecord { record in got.append(Row(line: record.line, fields: (0..<record.count).map(record.string))) }
      #expect(
        got == [
          Row(line: 1, fields: ["id", "note"]), Row(line: 2, fields: ["A-1", "multi\r\nline, \"quoted\""]),
          Row(line: 4, fields: ["A-2", "plain"]),
        ])
    }
  }

  @Test func missingFileIsUnreadable() {
    #expect(throws: InputError.unreadable(file: "/nonexistent/x.csv", reason: "No such file or directory")) {
      _ = try CSVReader(path: "/nonexistent/x.csv")
    }
  }

  @Test func directoryIsUnreadable() {
    #expect(throws: InputError.unreadable(file: "/tmp", reason: "is a directory")) {
      _ = try CSVReader(path: "/tmp")
    }
  }

  @Test(arguments: [1, 2, 3, 4, 5, 7, 11, 16, 1 << 20])
  func skippedRecordsAreCountedAndLaterLineNumbersStayRight(chunkSize: Int) throws {
    // Lines: 1 header, 2 A (CRLF), 3–4 a quoted B spanning a line break, 5 C
    // (lone CR), 6 D, 7 blank, 8 E without a final line break.
    let text = "h1,h2\r\nA,1\r\n\"B,\nx\",2\nC,3\rD,4\n\nE,5"
    var all = CSVReader(bytes: Array(text.utf8), name: "s.csv", chunkSize: chunkSize)
    var allLines: [Int] = []
    try all.forEachRecord { allLines.append($0.line) }
    #expect(allLines == [1, 2, 3, 5, 6, 8])

    var reader = CSVReader(bytes: Array(text.utf8), name: "s.csv", chunkSize: chunkSize)
    var delivered: [(Int, String)] = []
    let skipped = try reader.forEachRecord(skipping: { $0 != 1 }) { record in
      delivered.append((record.line, record.string(0)))
    }
    // B holds a quote, so it is scanned in full; E has no line break to find.
    #expect(delivered.map(\.0) == [1, 3, 8])
    #expect(delivered.map(\.1) == ["h1", "B,\nx", "E"])
    #expect(skipped == 3)
  }
}
