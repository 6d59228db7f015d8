import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats
@testable import HealthCalReports

/// An evaluation on the rows ``EvaluationData`` keeps equals one on the whole
/// table: every audit, comparison, explanation and search figure, byte for byte
/// in the reports that print them (so this suite lives with the report tests).
@Suite struct EvaluationDataTests {
  /// Loads `snapshots` both ways and returns (whole, kept).
  static func loadBothWays(
    snapshots: String, outcomes: String, configuration: RunSettings, models: [HealthModel], wholeAccounts: Set<String> = []
  ) throws -> (whole: EvaluationData, kept: EvaluationData) {
    let table = try SnapshotLoader.load(path: snapshots)
    let whole = EvaluationData(table: table, outcomes: try OutcomeLoader.load(path: outcomes, snapshots: table))
    let needs = EvaluationRows(configuration: configuration, models: models, wholeAccounts: wholeAccounts)
    return (whole, try EvaluationData.load(snapshots: snapshots, outcomes: outcomes, keeping: needs))
  }

  static func auditJSON(_ data: EvaluationData, model: HealthModel, configuration: RunSettings) throws -> String {
    let scorer = try Scorer(model: model, table: data.table, modelSource: "model")
    return Audit(scorer: scorer, outcomes: data.outcomes, configuration: configuration).json.serialized(pretty: true)
  }

  /// A synthetic book written to a temporary directory.
  static func book(accounts: Int, seed: UInt64, weeks: Int?) throws -> (directory: URL, snapshots: String, outcomes: String) {
    let directory = try TestData.temporaryDirectory()
    var configuration = SyntheticBookConfiguration(accounts: accounts, months: 15, seed: seed)
    configuration.weeks = weeks
    try SyntheticBook(configuration: configuration).write(to: directory.path)
    return (directory, directory.appendingPathComponent("snapshots.csv").path, directory.appendingPathComponent("outcomes.csv").path)
  }

  /// Snapshots and outcomes text written to a temporary directory the caller removes.
  static func files(
    snapshots snapshotsText: String, outcomes outcomesText: String, snapshotsName: String = "snapshots.csv"
  ) throws -> (directory: URL, snapshots: String, outcomes: String) {
    let directory = try TestData.temporaryDirectory()
    let snapshots = directory.appendingPathComponent(snapshotsName).path
    let outcomes = directory.appendingPathComponent("outcomes.csv").path
    try snapshotsText.write(toFile: snapshots, atomically: true, encoding: .utf8)
    try outcomesText.write(toFile: outcomes, atomically: true, encoding: .utf8)
    return (directory, snapshots, outcomes)
  }

  /// One horizon, no bootstrap: the hand-made cases.
  static func configuration(horizon: Int) -> RunSettings {
    var configuration = RunSettings()
    configuration.horizons = [horizon]
    configuration.bootstrapReplicates = 0
    return configuration
  }

  static let configurations: [RunSettings] = {
    var standard = RunSettings()
    standard.bootstrapReplicates = 50
    var odd = standard
    odd.horizons = [120, 45, 7]
    odd.maxStaleness = 10
    odd.atRisk = .amber
    var observed = standard
    observed.observedUntil = CalendarDate(iso: "2026-08-15")
    var landmark = standard
    landmark.design = .landmark
    var grid = odd
    grid.design = .landmark
    grid.landmarkSpacing = .days(28)
    return [standard, odd, observed, landmark, grid]
  }()

