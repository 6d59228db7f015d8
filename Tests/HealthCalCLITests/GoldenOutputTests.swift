import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalCLI
@testable import HealthCalFormats

/// Every command in every format, on the demo and on two synthetic books,
/// byte for byte as recorded in `Fixtures/golden/outputs.sha256`: a change
/// meant to move no figure (a refactor) must leave every digest as it was.
///
/// A change that is meant to alter an output re-records the digests with
/// `HEALTHCAL_RECORD_GOLDEN=1 swift test --filter GoldenOutputTests`, and the
/// diff of the digest file names every output it touched.
@Suite struct GoldenOutputTests {
  /// One run: its arguments (`<a>`, `<b>` name the synthetic books' folders,
  /// `<out>` a fresh folder for written files) and the files it writes.
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var arguments: [String]
    var files: [String] = []
    var testDescription: String { name }
  }

  static let digestsPath = TestData.fixture("golden/outputs.sha256")

  /// Book a: 400 accounts, 12 months. Book b: 300 accounts, 40 weeks,
  /// with the calendar confound (so the landmark design runs).
  static let books: (a: String, b: String) = {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("healthcal-golden-\(ProcessInfo.processInfo.processIdentifier)")
    let a = root.appendingPathComponent("a").path
    let b = root.appendingPathComponent("b").path
    _ = EndToEndTests.run(["synth", "--accounts", "400", "--months", "12", "--seed", "11", "--out", a, "--quiet", "--force"])
    _ = EndToEndTests.run(["synth", "--accounts", "300", "--weeks", "40", "--seed", "12", "--calendar-confound", "--out", b, "--quiet", "--force"])
    return (a, b)
  }()

  static let cases: [Case] = {
    var cases: [Case] = []
    let demo = ["--snapshots", "Fixtures/demo/snapshots.csv", "--outcomes", "Fixtures/demo/outcomes.csv"]
    for format in ["table", "json", "csv", "markdown", "html"] {
      cases.append(Case(name: "demo audit \(format)", arguments: ["audit", "--demo", "--bootstrap", "200", "--format", format]))
      cases.append(Case(name: "demo compare \(format)", arguments: ["compare", "--demo", "chs-4", "chs-5", "--bootstrap", "100", "--format", format]))
      cases.append(Case(name: "demo signals \(format)", arguments: ["signals", "--demo", "--bootstrap", "100", "--format", format]))
      if format != "csv" {
        cases.append(Case(
          name: "demo tune \(format)", arguments: ["tune", "--demo", "--step", "10", "--folds", "3", "--bootstrap", "100", "--format", format, "--quiet"]))
        cases.append(Case(name: "demo drift \(format)", arguments: ["drift", "--demo", "--reference-before", "2026-04-01", "--format", format]))
      }
    }
    cases += [
      Case(name: "demo audit landmark json", arguments: ["audit", "--demo", "--design", "landmark", "--bootstrap", "100", "--format", "json"]),
      Case(name: "demo audit explain", arguments: ["audit", "--demo", "--explain", "ACC-000002"]),
      Case(name: "demo audit amber by plan_tier", arguments: ["audit", "--demo", "--at-risk", "amber", "--segment-by", "plan_tier", "--bootstrap", "0"]),
      Case(
        name: "demo tune files",
        arguments: ["tune", "--demo", "--step", "10", "--folds", "3", "--bootstrap", "50", "--model-out", "<out>/tuned.json", "--sql", "<out>/tuned.sql", "--quiet"],
        files: ["tuned.json", "tuned.sql"]),
      Case(name: "demo tune holdout", arguments: ["tune", "--demo", "--holdout-after", "2026-07-01", "--bootstrap", "100", "--quiet"]),
      Case(
        name: "demo signals suggest", arguments: ["signals", "--demo", "--bootstrap", "0", "--suggest-model", "<out>/suggested.json", "--quiet"],
        files: ["suggested.json"]),
      Case(name: "demo signals tier", arguments: ["signals", "--demo", "--model", "Fixtures/models/chs-4-tier.json", "--bootstrap", "50", "--format", "json"]),
      Case(name: "demo score csv", arguments: ["score"] + demo + ["--format", "csv"]),
      Case(name: "demo score json", arguments: ["score", "--snapshots", "Fixtures/demo/snapshots.csv", "--format", "json"]),
      Case(name: "demo validate", arguments: ["validate"] + demo),
      Case(name: "export validate", arguments: ["validate", "--project", "Fixtures/export/healthcal.json"]),
      Case(name: "export audit json", arguments: ["audit", "--project", "Fixtures/export/healthcal.json", "--bootstrap", "100", "--format", "json"]),
      Case(name: "export-sql ansi", arguments: ["export-sql", "--model", "chs-5"]),
      Case(name: "export-sql sqlite", arguments: ["export-sql", "--model", "Fixtures/models/chs-4-tier.json", "--dialect", "sqlite"]),
      Case(name: "export-sql snowflake", arguments: ["export-sql", "--model", "Fixtures/models/sql-check.json", "--dialect", "snowflake"]),
      Case(name: "export-sql bigquery dbt", arguments: ["export-sql", "--model", "chs-4", "--dialect", "bigquery", "--dbt"]),
      Case(name: "export-sql postgres audit", arguments: ["export-sql", "--audit", "--model", "Fixtures/models/sql-check.json", "--dialect", "postgres"]),
      Case(name: "export-sql spark audit", arguments: ["export-sql", "--audit", "--dialect", "spark", "--horizons", "60,30", "--at-risk", "amber"]),
      Case(name: "export-sql duckdb audit", arguments: ["export-sql", "--audit", "--dialect", "duckdb", "--segment-by", "none"]),
      Case(name: "export-sql landmark audit", arguments: ["export-sql", "--audit", "--design", "landmark", "--dialect", "sqlite"]),
      Case(name: "presets", arguments: ["presets"]),
      Case(name: "presets chs-4", arguments: ["presets", "chs-4"]),
      Case(name: "synth a", arguments: ["synth", "--accounts", "400", "--months", "12", "--seed", "11", "--out", "<out>", "--quiet"], files: ["snapshots.csv", "outcomes.csv"]),
      Case(
        name: "synth b", arguments: ["synth", "--accounts", "300", "--weeks", "40", "--seed", "12", "--calendar-confound", "--out", "<out>", "--quiet"],
        files: ["snapshots.csv", "outcomes.csv"]),
    ]
    for book in ["a", "b"] {
      let data = ["--snapshots", "<\(book)>/snapshots.csv", "--outcomes", "<\(book)>/outcomes.csv"]
      cases += [
        Case(name: "\(book) audit json", arguments: ["audit"] + data + ["--bootstrap", "100", "--format", "json"]),
        Case(name: "\(book) audit table", arguments: ["audit"] + data + ["--bootstrap", "100"]),
        Case(name: "\(book) tune json", arguments: ["tune"] + data + ["--step", "10", "--folds", "3", "--bootstrap", "50", "--format", "json", "--quiet"]),
        Case(name: "\(book) compare json", arguments: ["compare"] + data + ["chs-4", "chs-5", "--bootstrap", "50", "--format", "json"]),
        Case(name: "\(book) signals json", arguments: ["signals"] + data + ["--bootstrap", "50", "--format", "json"]),
        Case(name: "\(book) drift json", arguments: ["drift"] + data + ["--reference-before", "2026-04-01", "--format", "json"]),
        Case(name: "\(book) score csv", arguments: ["score"] + data + ["--format", "csv"]),
      ]
    }
    return cases
  }()

  /// The run's standard output and written files, with the machine's
  /// folders replaced by their placeholders, and its exit status.
  static func output(of testCase: Case) throws -> String {
    let out = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: out) }
    let (a, b) = books
    let arguments = testCase.arguments.map {
      $0.replacingOccurrences(of: "<a>", with: a).replacingOccurrences(of: "<b>", with: b).replacingOccurrences(of: "<out>", with: out.path)
    }
    let run = EndToEndTests.run(arguments)
    // Only answers are recorded, never errors: 0, or 3 where drift says recalibrate.
    #expect(run.status == 0 || (arguments[0] == "drift" && run.status == 3), "\(testCase.name): \(run.stderr)")
    var text = "status \(run.status)\n" + run.stdout
    for file in testCase.files {
      text += "\n== \(file)\n" + (try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8))
    }
    return text.replacingOccurrences(of: out.path, with: "<out>").replacingOccurrences(of: a, with: "<a>")
      .replacingOccurrences(of: b, with: "<b>").replacingOccurrences(of: TestData.repositoryRoot.path + "/", with: "")
  }

  static func recorded() throws -> [String: String] {
    let text = try String(contentsOfFile: digestsPath, encoding: .utf8)
    return Dictionary(uniqueKeysWithValues: text.split(separator: "\n").map { line in
      let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
      return (parts[1], parts[0])
    })
  }

  @Test(arguments: cases)
  func outputIsAsRecorded(_ testCase: Case) throws {
    guard ProcessInfo.processInfo.environment["HEALTHCAL_RECORD_GOLDEN"] == nil else { return }
    let digest = SHA256.hex(Array(try Self.output(of: testCase).utf8))
    let expected = try #require(try Self.recorded()[testCase.name], "no recorded digest for \(testCase.name); record with HEALTHCAL_RECORD_GOLDEN=1")
    #expect(digest == expected, "\(testCase.name): output changed")
  }

  /// Records every digest when `HEALTHCAL_RECORD_GOLDEN` is set.
  @Test func recordWhenAsked() throws {
    guard ProcessInfo.processInfo.environment["HEALTHCAL_RECORD_GOLDEN"] != nil else { return }
    let lines = try Self.cases.map { "\(SHA256.hex(Array(try Self.output(of: $0).utf8))) \($0.name)" }
    try (lines.joined(separator: "\n") + "\n").write(toFile: Self.digestsPath, atomically: true, encoding: .utf8)
  }

  @Test func everyCaseHasADistinctName() {
    #expect(Set(Self.cases.map(\.name)).count == Self.cases.count)
  }
}
