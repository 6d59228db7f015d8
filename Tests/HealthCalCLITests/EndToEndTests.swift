import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalCLI
@testable import HealthCalFormats
@testable import HealthCalArguments

/// Whole commands run in-process on files, compared on exit code and output.
@Suite struct EndToEndTests {
  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static func run(_ arguments: [String]) -> Run {
    var output = Output.capturing
    let status = HealthCalTool.tool.run(arguments: arguments, output: &output)
    return Run(status: status, stdout: output.standardOutput, stderr: output.standardError)
  }

  /// Writes files into a fresh directory and returns their paths.
  static func files(_ contents: [String: String]) throws -> [String: String] {
    let directory = try TestData.temporaryDirectory()
    var paths: [String: String] = [:]
    for (name, text) in contents {
      let url = directory.appendingPathComponent(name)
      try text.write(to: url, atomically: true, encoding: .utf8)
      paths[name] = url.path
    }
    return paths
  }

  static let snapshots = """
    account_id,as_of,segment,arr,x
    A,2025-03-01,SMB,100,80
    B,2025-03-01,SMB,300,40
    C,2025-03-01,Enterprise,200,60
    D,2025-03-01,Enterprise,50,90
    """
  static let outcomes = """
    account_id,outcome,date,arr
    A,churned,2025-04-01,
    B,churned,2025-04-01,
    C,renewed,2025-04-01,
    D,renewed,,
    """
  static let model = TestData.linearModel().json.serialized(pretty: true)

  static func validFiles() throws -> [String: String] {
    try files(["s.csv": snapshots, "o.csv": outcomes, "m.json": model])
  }

  @Test func auditJSONIsByteIdenticalAcrossRuns() throws {
    let paths = try Self.validFiles()
    let arguments = ["audit", "--snapshots", paths["s.csv"]!, "--outcomes", paths["o.csv"]!, "--model", paths["m.json"]!, "--horizons", "30", "--format", "json"]
    let first = Self.run(arguments)
    let second = Self.run(arguments)
    #expect(first.status == 0)
    #expect(first.stderr == "")
    #expect(first.stdout == second.stdout)
    let json = try JSONParser.parse(first.stdout, file: "report")
    guard case .object(let report) = json, case .array(let horizons)? = report["horizons"] else {
      Issue.record("unexpected report shape")
      return
    }
    #expect(horizons.count == 1)
  }

  @Test func auditWritesOutAtomicallyAndLeavesInputsAlone() throws {
    let paths = try Self.validFiles()
    let before = try String(contentsOfFile: paths["s.csv"]!, encoding: .utf8)
    let out = URL(fileURLWithPath: paths["s.csv"]!).deletingLastPathComponent().appendingPathComponent("report.md").path
    let run = Self.run(["audit", "--snapshots", paths["s.csv"]!, "--outcomes", paths["o.csv"]!, "--model", paths["m.json"]!, "--horizons", "30", "--format", "markdown", "--out", out, "--quiet"])
    #expect(run.status == 0)
    #expect(run.stdout == "")
    #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("# healthcal audit: model linear-x"))
    #expect(try String(contentsOfFile: paths["s.csv"]!, encoding: .utf8) == before)
  }

