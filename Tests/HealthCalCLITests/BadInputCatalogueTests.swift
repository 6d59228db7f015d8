import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalCLI

/// One test per row of the README's bad-input catalogue: each rejected input
/// gives exactly this line on standard error and exit status 1. `{S}`, `{O}`
/// and `{M}` stand for the paths of the snapshots, outcomes and model files.
@Suite struct BadInputCatalogueTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var snapshots = "account_id,as_of,segment,x\nA,2025-03-01,SMB,0.2\nB,2025-03-01,SMB,0.8\n"
    var snapshotsName = "s.csv"
    var outcomes = "account_id,outcome,date\nA,churned,2025-06-01\nB,renewed,2025-06-01\n"
    var model = #"{"schema": 1, "name": "m", "components": [{"name": "usage", "weight": 100, "signals": [{"column": "x", "transform": {"type": "linear", "low": 0, "high": 1}}]}]}"#
    var extraArguments: [String] = []
    var expected: String
    var testDescription: String { name }
  }

  static let model = #"{"schema": 1, "name": "m", "components": [COMPONENTS]}"#
  static let usage = #"{"name": "usage", "weight": W, "signals": [{"column": "x", "transform": TRANSFORM}]}"#
  static let linear = #"{"type": "linear", "low": 0, "high": 1}"#

  static func model(weight: String = "100", transform: String = linear, twice: Bool = false) -> String {
    let component = usage.replacingOccurrences(of: "W", with: weight).replacingOccurrences(of: "TRANSFORM", with: transform)
    return model.replacingOccurrences(of: "COMPONENTS", with: twice ? component + ", " + component : component)
  }

  static let cases: [Case] = [
    Case(name: "impossible date", snapshots: "account_id,as_of,x\nA,2025-02-30,1\n",
         expected: #"{S}:2:2: column "as_of": expected a date YYYY-MM-DD, found "2025-02-30""#),
    Case(name: "non-UTF-8 bytes in a number", snapshots: "account_id,as_of,x\nA,2025-03-01,\u{FF}\n",
         expected: #"{S}:2:3: column "x": expected a finite number, a boolean (true/false/1/0/yes/no) or an empty cell, found "ÿ""#),
    Case(name: "duplicate header", snapshots: "account_id,as_of,x,x\nA,2025-03-01,1,2\n",
         expected: #"{S}:1:4: column "x" appears more than once; expected unique column names"#),
    Case(name: "missing required column", snapshots: "account_id,x\nA,1\n",
         expected: #"{S}: missing required column "as_of"; found columns: "account_id", "x"; if the export calls it something else, pass --columns as_of=NAME (or set it in healthcal.json)"#),
    Case(name: "semicolon-delimited export", snapshots: "account_id;as_of;x\nA;2025-03-01;1\n",
         expected: #"{S}: missing required column "account_id"; found one column: "account_id;as_of;x" (the header is one column containing ';': healthcal reads comma-separated files; save the export with commas between columns)"#),
    Case(name: "churn date column named differently", outcomes: "account_id,outcome,churn_date\nA,churned,2025-06-01\n",
         expected: #"{O}: missing required column "date"; found columns: "account_id", "outcome", "churn_date"; churned accounts need their churn date; if the export calls it something else, pass --outcome-columns date=NAME"#),
    Case(name: "empty file", snapshots: "",
         expected: "{S}: file is empty; expected a header row and at least one data row"),
    Case(name: "NaN signal", snapshots: "account_id,as_of,x\nA,2025-03-01,NaN\n",
         expected: #"{S}:2:3: column "x": expected a finite number, a boolean (true/false/1/0/yes/no) or an empty cell, found "NaN""#),
    Case(name: "infinite signal", snapshots: "account_id,as_of,x\nA,2025-03-01,inf\n",
         expected: #"{S}:2:3: column "x": expected a finite number, a boolean (true/false/1/0/yes/no) or an empty cell, found "inf""#),
    Case(name: "unparseable number", snapshots: "account_id,as_of,x\nA,2025-03-01,1.2.3\n",
         expected: #"{S}:2:3: column "x": expected a finite number, a boolean (true/false/1/0/yes/no) or an empty cell, found "1.2.3""#),
    Case(name: "duplicate account and date", snapshots: "account_id,as_of,x\nA,2025-03-01,1\nA,2025-03-01,2\n",
         expected: #"{S}:3: duplicate snapshot for account "A" on 2025-03-01 (first seen on line 2); expected one row per account and date"#),
    Case(name: "malformed JSON Lines", snapshots: "{\"account_id\":\"A\",\"as_of\":\"2025-03-01\",\"x\":1}\n{\"account_id\":\n", snapshotsName: "s.jsonl",
         expected: "{S}:2:15: unexpected end of input; expected a value"),
    Case(name: "column the model names is absent", model: model(transform: #"{"type": "linear", "low": 0, "high": 1}"#).replacingOccurrences(of: "\"x\"", with: "\"dau_mau\""),
         expected: #"{M}: model uses column "dau_mau", which the snapshots do not have; available: x"#),
    Case(name: "unknown transform", model: model(transform: #"{"type": "sigmoid"}"#),
         expected: #"{M}:1: components[0].signals[0].transform.type: unknown transform "sigmoid"; expected linear, bands, boolean, delta or category"#),
    Case(name: "component named twice (the schema has no references, so no cycles)", model: model(twice: true),
         expected: #"{M}: components[1].name: component "usage" appears twice; expected unique names"#),
    Case(name: "weights all zero", model: model(weight: "0"),
         expected: "{M}: components: component weights sum to 0; expected a positive total"),
    Case(name: "negative weight", model: model(weight: "-5"),
         expected: "{M}: components[0].weight: expected a finite weight ≥ 0, found -5.0"),
    Case(name: "infinite weight", model: model(weight: "1e999"),
         expected: "{M}:1:71: number 1e999 is out of range; expected a finite number within ±1.8e308"),
    Case(name: "outcome for an unknown account", outcomes: "account_id,outcome,date\nZ,churned,2025-06-01\n",
         expected: #"{O}:2:1: outcome for unknown account "Z"; expected an account present in the snapshots"#),
    Case(name: "outcome dated before every snapshot", outcomes: "account_id,outcome,date\nA,churned,2024-01-01\n",
         expected: #"{O}:2:3: outcome for account "A" is dated 2024-01-01, before its first snapshot (2025-03-01); expected a date on or after the account's first snapshot"#),
    Case(name: "unknown outcome", outcomes: "account_id,outcome,date\nA,lost,2025-06-01\n",
         expected: #"{O}:2:2: column "outcome": expected churned or renewed (map other words with --outcome-values churned=Lost,renewed=Won), found "lost""#),
    Case(name: "header-only outcomes", outcomes: "account_id,outcome,date\n",
         expected: "{O}: no churned account could be scored at any horizon (0 outcomes, 0 churned); expected churned accounts with a snapshot at least 30 days before their churn date"),
    Case(name: "no churned account scored", outcomes: "account_id,outcome,date\nA,churned,2025-03-10\nB,renewed,2025-06-01\n",
         expected: "{O}: no churned account could be scored at any horizon (2 outcomes, 1 churned); expected churned accounts with a snapshot at least 30 days before their churn date"),
    Case(name: "landmark design: unknown value", extraArguments: ["--design", "matched"],
         expected: "error: The value 'matched' is invalid for '--design <auto|landmark|renewal>': expected one of auto, renewal, landmark"),
    Case(name: "landmark spacing without a unit", extraArguments: ["--landmark-every", "4"],
         expected: "error: The value '4' is invalid for '--landmark-every <SPACING>': expected a spacing such as 1m, 4w or 30d"),
    Case(name: "a mapped column the header lacks", extraArguments: ["--columns", "as_of=Snapshot Date"],
         expected: #"{S}: missing required column "Snapshot Date"; found columns: "account_id", "as_of", "segment", "x"; --columns maps as_of to it; name a column the header has"#),
    Case(name: "a date that is US or UK", snapshots: "account_id,as_of,x\nA,03/04/2025,0.2\n",
         expected: #"{S}:2:2: column "as_of": expected a date YYYY-MM-DD (it could be MM/DD/YYYY or DD/MM/YYYY, which cannot be told apart; pass --date-format with the one the export uses), found "03/04/2025""#),
    Case(name: "an Excel short date", snapshots: "account_id,as_of,x\nA,3/4/25,0.2\n",
         expected: #"{S}:2:2: column "as_of": expected a date YYYY-MM-DD (it could be M/D/YY or D/M/YY, which cannot be told apart; pass --date-format with the one the export uses), found "3/4/25""#),
    Case(name: "a US date", snapshots: "account_id,as_of,x\nA,03/15/2025,0.2\n",
         expected: #"{S}:2:2: column "as_of": expected a date YYYY-MM-DD (it looks like MM/DD/YYYY; pass --date-format MM/DD/YYYY), found "03/15/2025""#),
    Case(name: "a timestamp", snapshots: "account_id,as_of,x\nA,2025-03-15T10:00:00Z,0.2\n",
         expected: #"{S}:2:2: column "as_of": expected a date YYYY-MM-DD (it looks like a timestamp; pass --date-format YYYY-MM-DDTHH:MM:SS to read its day), found "2025-03-15T10:00:00Z""#),
    Case(name: "an outcome word not mapped", outcomes: "account_id,outcome,date\nA,Cancelled,2025-06-01\n",
         extraArguments: ["--outcome-values", "churned=Lost,renewed=Won"],
         expected: #"{O}:2:2: column "outcome": expected one of churned, lost, renewed, won (map other words with --outcome-values), found "Cancelled""#),
    Case(name: "more segments than --max-segments", snapshots: "account_id,as_of,segment,x\nA,2025-03-01,SMB,0.2\nB,2025-03-01,Enterprise,0.8\n",
         extraArguments: ["--max-segments", "1"],
         expected: #"{S}:3:3: column "segment": expected at most 1 distinct values to break results down by (is this an id column? pass --segment-by with a column of a few groups, --segment-by none, or --max-segments N), found "Enterprise""#),
    Case(name: "--segment-by a column the export lacks", extraArguments: ["--segment-by", "region"],
         expected: #"{S}: missing required column "region"; found columns: "account_id", "as_of", "segment", "x"; --segment-by names a column to break results down by; name one the header has, or pass --segment-by none"#),
    Case(name: "--segment-by against the model's overrides",
         model: #"{"schema": 1, "name": "m", "segments": {"SMB": {"weights": {"usage": 50}}}, "components": [{"name": "usage", "weight": 100, "signals": [{"column": "x", "transform": {"type": "linear", "low": 0, "high": 1}}]}]}"#,
         extraArguments: ["--segment-by", "region"],
         expected: "error: The value 'region' is invalid for '--segment-by <COLUMN|none>': expected segment, the column the model's segment overrides key on (scores depend on it), or none"),
    Case(name: "a percentage without --percent", snapshots: "account_id,as_of,x\nA,2025-03-01,45%\n",
         expected: #"{S}:2:3: column "x": expected a finite number, a boolean (true/false/1/0/yes/no) or an empty cell (for percentages such as "45%", pass --percent or set "percent": true on the model's signal), found "45%""#),
    Case(name: "a thousands separator", snapshots: "account_id,as_of,x\nA,2025-03-01,\"1,234\"\n",
         expected: #"{S}:2:3: column "x": expected a finite number, a boolean (true/false/1/0/yes/no) or an empty cell (thousands separators are not read: export numbers without them, such as 1234.5), found "1,234""#),
    Case(name: "a category label the model does not score", snapshots: "account_id,as_of,tier\nA,2025-03-01,premier\nB,2025-03-01,basic\n",
         model: #"{"schema": 1, "name": "m", "components": [{"name": "plan", "weight": 100, "signals": [{"column": "tier", "transform": {"type": "category", "scores": {"premier": 100}}}]}]}"#,
         expected: #"{S}:3:3: column "tier": expected a label the model scores (premier); add it to the category's "scores" or give the transform an "other" score, found "basic""#),
    Case(name: "a thread count that is not a number", extraArguments: ["--threads", "two"],
         expected: "error: The value 'two' is invalid for '--threads <N>': expected an integer from 1 to 256"),
    Case(name: "horizon of zero", extraArguments: ["--horizons", "0"],
         expected: "error: The value '0' is invalid for '--horizons <DAYS>': expected a comma-separated list of integers from 1 to 3650"),
    Case(name: "negative horizon", extraArguments: ["--horizons", "-30"],
         expected: "error: The value '-30' is invalid for '--horizons <DAYS>': expected a comma-separated list of integers from 1 to 3650"),
    Case(name: "fractional horizon", extraArguments: ["--horizons", "90,1.5"],
         expected: "error: The value '90,1.5' is invalid for '--horizons <DAYS>': expected a comma-separated list of integers from 1 to 3650"),
  ]

  @Test(arguments: cases)
  func rejectedWithOneLine(_ item: Case) throws {
    let paths = try EndToEndTests.files([item.snapshotsName: item.snapshots, "o.csv": item.outcomes, "m.json": item.model])
    let result = EndToEndTests.run(
      ["audit", "--snapshots", paths[item.snapshotsName]!, "--outcomes", paths["o.csv"]!, "--model", paths["m.json"]!, "--bootstrap", "0"]
        + item.extraArguments)
    let expected = item.expected
      .replacingOccurrences(of: "{S}", with: paths[item.snapshotsName]!)
      .replacingOccurrences(of: "{O}", with: paths["o.csv"]!)
      .replacingOccurrences(of: "{M}", with: paths["m.json"]!)
    #expect(result.status == 1)
    let firstLine = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
    #expect(firstLine == (expected.hasPrefix("error: ") ? expected : "error: " + expected))
    #expect(result.stdout.isEmpty)
  }

  @Test func tooManySegmentsIsAnIdColumnNotATier() throws {
    var csv = "account_id,as_of,segment,x\n"
    for i in 0...ImportSettings.defaultMaximumSegments { csv += "A\(i),2025-03-01,S\(i),1\n" }
    let paths = try EndToEndTests.files(["s.csv": csv])
    let result = EndToEndTests.run(["validate", "--snapshots", paths["s.csv"]!])
    #expect(result.status == 1)
    #expect(result.stdout.hasPrefix(
      #"\#(paths["s.csv"]!):52:3: column "segment": expected at most 50 distinct values to break results down by (is this an id column? pass --segment-by with a column of a few groups, --segment-by none, or --max-segments N), found "S50""#))
  }

  @Test func aHugeLineIsRefusedAtTheFieldLimit() throws {
    // Stands in for the 2 GB line: the reader stops at 1 MiB per field (and
    // 64 MiB per record) instead of buffering the line.
    var bytes = Array("account_id,as_of,x\nA,2025-03-01,".utf8)
    bytes += [UInt8](repeating: UInt8(ascii: "9"), count: 2 << 20)
    bytes += Array("\n".utf8)
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("long.csv").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let result = EndToEndTests.run(["validate", "--snapshots", path])
    #expect(result.status == 1)
    #expect(result.stdout.hasPrefix("\(path):2:3: field longer than 1048576 bytes; expected at most 1048576 bytes per field"))
  }
}

/// One error style, and messages that name what the user typed.
@Suite struct ErrorWordingTests {
  @Test func aDirectoryAsTheModelSaysSo() throws {
    let directory = try TestData.temporaryDirectory().path
    let result = EndToEndTests.run(["audit", "--demo", "--model", directory])
    #expect(result.status == 1)
    #expect(result.stderr == "error: \(directory): cannot read file: is a directory; expected a model JSON file (or a preset name)\n")
  }

  @Test func anUnknownPresetBlamesTheArgumentNotAnOption() {
    let result = EndToEndTests.run(["presets", "BADNAME"])
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("error: The value 'BADNAME' is invalid for '<name>': expected one of chs-4, chs-5\n"))
  }

  /// Usage and input errors share the `error: ` prefix.
  @Test func usageAndInputErrorsLookAlike() {
    #expect(EndToEndTests.run(["audit", "--demo", "--horizons", "0"]).stderr.hasPrefix("error: "))
    #expect(EndToEndTests.run(["audit", "--snapshots", "/nonexistent.csv", "--outcomes", "/nonexistent.csv"]).stderr.hasPrefix("error: "))
  }
}
