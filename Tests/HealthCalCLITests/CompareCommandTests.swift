import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalCLI
@testable import HealthCalFormats
@testable import HealthCalArguments

/// `healthcal compare` run in-process, on the demo data and on small files.
@Suite struct CompareCommandTests {
  static func report(_ run: EndToEndTests.Run) throws -> JSONObject {
    guard case .object(let root) = try JSONParser.parse(run.stdout, file: "report") else {
      throw UsageError.custom("report is not a JSON object")
    }
    return root
  }

  @Test func demoJSONIsByteIdenticalAcrossRuns() throws {
    let arguments = ["compare", "chs-4", "chs-5", "--demo", "--bootstrap", "200", "--format", "json"]
    let first = EndToEndTests.run(arguments)
    #expect(first.status == 0)
    #expect(first.stderr == "")
    #expect(EndToEndTests.run(arguments).stdout == first.stdout)
    let root = try Self.report(first)
    #expect(root["report"] == .string("compare"))
    #expect(root["models"] == .object(JSONObject([("a", .string("chs-4")), ("b", .string("chs-5"))])))
    guard case .array(let horizons)? = root["horizons"], case .array(let changes)? = root["band_changes"] else {
      Issue.record("unexpected report shape")
      return
    }
    #expect(horizons.count == 3)
    #expect(!changes.isEmpty)
  }

  @Test func aModelComparedWithItselfHasNoChangesAndZeroDifferences() throws {
    let run = EndToEndTests.run(["compare", "chs-4", "chs-4", "--demo", "--bootstrap", "100", "--format", "json"])
    #expect(run.status == 0)
    let root = try Self.report(run)
    #expect(root["band_changes"] == .array([]))
    guard case .array(let horizons)? = root["horizons"] else {
      Issue.record("unexpected report shape")
      return
    }
    for case .object(let horizon) in horizons {
      #expect(horizon["band_changes"] == .number(0))
      guard case .object(let difference)? = horizon["difference"] else {
        Issue.record("missing difference")
        continue
      }
      for key in ["green_churn_rate", "roc_auc"] {
        guard case .object(let paired)? = difference[key] else {
          Issue.record("missing \(key)")
          continue
        }
        #expect(paired["estimate"] == .number(0))
        #expect(paired["ci95"] == .array([.number(0), .number(0)]))
        #expect(paired["probability_positive"] == .number(0.5))
      }
      for key in ["at_risk_recall", "false_alarm_rate", "alert_rate"] {
        #expect(difference[key] == .number(0))
      }
    }
  }

  @Test func bandChangesOnSmallFilesMatchTheHandCount() throws {
    // Same score x under both models; B's green starts at 85, so only A (x = 80, churned) leaves green.
    let strict = TestData.linearModel(bands: Bands(redBelow: 50, greenAtOrAbove: 85))
    var paths = try EndToEndTests.validFiles()
    paths.merge(try EndToEndTests.files(["strict.json": strict.json.serialized(pretty: true)])) { $1 }
    let run = EndToEndTests.run([
      "compare", paths["m.json"]!, paths["strict.json"]!, "--snapshots", paths["s.csv"]!, "--outcomes", paths["o.csv"]!,
      "--horizons", "30", "--bootstrap", "0", "--format", "json",
    ])
    #expect(run.status == 0)
    let root = try Self.report(run)
    let change = JSONValue.object(JSONObject([
      ("account_id", .string("A")),
      ("horizon_days", .number(30)),
      ("outcome", .string("churned")),
      ("a", .object(JSONObject([("score", .number(80)), ("band", .string("green"))]))),
      ("b", .object(JSONObject([("score", .number(80)), ("band", .string("amber"))]))),
    ]))
    #expect(root["band_changes"] == .array([change]))
    guard case .array(let horizons)? = root["horizons"], case .object(let horizon)? = horizons.first,
      case .object(let difference)? = horizon["difference"], case .object(let green)? = difference["green_churn_rate"]
    else {
      Issue.record("unexpected report shape")
      return
    }
    // Green churn falls from 1 of 2 to 0 of 2; no bootstrap was asked for.
    #expect(green["estimate"] == .number(-0.5))
    #expect(green["ci95"] == .null)
    #expect(green["bootstrap_replicates"] == .number(0))
  }

  @Test func tableMarkdownAndCSVFormats() throws {
    let table = EndToEndTests.run(["compare", "chs-4", "chs-5", "--demo", "--bootstrap", "50"])
    #expect(table.status == 0)
    for needle in ["A = chs-4, B = chs-5", "Green-churn rate by horizon", "ROC AUC by horizon", "P(B better)", "Band changes", "90 days"] {
      #expect(table.stdout.contains(needle))
    }
    let markdown = EndToEndTests.run(["compare", "chs-4", "chs-5", "--demo", "--bootstrap", "50", "--format", "markdown"])
    #expect(markdown.stdout.hasPrefix("# healthcal compare: A = chs-4, B = chs-5\n"))
    let csv = EndToEndTests.run(["compare", "chs-4", "chs-5", "--demo", "--bootstrap", "50", "--format", "csv"])
    #expect(csv.stdout.hasPrefix("horizon_days,metric,scored_both,a,b,difference,"))
    #expect(csv.stdout.split(separator: "\n").count == 1 + 3 * 5)
  }

  @Test func writesOutAtomically() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("compare.json").path
    let run = EndToEndTests.run(["compare", "chs-4", "chs-5", "--demo", "--bootstrap", "0", "--format", "json", "--out", out])
    #expect(run.status == 0)
    #expect(run.stdout == "")
    #expect(run.stderr == "wrote \(out)\n")
    #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("{\n  \"report\": \"compare\""))
  }

  @Test func usageMistakesExitOne() {
    let missing = EndToEndTests.run(["compare", "chs-4", "--demo"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("<model-b>"))
    let unknown = EndToEndTests.run(["compare", "chs-4", "chs-9", "--demo"])
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("chs-9"))
    let noData = EndToEndTests.run(["compare", "chs-4", "chs-5"])
    #expect(noData.status == 1)
    #expect(noData.stderr.contains("--snapshots"))
    let conflicting = EndToEndTests.run(["compare", "chs-4", "chs-5", "--demo", "--snapshots", "s.csv"])
    #expect(conflicting.status == 1)
    let badFormat = EndToEndTests.run(["compare", "chs-4", "chs-5", "--demo", "--format", "pdf"])
    #expect(badFormat.status == 1)
    #expect(EndToEndTests.run(["--help"]).stdout.contains("compare"))
  }
}
