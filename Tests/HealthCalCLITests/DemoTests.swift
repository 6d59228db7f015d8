import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalCLI
@testable import HealthCalFormats

@Suite struct DemoTests {
  /// `--demo` regenerates the fixture when it cannot find it, so the two must be the same bytes.
  @Test func demoFixtureIsExactlyTheSyntheticBookItClaimsToBe() throws {
    let book = SyntheticBook(configuration: DemoData.configuration)
    var bytes: [UInt8] = []
    book.writeSnapshotsCSV { bytes += $0 }
    let fixture = try Data(contentsOf: URL(fileURLWithPath: TestData.fixture("demo/snapshots.csv")))
    #expect(bytes == Array(fixture))
    let outcomes = try String(contentsOfFile: TestData.fixture("demo/outcomes.csv"), encoding: .utf8)
    #expect(book.outcomesCSV() == outcomes)
  }

  @Test func synthWritesAReadableBook() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = EndToEndTests.run(["synth", "--accounts", "40", "--months", "6", "--seed", "5", "--out", directory.path, "--quiet"])
    #expect(run.status == 0)
    let table = try SnapshotLoader.load(path: directory.appendingPathComponent("snapshots.csv").path)
    #expect(table.accountIDs.count == 40)
    let outcomes = try OutcomeLoader.load(path: directory.appendingPathComponent("outcomes.csv").path, snapshots: table)
    #expect(outcomes.count == 40)
  }

  @Test func synthWritesWeeklySnapshotsAndRefusesWeeksWithMonths() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = EndToEndTests.run(["synth", "--accounts", "10", "--weeks", "8", "--out", directory.path, "--quiet"])
    #expect(run.status == 0)
    let table = try SnapshotLoader.load(path: directory.appendingPathComponent("snapshots.csv").path)
    let dates = Set(table.rowDate).sorted()
    #expect(dates.count == 8)
    #expect(zip(dates, dates.dropFirst()).allSatisfy { $1 - $0 == 7 })
    let both = EndToEndTests.run(["synth", "--weeks", "8", "--months", "3", "--out", directory.path, "--force"])
    #expect(both.status == 1)
    #expect(both.stderr.contains("--weeks"))
  }

  @Test func synthRejectsABadConfigurationWithoutCrashing() {
    let run = EndToEndTests.run(["synth", "--accounts", "0", "--out", "/tmp/never-written"])
    #expect(run.status == 1)
    #expect(run.stderr.contains("--accounts"))
  }

  @Test func scoreAsOfPicksTheLatestSnapshotOnOrBefore() throws {
    let paths = try EndToEndTests.files([
      "s.csv": "account_id,as_of,x\nA,2025-01-01,10\nA,2025-02-01,20\nB,2025-03-01,30\n",
      "m.json": EndToEndTests.model,
    ])
    let run = EndToEndTests.run(["score", "--snapshots", paths["s.csv"]!, "--model", paths["m.json"]!, "--as-of", "2025-01-15", "--format", "json"])
    #expect(run.status == 0)
    let json = try JSONParser.parse(run.stdout, file: "out")
    guard case .object(let root) = json, case .array(let scores)? = root["scores"] else {
      Issue.record("unexpected shape")
      return
    }
    #expect(scores.count == 1)
    guard case .object(let first) = scores[0] else { return }
    #expect(first["account_id"] == .string("A"))
    #expect(first["as_of"] == .string("2025-01-01"))
    #expect(first["score"] == .number(10))
  }

  @Test func demoAuditPrintsEveryHorizonWithIntervalsAndMisses() {
    let run = EndToEndTests.run(["audit", "--demo", "--bootstrap", "100"])
    #expect(run.status == 0)
    for needle in ["90 days", "60 days", "30 days", "green-churn rate", "ROC AUC", "95% CI", "Miss list", "ACC-"] {
      #expect(run.stdout.contains(needle))
    }
  }
}
