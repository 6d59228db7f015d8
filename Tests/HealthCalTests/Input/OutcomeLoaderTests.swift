import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

@Suite struct OutcomeLoaderTests {
  static func load(_ text: String, name: String = "o.csv") throws -> [Outcome] {
    let snapshots = try TestData.table("account_id,as_of,x\nA,2025-01-01,1\nB,2025-01-01,1\nC,2025-01-01,1\n")
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    do {
      return try OutcomeLoader.load(path: path, snapshots: snapshots)
    } catch {
      // Report the error without the temporary directory, so expectations stay readable.
      throw InputError.malformed(SourceLocation(file: name, line: error.location.line, column: error.location.column), detail: error.description.components(separatedBy: ": ").dropFirst().joined(separator: ": "))
    }
  }

  @Test func outcomesAreTiedToAccounts() throws {
    let outcomes = try Self.load("account_id,outcome,date,arr\nB,renewed,,5000\nA,churned,2025-03-01,\n")
    #expect(outcomes.map(\.account) == [0, 1])
    #expect(outcomes[0] == Outcome(account: 0, kind: .churned, date: CalendarDate(iso: "2025-03-01"), arr: nil, line: 3))
    #expect(outcomes[1] == Outcome(account: 1, kind: .renewed, date: nil, arr: 5000, line: 2))
  }

  @Test func jsonLinesOutcomes() throws {
    let outcomes = try Self.load("{\"account_id\": \"C\", \"outcome\": \"churned\", \"date\": \"2025-02-01\", \"arr\": 12.5}\n", name: "o.jsonl")
    #expect(outcomes == [Outcome(account: 2, kind: .churned, date: CalendarDate(iso: "2025-02-01"), arr: 12.5, line: 1)])
  }

  @Test(arguments: [
    ("account_id,outcome,date\nZ,churned,2025-03-01\n", "o.csv:2:1: outcome for unknown account \"Z\"; expected an account present in the snapshots"),
    ("account_id,outcome,date\nA,churned,\n", "o.csv:2:3: column \"date\": expected a churn date YYYY-MM-DD (required for churned accounts), found \"\""),
    ("account_id,outcome,date\nA,left,2025-03-01\n", "o.csv:2:2: column \"outcome\": expected churned or renewed (map other words with --outcome-values churned=Lost,renewed=Won), found \"left\""),
    ("account_id,outcome,date\nA,churned,2025-03-01\nA,renewed,\n", "o.csv:3:1: second outcome for account \"A\" (first on line 2); expected one outcome per account"),
    ("account_id,date\nA,2025-03-01\n", "o.csv: missing required column \"outcome\"; found columns: \"account_id\", \"date\"; if the export calls it something else, pass --outcome-columns outcome=NAME (or set it in healthcal.json)"),
    ("account_id,outcome,date,arr\nA,churned,2025-03-01,-5\n", "o.csv:2:4: column \"arr\": expected a finite number ≥ 0 or an empty cell, found \"-5\""),
  ])
  func badOutcomesAreRejected(_ example: (String, String)) {
    do {
      _ = try Self.load(example.0)
      Issue.record("expected an error")
    } catch {
      #expect(String(describing: error) == example.1)
    }
  }
}
