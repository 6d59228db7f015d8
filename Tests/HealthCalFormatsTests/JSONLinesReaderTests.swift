import Foundation
import Testing

@testable import HealthCal
@testable import HealthCalFormats

private func objects(_ text: String, chunkSize: Int = 1 << 20) throws -> [(Int, JSONObject)] {
  var reader = JSONLinesReader(bytes: Array(text.utf8), name: "s.jsonl", chunkSize: chunkSize)
  var result: [(Int, JSONObject)] = []
  try reader.forEachObject { line, object in result.append((line, object)) }
  return result
}

private func linesError(_ text: String) -> InputError? {
  var first: InputError?
  for chunkSize in [1, 2, 7, 1 << 20] {
    do {
      _ = try objects(text, chunkSize: chunkSize)
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

@Suite struct JSONLinesReaderTests {
  @Test func linesAndObjectsAtEveryChunkSize() throws {
    let text = "\u{FEFF}{\"id\": \"a\", \"x\": 1}\r\n\n  \t\n{\"id\": \"b\"}\r{\"id\": \"c\", \"s\": \"é\"}\n\n"
    for chunkSize in [1, 2, 3, 5, 8, 1 << 20] {
      let got = try objects(text, chunkSize: chunkSize)
      #expect(got.map(\.0) == [1, 4, 5], "chunk size \(chunkSize)")
      #expect(got.map { $0.1.line } == [1, 4, 5])
      #expect(got.map { $0.1["id"] } == [.string("a"), .string("b"), .string("c")])
      #expect(got.last?.1["s"] == .string("é"))
    }
  }

  @Test func emptyInput() throws {
    #expect(try objects("").isEmpty)
    #expect(try objects("\n \n").isEmpty)
  }

  @Test func lastLineWithoutNewline() throws {
    #expect(try objects("{}\n{\"a\":1}").map(\.0) == [1, 2])
  }

  @Test func nonObjectLineIsAnError() {
    #expect(
      linesError("{}\n  [1, 2]\n")
        == .malformed(SourceLocation(file: "s.jsonl", line: 2, column: 3), detail: "expected a JSON object on each line, found an array"))
    #expect(
      linesError("\"x\"")
        == .malformed(SourceLocation(file: "s.jsonl", line: 1, column: 1), detail: "expected a JSON object on each line, found a string"))
    #expect(
      linesError("{}\n\nnull")
        == .malformed(SourceLocation(file: "s.jsonl", line: 3, column: 1), detail: "expected a JSON object on each line, found null"))
  }

  @Test func parseErrorsCarryFileLines() {
    #expect(
      linesError("{}\r\n{}\r\n{\"a\": 1 \"b\": 2}\r\n")
        == .malformed(
          SourceLocation(file: "s.jsonl", line: 3, column: 9), detail: "expected ',' or '}' after object member, found '\"'"))
  }

  @Test func objectSpanningLinesIsAnError() {
    #expect(
      linesError("{\"a\":\n1}")
        == .malformed(SourceLocation(file: "s.jsonl", line: 1, column: 6), detail: "unexpected end of input; expected a value"))
  }

  @Test func duplicateKeysCarryLines() {
    #expect(
      linesError("{}\n{\"a\":1,\"a\":2}")
        == .duplicateColumn(SourceLocation(file: "s.jsonl", line: 2, column: 8), column: "a"))
  }

  @Test func lineOverTheCap() {
    var reader = JSONLinesReader(bytes: Array("{}\n{\"a\": 123456}\n".utf8), name: "s.jsonl", chunkSize: 2, maxLineBytes: 8)
    #expect(
      throws: InputError.malformed(
        SourceLocation(file: "s.jsonl", line: 2), detail: "line longer than 8 bytes; expected at most 8 bytes per line")
    ) {
      try reader.forEachObject { _, _ in }
    }
  }

  @Test func readsFiles() throws {
    let path = NSTemporaryDirectory() + "healthcal-jsonl-\(UUID().uuidString).jsonl"
    try Data("{\"a\":1}\n{\"a\":2}\n".utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    var reader = try JSONLinesReader(path: path, chunkSize: 3)
    #expect(reader.name == path)
    var values: [JSONValue?] = []
    try reader.forEachObject { _, object in values.append(object["a"]) }
    #expect(values == [.number(1), .number(2)])
  }

  @Test func missingFileIsUnreadable() {
    #expect(throws: InputError.unreadable(file: "/nonexistent/s.jsonl", reason: "No such file or directory")) {
      _ = try JSONLinesReader(path: "/nonexistent/s.jsonl")
    }
  }
}
