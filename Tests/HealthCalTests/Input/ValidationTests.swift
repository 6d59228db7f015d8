import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal

/// `validate` lists every problem in one streamed pass.
@Suite struct ValidationTests {
  /// Validates files written to a temporary directory; messages are returned
  /// with the directory removed from file names.
  static func validate(_ files: [String: String], model: HealthModel? = nil) throws -> (validation: Validation, messages: [String]) {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    for (name, text) in files {
      try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    let snapshots = directory.appendingPathComponent(files.keys.first { $0.hasPrefix("s.") }!).path
    let outcomes = files["o.csv"].map { _ in directory.appendingPathComponent("o.csv").path }
    let validation = Validation(snapshotsPath: snapshots, outcomesPath: outcomes, model: model, modelSource: "m.json")
    return (validation, validation.issues.map { $0.description.replacingOccurrences(of: directory.path + "/", with: "") })
  }

  @Test func everyProblemIsListedInFileOrder() throws {
    let (validation, messages) = try Self.validate([
      "s.csv": "account_id,as_of,x\nA,2025-01-01,1\nA,2025-02-30,2\nB,2025-01-01,oops\nB,2025-02-01,3\n",
      "o.csv": "account_id,outcome,date\nA,renewed,2025-05-01\nZ,churned,2025-05-01\n",
    ], model: HealthModel(
      name: "m", components: [Component(name: "c", weight: 100, signals: [Signal(column: "y", transform: .linear(low: 0, high: 1))])],
      bands: Bands(redBelow: 50, greenAtOrAbove: 70)))
    // The model does not read x, so its "oops" is the export's business.
    #expect(messages == [
      #"s.csv:3:2: column "as_of": expected a date YYYY-MM-DD, found "2025-02-30""#,
      #"o.csv:3:1: outcome for unknown account "Z"; expected an account present in the snapshots"#,
      #"m.json: model uses column "y", which the snapshots do not have; available: x"#,
    ])
    #expect(validation.snapshotRows == 3)
    #expect(validation.accounts == 2)
    #expect(validation.signalColumns == [])
    #expect(validation.unusedColumns.map(\.name) == ["x"])
    #expect(validation.unusedColumns.first?.kind == .text)
  }

  /// A model reading `columns` with linear transforms.
  static func model(reading columns: [String]) -> HealthModel {
    HealthModel(
      name: "m", components: [Component(name: "c", weight: 100, signals: columns.map { Signal(column: $0, transform: .linear(low: 0, high: 1)) })])
  }

  @Test func jsonLinesValueProblemsBeforeASyntaxErrorAreListedToo() throws {
    let (_, messages) = try Self.validate([
      "s.jsonl": """
        {"account_id": "A", "as_of": "2025-01-01", "x": 1}
        {"account_id": "A", "as_of": "2025-02-01", "x": "oops"}
        {"account_id": "A", "as_of": "2025-03-01", "x": 3}
        {"account_id": "A", "as_of": 
        """
    ], model: Self.model(reading: ["x"]))
    #expect(messages.count == 2)
    #expect(messages.first == #"s.jsonl:2: column "x": expected a finite number, a boolean (true/false/1/0/yes/no) or an empty cell, found "oops""#)
    #expect(messages.last?.hasPrefix("s.jsonl:4:") == true)
  }

  @Test func unusedJSONLinesKeysAreListedWithTheirKind() throws {
    let (validation, messages) = try Self.validate([
      "s.jsonl": #"{"account_id": "A", "as_of": "2025-01-01", "x": 1, "plan": "Gold", "seats": 3, "active": true}"# + "\n"
        + #"{"account_id": "B", "as_of": "2025-01-01", "x": 2, "plan": null, "seats": 4.5, "active": false, "renewal": "2026-01-01"}"#
    ], model: Self.model(reading: ["x"]))
    #expect(messages.isEmpty)
    #expect(validation.unusedColumns.map(\.name) == ["plan", "seats", "active", "renewal"])
    #expect(validation.unusedColumns.map(\.kind) == [.text, .numeric, .boolean, .date])
  }

  /// One systematic problem (a text column where numbers belong) is three
  /// examples and a count, and does not hide a distinct problem behind it.
  @Test func aSystematicProblemDoesNotHideADistinctOne() throws {
    var csv = "account_id,as_of,x,y\n"
    for i in 0..<2000 { csv += "A\(i),2025-01-01,oops,\(i == 1500 ? "bad" : "1")\n" }
    let (validation, messages) = try Self.validate(["s.csv": csv], model: Self.model(reading: ["x", "y"]))
    #expect(messages.count == 4)
    #expect(messages[3].hasPrefix("s.csv:1502:4: column \"y\""))
    #expect(validation.repeats.count == 1)
    #expect(validation.repeats[0].more == 1997)
    #expect(validation.repeats[0].example.moreLikeThis(1997).hasSuffix(": column \"x\": 1997 more rows like the above (expected a finite number, a boolean (true/false/1/0/yes/no) or an empty cell)"))
    #expect(validation.suppressedCount == 0)
    #expect(!validation.isValid)
  }
}

