import Testing
@testable import HealthCal
@testable import HealthCalFormats

/// Cells as exports write them: percentages, thousands separators, labels.
@Suite struct ExportCellTests {
  static func read(_ text: String, percent: Bool) -> Double? {
    var copy = text
    return copy.withUTF8 { Cell.signal($0, percent: percent) }
  }

  @Test func percentagesAreTheSameDoubleAsTheirFraction() {
    for (written, fraction) in [("45%", "0.45"), ("12.34%", "0.1234"), (" 88.7 %", "0.887"), ("-3%", "-0.03"), ("0.5%", "0.005"), ("100%", "1")] {
      #expect(Self.read(written, percent: true) == Double(fraction)!, "\(written)")
    }
    #expect(Self.read("45%", percent: false) == nil)
    #expect(Self.read("%", percent: true) == nil)
    #expect(Self.read("1e2%", percent: true) == 1)
    #expect(Self.read("12345678901234567890123%", percent: true) == 123456789012345678901.23)
    #expect(Self.read("0.45", percent: true) == 0.45)
  }

  /// `"percent": true` on a model's signal reads that column's percentages,
  /// and only that column's.
  @Test func aModelSignalCanReadPercentages() throws {
    let json = #"{"schema": 1, "name": "m", "components": [{"name": "c", "weight": 1, "signals": ["#
      + #"{"column": "util", "transform": {"type": "linear", "low": 0, "high": 1}, "percent": true}, "#
      + #"{"column": "x", "transform": {"type": "linear", "low": 0, "high": 1}}]}]}"#
    let model = try HealthModel(json: try JSONParser.parse(json, file: "m.json"), file: "m.json")
    #expect(model.percentColumns == ["util"])
    #expect(try HealthModel(json: model.json, file: "m.json") == model)
    var reader = CSVReader(bytes: Array("account_id,as_of,util,x\nA,2025-01-01,45%,0.5\n".utf8), name: "s.csv")
    var log = IssueLog(stopsAtFirst: true)
    let table = try SnapshotLoader.load(csv: &reader, settings: ImportSettings().reading(model), log: &log)
    #expect(table.value(row: 0, signal: 0) == 0.45)
    var percentInX = CSVReader(bytes: Array("account_id,as_of,util,x\nA,2025-01-01,45%,50%\n".utf8), name: "s.csv")
    #expect(throws: InputError.self) { _ = try SnapshotLoader.load(csv: &percentInX, settings: ImportSettings().reading(model), log: &log) }
  }

  @Test func expectationsSayHowToFixCommonShapes() {
    func expectation(_ text: String, percent: Bool = false) -> String {
      var copy = text
      return copy.withUTF8 { Cell.signalExpectation(for: $0, percent: percent) }
    }
    #expect(expectation("45%").contains("pass --percent"))
    #expect(expectation("1,234.5").contains("thousands separators are not read"))
    #expect(expectation("1,2,3").contains("thousands separators are not read"))
    #expect(expectation("abc") == "a finite number, a boolean (true/false/1/0/yes/no) or an empty cell")
    #expect(!expectation("45%", percent: true).contains("--percent"))
  }

  @Test func unusedColumnsAreProfiledNotChecked() throws {
    var reader = CSVReader(bytes: Array("""
      account_id,as_of,x,plan,seats,active,renewal,note
      A,2025-01-01,1,Gold,10,yes,2026-01-01,
      B,2025-01-01,2,Silver,12.5,no,2026-02-01,
      C,2025-01-01,3,,1,1,,
      """.utf8), name: "s.csv")
    var log = IssueLog(stopsAtFirst: false)
    let builder = try SnapshotLoader.feed(csv: &reader, settings: ImportSettings(signalColumns: ["x"]), log: &log) { builder in
      var profiling = builder
      profiling.profilesUnused = true
      return profiling
    }!
    #expect(log.isEmpty)
    #expect(builder.profiles.map(\.name) == ["plan", "seats", "active", "renewal", "note"])
    #expect(builder.profiles.map(\.kind) == [.text, .numeric, .boolean, .date, .empty])
    let table = try builder.finish(log: &log)
    #expect(table.signalNames == ["x"])
    #expect(table.fileColumns == ["x", "plan", "seats", "active", "renewal", "note"])
  }

  @Test func readingEveryColumnLeavesTextOutAndSaysWhyWhenAModelAsks() throws {
    var reader = CSVReader(bytes: Array("account_id,as_of,x,plan\nA,2025-01-01,1,Gold\nB,2025-01-01,2,5\n".utf8), name: "s.csv")
    var log = IssueLog(stopsAtFirst: true)
    let table = try SnapshotLoader.load(csv: &reader, log: &log)
    #expect(table.signalNames == ["x"])
    #expect(table.value(row: 1, signal: 0) == 2)
    let model = HealthModel(name: "m", components: [Component(name: "c", weight: 1, signals: [Signal(column: "plan", transform: .linear(low: 0, high: 1))])])
    #expect(throws: InputError.invalidValue(
      SourceLocation(file: "s.csv", line: 2, column: 4), column: "plan",
      expected: "a finite number, a boolean (true/false/1/0/yes/no) or an empty cell", found: "Gold"))
    {
      _ = try Scorer(model: model, table: table, modelSource: "m.json")
    }
  }

  @Test func aMappingRenamesHeadersAndOutcomeWords() throws {
    var reader = CSVReader(bytes: Array("Account ID,Day,Usage\nA,03/01/2025,0.5\n".utf8), name: "s.csv")
    var log = IssueLog(stopsAtFirst: true)
    var settings = ImportSettings(
      columns: ["account_id": "Account ID", "as_of": "Day", "usage": "Usage"], outcomeColumns: ["outcome": "Status", "date": "Closed"],
      outcomeValues: OutcomeValues(churned: ["Lost"], renewed: ["Won", "Active"]), dateFormat: .monthDayYear)
    settings.signalColumns = ["usage"]
    let table = try SnapshotLoader.load(csv: &reader, settings: settings, log: &log)
    #expect(table.accountIDs == ["A"])
    #expect(table.date(ofRow: 0) == CalendarDate(iso: "2025-03-01"))
    #expect(table.signalNames == ["usage"])
    var outcomesReader = CSVReader(bytes: Array("Account ID,Status,Closed\nA, lost ,06/01/2025\n".utf8), name: "o.csv")
    let outcomes = try OutcomeLoader.load(csv: &outcomesReader, snapshots: table, settings: settings, log: &log)
    #expect(outcomes.map(\.kind) == [.churned])
    #expect(outcomes.map(\.date) == [CalendarDate(iso: "2025-06-01")])
  }
}