  @Test func scoreListsTheLatestSnapshotPerAccount() throws {
    let paths = try Self.validFiles()
    let run = Self.run(["score", "--snapshots", paths["s.csv"]!, "--model", paths["m.json"]!])
    #expect(run.status == 0)
    #expect(run.stdout == """
      account_id,as_of,segment,score,band,points_x
      A,2025-03-01,SMB,80.0,green,80.0
      B,2025-03-01,SMB,40.0,red,40.0
      C,2025-03-01,Enterprise,60.0,amber,60.0
      D,2025-03-01,Enterprise,90.0,green,90.0

      """)
  }

  @Test func validateAcceptsGoodInputs() throws {
    let paths = try Self.validFiles()
    let run = Self.run(["validate", "--snapshots", paths["s.csv"]!, "--outcomes", paths["o.csv"]!, "--model", paths["m.json"]!])
    #expect(run.status == 0)
    #expect(run.stdout.hasPrefix("ok: "))
  }

  @Test func validateListsEveryProblemInOnePass() throws {
    let paths = try Self.files([
      "s.csv": """
        account_id,as_of,x
        A,2025-02-30,1
        B,2025-03-01,abc
        B,2025-03-01,2
        C,2025-03-01,nan
        """,
      "o.csv": "account_id,outcome,date\nZ,churned,2025-04-01\nB,lost,2025-04-01\n",
      "m.json": #"{"schema": 1, "name": "m", "components": [{"name": "usage", "weight": 100, "signals": ["#
        + #"{"column": "x", "transform": {"type": "linear", "low": 0, "high": 1}}, "#
        + #"{"column": "dau_mau", "transform": {"type": "linear", "low": 0, "high": 1}}]}]}"#,
    ])
    let run = Self.run(["validate", "--snapshots", paths["s.csv"]!, "--outcomes", paths["o.csv"]!, "--model", paths["m.json"]!])
    #expect(run.status == 1)
    let lines = run.stdout.split(separator: "\n").map(String.init)
    let s = paths["s.csv"]!, o = paths["o.csv"]!
    #expect(lines.contains("\(s):2:2: column \"as_of\": expected a date YYYY-MM-DD, found \"2025-02-30\""))
    #expect(lines.contains("\(s):3:3: column \"x\": expected a finite number, a boolean (true/false/1/0/yes/no) or an empty cell, found \"abc\""))
    #expect(lines.contains("\(s):5:3: column \"x\": expected a finite number, a boolean (true/false/1/0/yes/no) or an empty cell, found \"nan\""))
    #expect(lines.contains("\(o):2:1: outcome for unknown account \"Z\"; expected an account present in the snapshots"))
    #expect(lines.contains("\(o):3:2: column \"outcome\": expected churned or renewed (map other words with --outcome-values churned=Lost,renewed=Won), found \"lost\""))
    #expect(lines.contains { $0.hasPrefix("\(paths["m.json"]!): model uses column \"dau_mau\", which the snapshots do not have") })
    #expect(run.stderr.hasPrefix("error: "))
  }

  /// Every error path in the contract's Errors section: one line, file and line named, exit 1.
  @Test(arguments: [
    ("account_id,as_of,x\nA,2025-02-30,1\n", "s.csv:2:2: column \"as_of\": expected a date YYYY-MM-DD, found \"2025-02-30\""),
    ("account_id,as_of,x\nA,2025-03-01,1.2.3\n", "s.csv:2:3: column \"x\": expected a finite number, a boolean (true/false/1/0/yes/no) or an empty cell, found \"1.2.3\""),
    ("account_id,as_of,x\nA,2025-03-01,inf\n", "s.csv:2:3: column \"x\": expected a finite number, a boolean (true/false/1/0/yes/no) or an empty cell, found \"inf\""),
    ("account_id,as_of,x\nA,2025-03-01,1\nA,2025-03-01,2\n", "s.csv:3: duplicate snapshot for account \"A\" on 2025-03-01 (first seen on line 2); expected one row per account and date"),
    ("account_id,as_of,x,x\nA,2025-03-01,1,2\n", "s.csv:1:4: column \"x\" appears more than once; expected unique column names"),
    ("account_id,x\nA,1\n", "s.csv: missing required column \"as_of\"; found columns: \"account_id\", \"x\"; if the export calls it something else, pass --columns as_of=NAME (or set it in healthcal.json)"),
    ("account_id,as_of,x\nA,2025-03-01\n", "s.csv:2: expected 3 fields as in the header, found 2"),
  ])
  func badSnapshotsGiveOneLineAndExitOne(_ example: (String, String)) throws {
    let paths = try Self.files(["s.csv": example.0, "o.csv": "account_id,outcome,date\n", "m.json": Self.model])
    let run = Self.run(["audit", "--snapshots", paths["s.csv"]!, "--outcomes", paths["o.csv"]!, "--model", paths["m.json"]!])
    #expect(run.status == 1)
    #expect(run.stdout == "")
    let directory = URL(fileURLWithPath: paths["s.csv"]!).deletingLastPathComponent().path + "/"
    #expect(run.stderr == "error: " + directory + example.1 + "\n")
  }

  @Test func outcomeForUnknownAccountIsRejected() throws {
    let paths = try Self.files(["s.csv": Self.snapshots, "o.csv": "account_id,outcome,date\nQ,churned,2025-04-01\n", "m.json": Self.model])
    let run = Self.run(["audit", "--snapshots", paths["s.csv"]!, "--outcomes", paths["o.csv"]!, "--model", paths["m.json"]!])
    #expect(run.status == 1)
    #expect(run.stderr == "error: \(paths["o.csv"]!):2:1: outcome for unknown account \"Q\"; expected an account present in the snapshots\n")
  }

  @Test func unknownModelColumnIsRejected() throws {
    let paths = try Self.files(["s.csv": Self.snapshots, "o.csv": Self.outcomes])
    let run = Self.run(["audit", "--snapshots", paths["s.csv"]!, "--outcomes", paths["o.csv"]!, "--model", "chs-4"])
    #expect(run.status == 1)
    #expect(run.stderr.hasPrefix("error: chs-4: model uses column \"dau_mau\", which the snapshots do not have; available: x"))
  }

  @Test func modelWeightsSummingToZeroAreRejected() throws {
    var model = TestData.linearModel()
    model.components[0].weight = 0
    let text = model.json.serialized(pretty: true)
    let paths = try Self.files(["s.csv": Self.snapshots, "o.csv": Self.outcomes, "m.json": text])
    let run = Self.run(["audit", "--snapshots", paths["s.csv"]!, "--outcomes", paths["o.csv"]!, "--model", paths["m.json"]!])
    #expect(run.status == 1)
    #expect(run.stderr == "error: \(paths["m.json"]!): components: component weights sum to 0; expected a positive total\n")
  }

  @Test func missingFileIsReportedNotCrashed() {
    let run = Self.run(["audit", "--snapshots", "/nonexistent/s.csv", "--outcomes", "/nonexistent/o.csv"])
    #expect(run.status == 1)
    #expect(run.stderr.hasPrefix("error: /nonexistent/s.csv: cannot read file"))
  }

  @Test func usageErrorsNameTheFlagAndShowUsage() {
    let unknown = Self.run(["audit", "--snapshot", "x.csv"])
    #expect(unknown.status == 1)
    #expect(unknown.stderr.hasPrefix("error: Unknown option '--snapshot'. Did you mean '--snapshots'?"))
    let missing = Self.run(["audit", "--horizons"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("Missing value for '--horizons <DAYS>'"))
    let badHorizon = Self.run(["audit", "--demo", "--horizons", "90,0"])
    #expect(badHorizon.status == 1)
    #expect(badHorizon.stderr.contains("90,0"))
    let noData = Self.run(["audit"])
    #expect(noData.status == 1)
  }

  @Test func helpListsEveryCommandAndAuditOptions() {
    let root = Self.run(["--help"])
    #expect(root.status == 0)
    for name in ["audit", "score", "validate", "synth", "presets"] { #expect(root.stdout.contains(name)) }
    let audit = Self.run(["audit", "--help"])
    #expect(audit.status == 0)
    for flag in ["--snapshots", "--outcomes", "--model", "--horizons", "--max-staleness", "--at-risk", "--segment-by", "--format", "--out", "--seed", "--demo"] {
      #expect(audit.stdout.contains(flag))
    }
  }

  @Test func presetsPrintTheFixtureFilesByteForByte() throws {
    for preset in Presets.all {
      let run = Self.run(["presets", preset.name])
      #expect(run.status == 0)
      #expect(run.stdout == (try String(contentsOfFile: TestData.fixture("models/\(preset.name).json"), encoding: .utf8)))
    }
  }
}

@Suite struct TuneCommandTests {
  @Test func tuneOnTheDemoIsDeterministicAndItsModelLoadsBack() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let model = directory.appendingPathComponent("tuned.json").path
    let sql = directory.appendingPathComponent("tuned.sql").path
    let arguments = ["tune", "--demo", "--step", "10", "--folds", "3", "--bootstrap", "100", "--format", "json", "--quiet"]
    let first = EndToEndTests.run(arguments + ["--model-out", model, "--sql", sql])
    #expect(first.status == 0, "\(first.stderr)")
    let second = EndToEndTests.run(arguments)
    #expect(first.stdout == second.stdout)
    let tuned = try HealthModel.load(path: model)
    #expect(tuned.calibration != nil)
    #expect(tuned.name == "chs-4-tuned")
    #expect(try String(contentsOfFile: sql, encoding: .utf8).contains("SELECT"))
    let audit = EndToEndTests.run(["audit", "--demo", "--model", model, "--bootstrap", "0"])
    #expect(audit.status == 0)
  }

  @Test func badTuneSettingsAreUsageErrors() {
    #expect(EndToEndTests.run(["tune", "--demo", "--step", "7"]).stderr.contains("step 7 does not divide 100"))
    #expect(EndToEndTests.run(["tune", "--demo", "--objective", "magic"]).status == 1)
    #expect(EndToEndTests.run(["tune", "--demo", "--bounds", "nope"]).status == 1)
    #expect(EndToEndTests.run(["tune", "--demo", "--holdout-after", "2026-07-01", "--folds", "3"]).stderr.contains("'--holdout-after' cannot be used with '--folds'"))
    #expect(EndToEndTests.run(["tune", "--demo", "--tune", "signals"]).stderr.contains("expected weights, optionally with signals and bands"))
  }

  @Test func holdoutNeedsNoFoldsFlag() {
    let result = EndToEndTests.run(["tune", "--demo", "--holdout-after", "2026-07-01", "--step", "10", "--bootstrap", "100", "--quiet"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("Validation: time-ordered holdout: fitted on outcomes before 2026-07-01"))
  }

  @Test func signalTuningReportsTheSharesWithinComponents() {
    let result = EndToEndTests.run(["tune", "--demo", "--tune", "weights,signals", "--step", "10", "--folds", "2", "--bootstrap", "100", "--quiet"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("Signal weights within components"))
    #expect(result.stdout.contains("Signal weights: "))
  }

  /// `score` reads the shared settings as `audit` does: repeated horizons are refused.
  @Test func scoreRefusesRepeatedHorizons() {
    let result = EndToEndTests.run(["score", "--snapshots", "Fixtures/demo/snapshots.csv", "--outcomes", "Fixtures/demo/outcomes.csv", "--horizons", "90,90"])
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("error: The value '90,90' is invalid for '--horizons <DAYS>': expected distinct horizons"))
  }

  /// The calibration block records every setting that chose the compared
  /// snapshots, the staleness limit included.
  @Test func calibrationBlockRecordsTheEvaluationSettings() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("tuned.json").path
    let tune = EndToEndTests.run([
      "tune", "--demo", "--step", "10", "--folds", "3", "--bootstrap", "0", "--max-staleness", "20", "--horizons", "60,30", "--model-out", path,
      "--quiet",
    ])
    #expect(tune.status == 0, "\(tune.stderr)")
    let model = try HealthModel.load(path: path)
    guard case .object(let block)? = model.calibration, case .object(let evaluation)? = block["evaluation"] else {
      Issue.record("expected an evaluation block")
      return
    }
    #expect(evaluation["max_staleness_days"] == .int(20))
    #expect(evaluation["horizons"] == .array([.int(60), .int(30)]))
    #expect(evaluation["observed_until"] == .string("2026-10-01"))
  }
}