  @Test(arguments: [(seed: UInt64(1), weeks: Int?.some(52)), (2, 30), (3, nil)])
  func auditsOnKeptRowsEqualAuditsOnAllRows(seed: UInt64, weeks: Int?) throws {
    let book = try Self.book(accounts: 400, seed: seed, weeks: weeks)
    defer { try? FileManager.default.removeItem(at: book.directory) }
    for configuration in Self.configurations {
      for model in Presets.all {
        let (whole, kept) = try Self.loadBothWays(
          snapshots: book.snapshots, outcomes: book.outcomes, configuration: configuration, models: [model])
        // A monthly book in the landmark design needs about every row.
        let everyRow = weeks == nil && EvaluationPlan(table: whole.table, outcomes: whole.outcomes, configuration: configuration).design == .landmark
        #expect(kept.table.rowCount < whole.table.rowCount || everyRow)
        #expect(kept.table.fileRowCount == whole.table.rowCount)
        #expect(kept.table.fileDates == whole.table.fileDates)
        #expect(kept.table.segments == whole.table.segments)
        #expect(kept.outcomes == whole.outcomes)
        #expect(
          try Self.auditJSON(kept, model: model, configuration: configuration)
            == Self.auditJSON(whole, model: model, configuration: configuration))
      }
    }
  }

  @Test func symbolicLinksAreFollowedNotLoadedWhole() throws {
    let book = try Self.book(accounts: 50, seed: 5, weeks: 20)
    defer { try? FileManager.default.removeItem(at: book.directory) }
    let link = book.directory.appendingPathComponent("linked.csv").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: book.snapshots)
    let data = try EvaluationData.load(
      snapshots: link, outcomes: book.outcomes, keeping: EvaluationRows(configuration: RunSettings(), models: [Presets.chs4]))
    #expect(data.table.rowCount < data.table.fileRowCount)
  }

  @Test func aFileChangedBetweenThePassesIsRefused() throws {
    let (directory, snapshots, outcomes) = try Self.files(
      snapshots: "account_id,as_of,x\nA,2025-01-01,1\nA,2025-02-01,2\n", outcomes: "account_id,outcome,date\nA,renewed,2025-05-01\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    // The first pass has its bytes when this runs; the export is then replaced.
    let error = #expect(throws: InputError.self) {
      _ = try EvaluationData.load(
        snapshots: snapshots, outcomes: outcomes, keeping: EvaluationRows(configuration: RunSettings(), models: [])
      ) { pass, _ in
        if pass == 1 {
          try? "account_id,as_of,x\nA,2025-01-01,1\nA,2025-02-01,5\nA,2025-03-01,3\n".write(toFile: snapshots, atomically: true, encoding: .utf8)
        }
      }
    }
    #expect(error.map(String.init(describing:))?.contains("changed while being read") == true)
  }

  @Test func demoAuditComparisonAndExplanationAreUnchanged() throws {
    let snapshots = TestData.fixture("demo/snapshots.csv")
    let outcomes = TestData.fixture("demo/outcomes.csv")
    var configuration = RunSettings()
    configuration.bootstrapReplicates = 100
    let explained = "ACC-000007"
    let (whole, kept) = try Self.loadBothWays(
      snapshots: snapshots, outcomes: outcomes, configuration: configuration, models: Presets.all, wholeAccounts: [explained])
    func comparison(_ data: EvaluationData) throws -> String {
      let audits = try Presets.all.map {
        Audit(scorer: try Scorer(model: $0, table: data.table, modelSource: $0.name), outcomes: data.outcomes, configuration: configuration)
      }
      return ModelComparison(baseline: audits[0], candidate: audits[1], bootstrapReplicates: 100, seed: 1).json.serialized(pretty: true)
    }
    #expect(try comparison(kept) == comparison(whole))
    func explanation(_ data: EvaluationData) throws -> String {
      let scorer = try Scorer(model: Presets.chs4, table: data.table, modelSource: "chs-4")
      let explanation = try AccountExplanation(accountID: explained, scorer: scorer, outcomes: data.outcomes, configuration: configuration)
      return AccountExplanationReport(explanation: explanation).rendered(as: .table)
    }
    #expect(whole.table.accountIndex(of: explained) != nil)
    #expect(try explanation(kept) == explanation(whole))
  }

  @Test(arguments: [nil, "2026-05-20", "2024-01-01"])
  func scoreListingsOnKeptRowsEqualListingsOnAllRows(asOf: String?) throws {
    let book = try Self.book(accounts: 300, seed: 6, weeks: 40)
    defer { try? FileManager.default.removeItem(at: book.directory) }
    let date = asOf.map { CalendarDate(iso: $0)! }
    let whole = try SnapshotLoader.load(path: book.snapshots)
    for model in Presets.all {
      let kept = try EvaluationData.load(
        snapshots: book.snapshots, outcomes: nil, keeping: EvaluationRows(listingAsOf: date, models: [model]))
      #expect(kept.outcomes.isEmpty)
      #expect(kept.table.rowCount < whole.rowCount)
      func listing(_ table: SnapshotTable) throws -> String {
        ScoreListing(scorer: try Scorer(model: model, table: table, modelSource: model.name), asOf: date).csv
      }
      #expect(try listing(kept.table) == listing(whole))
    }
  }

  @Test func quotedFieldsAndMixedLineEndingsSurviveTheSecondPass() throws {
    // Unkept rows include a quoted field with a line break, which the second
    // pass must scan in full to stay on the right line, and an unquoted row
    // it skips unsplit; line endings mix CRLF, LF and a lone CR; the last
    // line has no line break.
    let rows = [
      "account_id,as_of,segment,x",
      "\"A, Inc\",2025-01-01,\"Mid,\nMarket\",10",
      "\"A, Inc\",2025-02-01,\"Mid,\nMarket\",20",
      "\"A, Inc\",2025-03-01,SMB,30",
      "\"A, Inc\",2025-04-01,SMB,40",
      "B,2025-01-01,,50",
      "B,2025-02-01,\"Ent\"\"prise\",60",
      "B,2025-02-15,,65",
      "B,2025-03-01,,70",
      "B,2025-04-01,,80",
    ]
    let text = zip(rows, ["\r\n", "\n", "\r", "\r\n", "\n", "\n", "\r\n", "\r", "\n", ""]).map { $0 + $1 }.joined()
    let (directory, snapshots, outcomes) = try Self.files(
      snapshots: text, outcomes: "account_id,outcome,date\n\"A, Inc\",renewed,2025-05-05\nB,renewed,2025-05-05\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    let configuration = Self.configuration(horizon: 60)
    let (whole, kept) = try Self.loadBothWays(
      snapshots: snapshots, outcomes: outcomes, configuration: configuration, models: [TestData.linearModel()])
    // Each account: first, last, and the 60-day pick (2025-03-01).
    #expect(kept.table.rowCount == 6)
    #expect(kept.table.rowLine.map(Int.init) == [2, 6, 7, 8, 11, 12])
    #expect(kept.table.segments == whole.table.segments)
    #expect(
      try Self.auditJSON(kept, model: TestData.linearModel(), configuration: configuration)
        == Self.auditJSON(whole, model: TestData.linearModel(), configuration: configuration))
  }

  @Test func staleSnapshotsStayStaleGaps() throws {
    // S's latest snapshot before 2025-06-01 (T − 30) is 2025-01-08, too old:
    // a stale gap, which only an earlier row kept (its first) still shows.
    let (directory, snapshots, outcomes) = try Self.files(
      snapshots: "account_id,as_of,x\nS,2025-01-01,80\nS,2025-01-08,80\nS,2025-06-20,80\nT,2025-05-20,10\n",
      outcomes: "account_id,outcome,date\nS,renewed,2025-07-01\nT,churned,2025-07-01\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    let configuration = Self.configuration(horizon: 30)
    let (whole, kept) = try Self.loadBothWays(
      snapshots: snapshots, outcomes: outcomes, configuration: configuration, models: [TestData.linearModel()])
    #expect(kept.table.rowCount == 3)
    let audit = Audit(
      scorer: try Scorer(model: TestData.linearModel(), table: kept.table, modelSource: "m"), outcomes: kept.outcomes,
      configuration: configuration)
    #expect(audit.horizons[0].gaps.map(\.gap) == [.stale])
    #expect(
      try Self.auditJSON(kept, model: TestData.linearModel(), configuration: configuration)
        == Self.auditJSON(whole, model: TestData.linearModel(), configuration: configuration))
  }

  @Test func weightSearchOnKeptRowsEqualsSearchOnAllRows() throws {
    let book = try Self.book(accounts: 600, seed: 4, weeks: 52)
    defer { try? FileManager.default.removeItem(at: book.directory) }
    var configuration = TuneConfiguration()
    configuration.step = 10
    configuration.validation = .kFold(3)
    configuration.audit.bootstrapReplicates = 50
    let (whole, kept) = try Self.loadBothWays(
      snapshots: book.snapshots, outcomes: book.outcomes, configuration: configuration.audit, models: [Presets.chs4])
    func tuned(_ data: EvaluationData) throws -> String {
      var configuration = configuration
      configuration.audit.observedUntil = data.table.latestDate
      let scorer = try Scorer(model: Presets.chs4, table: data.table, modelSource: "chs-4")
      return TuneReport(result: try Tuner(scorer: scorer, outcomes: data.outcomes, configuration: configuration).run()).json.serialized(pretty: true)
    }
    #expect(try tuned(kept) == tuned(whole))
  }

  @Test func jsonLinesLoadTheSameRowsAsCSV() throws {
    let lines = """
      {"account_id": "A", "as_of": "2025-01-01", "x": 1}
      {"account_id": "A", "as_of": "2025-02-01", "x": 2, "y": true}
      {"account_id": "A", "as_of": "2025-03-01", "x": 3}
      {"account_id": "B", "as_of": "2025-03-01", "segment": "SMB", "y": false}
      {"account_id": "A", "as_of": "2025-04-01", "x": 4, "segment": "Enterprise"}
      """
    let (directory, snapshots, outcomes) = try Self.files(
      snapshots: lines, outcomes: "account_id,outcome,date\nA,renewed,2025-05-01\n", snapshotsName: "snapshots.jsonl")
    defer { try? FileManager.default.removeItem(at: directory) }
    var configuration = RunSettings()
    configuration.horizons = [60]
    let (whole, kept) = try Self.loadBothWays(
      snapshots: snapshots, outcomes: outcomes, configuration: configuration, models: [TestData.linearModel()])
    #expect(kept.table.signalNames == ["x", "y"])
    #expect(kept.table.segments == whole.table.segments)
    // A: first (01-01), the 60-day pick (03-01) and last (04-01); B: its one row.
    #expect(kept.table.rowCount == 4)
    #expect(kept.table.fileRowCount == 5)
    for row in 0..<kept.table.rowCount {
      let date = kept.table.rowDate[row]
      let match = (0..<whole.table.rowCount).first { whole.table.rowDate[$0] == date && whole.table.rowAccount[$0] == kept.table.rowAccount[row] }!
      #expect(kept.table.value(row: row, signal: 0) == whole.table.value(row: match, signal: 0))
      #expect(kept.table.value(row: row, signal: 1) == whole.table.value(row: match, signal: 1))
      #expect(kept.table.rowSegment[row] == whole.table.rowSegment[match])
    }
  }

  @Test func errorsAreTheOnesAFullLoadGives() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let snapshots = directory.appendingPathComponent("snapshots.csv").path
    let outcomes = directory.appendingPathComponent("outcomes.csv").path
    let needs = EvaluationRows(configuration: RunSettings(), models: [TestData.linearModel()])
    func error(snapshotsText: String, outcomesText: String) throws -> (whole: String, kept: String) {
      try snapshotsText.write(toFile: snapshots, atomically: true, encoding: .utf8)
      try outcomesText.write(toFile: outcomes, atomically: true, encoding: .utf8)
      let settings = ImportSettings().reading(TestData.linearModel())
      let whole = #expect(throws: InputError.self) {
        let table = try SnapshotLoader.load(path: snapshots, settings: settings)
        _ = try OutcomeLoader.load(path: outcomes, snapshots: table)
      }
      let kept = #expect(throws: InputError.self) {
        _ = try EvaluationData.load(snapshots: snapshots, outcomes: outcomes, settings: settings, keeping: needs)
      }
      return ("\(whole.map(String.init(describing:)) ?? "")", "\(kept.map(String.init(describing:)) ?? "")")
    }
    let good = "account_id,outcome,date\nA,renewed,2025-05-01\n"
    for (snapshotsText, outcomesText) in [
      ("account_id,as_of,x\nA,2025-01-01,1\nA,2025-02-30,2\n", good),
      ("account_id,as_of,x\nA,2025-01-01,1\nA,2025-01-01,2\n", good),
      ("account_id,as_of,x\nA,2025-01-01,oops\n", good),
      ("account_id,as_of,x\n", good),
      ("account_id,as_of,x\nA,2025-01-01,1\n", "account_id,outcome,date\nZ,renewed,2025-05-01\n"),
    ] {
      let (whole, kept) = try error(snapshotsText: snapshotsText, outcomesText: outcomesText)
      #expect(!whole.isEmpty)
      #expect(kept == whole)
    }
  }
}
