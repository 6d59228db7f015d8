import Foundation
import Testing
@testable import HealthCal
@testable import HealthCalCLI

/// `audit --explain ACCOUNT_ID` end to end.
@Suite struct ExplainCommandTests {
  static func arguments(_ paths: [String: String]) -> [String] {
    ["audit", "--snapshots", paths["s.csv"]!, "--outcomes", paths["o.csv"]!, "--model", paths["m.json"]!]
  }

  @Test func explainsOneAccountAtEveryHorizon() throws {
    let run = EndToEndTests.run(Self.arguments(try EndToEndTests.validFiles()) + ["--explain", "A"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr == "")
    #expect(run.stdout.hasPrefix("healthcal explain: account A, model linear-x\nsegment SMB, ARR 100, churned on 2025-04-01.\n"))
    #expect(run.stdout.contains("90 days before (2025-01-01): not scored"))
    #expect(run.stdout.contains("30 days before (2025-03-02): snapshot 2025-03-01, score 80.0, GREEN"))
    #expect(run.stdout.contains("  x alone: sub-score below 70.0 (now 80.0)."))
  }

  @Test func unknownAccountIsOneLineAndExitOne() throws {
    let run = EndToEndTests.run(Self.arguments(try EndToEndTests.validFiles()) + ["--explain", "ACME <ghost>"])
    #expect(run.status == 1)
    #expect(run.stdout == "")
    #expect(run.stderr.split(separator: "\n").count == 1)
    #expect(run.stderr.contains("no account \"ACME <ghost>\""))
  }

  @Test func explainOnTheDemo() {
    let run = EndToEndTests.run(["audit", "--demo", "--explain", "ACC-000099"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("score 72.5, GREEN"))
    #expect(run.stdout.contains("To turn amber: the score would have had to fall by more than 2.5 points (below 70)."))
  }

  @Test func explainIsTextOnly() throws {
    let run = EndToEndTests.run(Self.arguments(try EndToEndTests.validFiles()) + ["--explain", "A", "--format", "json"])
    #expect(run.status == 1)
    #expect(run.stderr.contains("'--explain' cannot be used with '--format'"))
  }
}
