import Testing
@testable import HealthCal
@testable import HealthCalFormats

/// Text labels carry weight through a `category` transform.
@Suite struct CategoryTransformTests {
  static let tier = Transform.category(labels: ["premier", "standard", "basic"], scores: [100, 70, 40], other: 50)
  static let model = HealthModel(
    name: "tiers",
    components: [
      Component(name: "usage", weight: 50, signals: [Signal(column: "x", transform: .linear(low: 0, high: 1))]),
      Component(name: "plan", weight: 50, signals: [Signal(column: "tier", transform: tier)]),
    ])

  static func table(_ csv: String, model: HealthModel = model) throws -> SnapshotTable {
    var reader = CSVReader(bytes: Array(csv.utf8), name: "s.csv")
    var log = IssueLog(stopsAtFirst: true)
    return try SnapshotLoader.load(csv: &reader, settings: ImportSettings().reading(model), log: &log)
  }

  @Test func labelsScoreByTheTableIgnoringCaseAndOthersScoreOther() throws {
    let table = try Self.table("account_id,as_of,x,tier\nA,2025-01-01,1,Premier\nB,2025-01-01,1, basic \nC,2025-01-01,1,trial\nD,2025-01-01,1,\n")
    let scorer = try Scorer(model: Self.model, table: table, modelSource: "m")
    #expect((0..<4).map { scorer.signalScore(row: $0, component: 1, signal: 0) } == [100, 40, 50, 50])
    #expect((0..<4).map { scorer.score(row: $0)?.score } == [100, 70, 75, 75])
    #expect(scorer.label(row: 1, component: 1, signal: 0) == "basic")
    #expect(scorer.label(row: 3, component: 1, signal: 0) == nil)
  }

  @Test func aLabelWithoutAScoreOrOtherIsRefusedWhereItFirstAppears() throws {
    var model = Self.model
    model.components[1].signals[0].transform = .category(labels: ["premier"], scores: [100], other: nil)
    let table = try Self.table("account_id,as_of,x,tier\nA,2025-01-01,1,premier\nB,2025-01-01,1,basic\nC,2025-02-01,1,basic\n", model: model)
    #expect(throws: InputError.self) { _ = try Scorer(model: model, table: table, modelSource: "m") }
    do {
      _ = try Scorer(model: model, table: table, modelSource: "m")
    } catch {
      #expect(error.location == SourceLocation(file: "s.csv", line: 3, column: 4))
    }
  }

  @Test func modelJSONRoundTripsAndChecksLabels() throws {
    let json = Self.model.json
    #expect(try HealthModel(json: json, file: "m.json") == Self.model)
    var twice = Self.model
    twice.components[1].signals[0].transform = .category(labels: ["Basic", "basic"], scores: [1, 2], other: nil)
    #expect(throws: InputError.self) { try twice.validate(file: "m.json") }
    var outOfRange = Self.model
    outOfRange.components[1].signals[0].transform = .category(labels: ["basic"], scores: [120], other: nil)
    #expect(throws: InputError.self) { try outOfRange.validate(file: "m.json") }
    var mixed = Self.model
    mixed.components[0].signals.append(Signal(column: "tier", transform: .linear(low: 0, high: 1)))
    #expect(throws: InputError.self) { try mixed.validate(file: "m.json") }
  }

  @Test func aTableReadAsLabelsIsNotReadAsNumbersByAnotherModel() throws {
    let table = try Self.table("account_id,as_of,x,tier\nA,2025-01-01,1,premier\n")
    let numeric = HealthModel(name: "n", components: [Component(name: "c", weight: 1, signals: [Signal(column: "tier", transform: .linear(low: 0, high: 1))])])
    #expect(throws: InputError.self) { _ = try Scorer(model: numeric, table: table, modelSource: "n") }
  }
}
