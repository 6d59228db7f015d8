import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

/// `healthcal signals` end to end on the demo book.
@Suite struct SignalsCommandTests {
  @Test func demoRanksColumnsInEveryFormat() throws {
    let table = EndToEndTests.run(["signals", "--demo", "--bootstrap", "100", "--quiet"])
    #expect(table.status == 0, "\(table.stderr)")
    #expect(table.stdout.contains("Ranking") && table.stdout.contains("exec_login_days"))
    let json = EndToEndTests.run(["signals", "--demo", "--bootstrap", "100", "--format", "json", "--quiet"])
    #expect(json.status == 0)
    let parsed = try JSONParser.parse(json.stdout, file: "signals.json")
    guard case .object(let object) = parsed, case .array(let columns)? = object["columns"] else {
      Issue.record("expected a columns array")
      return
    }
    // Every numeric and boolean demo column, not only the model's.
    #expect(columns.count == 11)
    let csv = EndToEndTests.run(["signals", "--demo", "--bootstrap", "0", "--format", "csv", "--quiet"])
    #expect(csv.stdout.split(separator: "\n").count == 1 + 11 * 3)
    let markdown = EndToEndTests.run(["signals", "--demo", "--bootstrap", "0", "--format", "markdown", "--quiet"])
    #expect(markdown.stdout.hasPrefix("# Signals\n"))
  }

  @Test func suggestedModelLoadsBackAndAudits() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("suggested.json").path
    let run = EndToEndTests.run(["signals", "--demo", "--bootstrap", "0", "--suggest-model", path])
    #expect(run.status == 0)
    #expect(run.stderr.contains("wrote suggested model to \(path): 3 changes"))
    let model = try HealthModel.load(path: path)
    #expect(model.name == "chs-4-suggested")
    guard case .object(let provenance)? = model.calibration, case .array(let changes)? = provenance["changes"] else {
      Issue.record("expected a provenance block with changes")
      return
    }
    #expect(changes.count == 3 && provenance["source"] == .string("signals"))
    #expect(EndToEndTests.run(["audit", "--demo", "--model", path, "--bootstrap", "0"]).status == 0)
    // An existing file is kept without --force.
    #expect(EndToEndTests.run(["signals", "--demo", "--bootstrap", "0", "--suggest-model", path]).status == 1)
  }

  @Test func sameSeedSameBytes() {
    let arguments = ["signals", "--demo", "--bootstrap", "50", "--format", "json", "--seed", "9", "--quiet"]
    #expect(EndToEndTests.run(arguments).stdout == EndToEndTests.run(arguments).stdout)
  }

  @Test func badLimitsAreOneLine() {
    let result = EndToEndTests.run(["signals", "--demo", "--max-bins", "1"])
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("error: The value '1' is invalid for '--max-bins <N>': expected an integer from 2 to 50\n"))
  }
}
