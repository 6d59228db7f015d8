import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalCLI
@testable import HealthCalArguments

/// `Fixtures/export/` is the demo book as a CS platform exports it (renamed
/// columns, US dates, Won/Lost, percentages, text columns, rows by date,
/// CRLF and a byte-order mark; see its `make_export.py`). Read with a
/// mapping, every figure must be the demo's, byte for byte.
@Suite struct ExportFixtureTests {
  static let model = TestData.fixture("models/chs-4-tier.json")
  static let canonical = ["--snapshots", TestData.fixture("demo/snapshots.csv"), "--outcomes", TestData.fixture("demo/outcomes.csv")]
  static let project = ["--project", TestData.fixture("export/healthcal.json")]
  static let flags = [
    "--snapshots", TestData.fixture("export/snapshots.csv"), "--outcomes", TestData.fixture("export/outcomes.csv"),
    "--columns", #"account_id=Account ID,as_of="Snapshot Date",segment=Segment,arr=ARR,plan_tier=Plan Tier,license_utilization=License Utilization %"#,
    "--outcome-columns", "outcome=Status,date=Close Date", "--outcome-values", "churned=Lost,renewed=Won",
    "--date-format", "MM/DD/YYYY", "--percent",
  ]

  /// A report with the snapshots file's name taken out, the one thing that differs.
  static func report(_ arguments: [String]) -> String {
    let run = EndToEndTests.run(arguments + ["--quiet"])
    #expect(run.status == 0, "\(run.stderr)")
    return run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.contains("\"snapshots\":") }.joined(separator: "\n")
  }

  @Test(arguments: [project, flags])
  func auditOfTheExportIsTheDemoAudit(_ export: [String]) {
    let audit = ["audit", "--model", Self.model, "--format", "json", "--bootstrap", "100"]
    #expect(Self.report(audit + export) == Self.report(audit + Self.canonical))
  }

  @Test func tuneOfTheExportIsTheDemoTune() {
    let tune = ["tune", "--model", Self.model, "--tune", "weights,signals", "--step", "10", "--folds", "3", "--bootstrap", "50", "--format", "json"]
    #expect(Self.report(tune + Self.project) == Self.report(tune + Self.canonical))
  }

  @Test func segmentByATextColumnOfTheExportIsTheDemos() {
    // The export capitalises tiers ("Premier"), so the groups are named so.
    let audit = ["audit", "--model", Self.model, "--format", "json", "--bootstrap", "0", "--segment-by", "plan_tier"]
    let export = Self.report(audit + Self.project)
    #expect(export.contains(#""group": "Premier""#))
    #expect(export.lowercased() == Self.report(audit + Self.canonical).lowercased())
  }

  /// `tune --per-segment --segment-by plan_tier` writes overrides keyed on
  /// plan_tier; audits of that model break down by it and apply them.
  @Test func aModelTunedPerTierKeysItsOverridesOnTheTier() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let tuned = directory.appendingPathComponent("tuned.json").path
    let tune = EndToEndTests.run([
      "tune", "--demo", "--per-segment", "--segment-by", "plan_tier", "--min-churned", "10", "--step", "10", "--folds", "2",
      "--bootstrap", "20", "--model-out", tuned, "--quiet",
    ])
    #expect(tune.status == 0, "\(tune.stderr)")
    let model = try HealthModel.load(path: tuned)
    #expect(model.segmentColumn == "plan_tier")
    #expect(!model.segments.isEmpty && model.segments.allSatisfy { ["basic", "premier", "standard"].contains($0.segment) })
    let audit = EndToEndTests.run(["audit", "--demo", "--model", tuned, "--bootstrap", "0", "--format", "json"])
    #expect(audit.status == 0)
    #expect(audit.stdout.contains(#""segment_column": "plan_tier""#))
    let other = EndToEndTests.run(["audit", "--demo", "--model", tuned, "--segment-by", "segment"])
    #expect(other.status == 1)
  }

  @Test func validateListsTheColumnsNoModelReads() {
    let run = EndToEndTests.run(["validate", "--model", Self.model] + Self.project + ["--quiet"])
    #expect(run.status == 0, "\(run.stdout)")
    #expect(run.stdout.contains("not used by the model: Plan Name (text), Region (text), CSM Owner (text), Last Login (date)"))
  }

  @Test func withoutTheMappingTheFirstLineSaysWhatToMap() throws {
    // Away from its healthcal.json, which would be found beside it.
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let snapshots = directory.appendingPathComponent("snapshots.csv").path
    try FileManager.default.copyItem(atPath: TestData.fixture("export/snapshots.csv"), toPath: snapshots)
    let run = EndToEndTests.run(["audit", "--snapshots", snapshots, "--outcomes", TestData.fixture("export/outcomes.csv")])
    #expect(run.status == 1)
    #expect(run.stderr.hasPrefix("error: "))
    #expect(run.stderr.contains(#"missing required column "account_id"; found columns: "Account ID", "Snapshot Date""#))
    #expect(run.stderr.contains("pass --columns account_id=NAME"))
  }

  @Test func theFixtureIsWhatItsScriptWrites() throws {
    // The script is deterministic: regenerating must not change a byte.
    let root = TestData.repositoryRoot.path
    let before = try ["snapshots.csv", "outcomes.csv"].map { try Data(contentsOf: URL(fileURLWithPath: TestData.fixture("export/\($0)"))) }
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.createDirectory(atPath: directory.appendingPathComponent("Fixtures/export").path, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("Fixtures/demo").path, withDestinationPath: "\(root)/Fixtures/demo")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "\(root)/Fixtures/export/make_export.py"]
    process.currentDirectoryURL = directory
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let after = try ["snapshots.csv", "outcomes.csv"].map { try Data(contentsOf: directory.appendingPathComponent("Fixtures/export/\($0)")) }
    #expect(before == after)
  }
}

/// `NAME=VALUE` lists as `--columns` and `--outcome-values` take them.
@Suite struct PairListTests {
  @Test func quotedValuesHoldCommasAndSpaces() throws {
    let pairs = try DataOptions.pairs("columns", #"account_id="Account, ID", as_of = snapshot date,arr=ARR"#)
    #expect(pairs.map(\.name) == ["account_id", "as_of", "arr"])
    #expect(pairs.map(\.value) == ["Account, ID", "snapshot date", "ARR"])
  }

  @Test(arguments: ["account_id", "=x", "a=", #"a="b"#, "a=b,,c=d"])
  func malformedListsAreRefused(text: String) {
    #expect(throws: UsageError.self) { _ = try DataOptions.pairs("columns", text) }
  }
}
