import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalReports

/// The comparison report on the hand-computed ``HandComparisonBook``.
@Suite struct ComparisonReportTests {
  @Test func resultIsIdenticalWhateverTheRowOrder() throws {
    let lines = HandComparisonBook.csv.split(separator: "\n")
    let reversed = ([lines[0]] + lines.dropFirst().reversed()).joined(separator: "\n")
    let shuffled = ModelComparison(
      baseline: try HandComparisonBook.audit(HandComparisonBook.model("x"), csv: reversed), candidate: try HandComparisonBook.audit(HandComparisonBook.model("y"), csv: reversed),
      bootstrapReplicates: 200, seed: 1)
    let original = try HandComparisonBook.comparison(replicates: 200)
    #expect(shuffled.json.serialized(pretty: true) == original.json.serialized(pretty: true))
  }

  @Test func reportsRenderEveryFormat() throws {
    let comparison = try HandComparisonBook.comparison(replicates: 100)
    let plain = ComparisonTextReport(comparison: comparison).render(.plain)
    #expect(plain.hasPrefix("healthcal compare: A = linear-x, B = linear-y\n"))
    #expect(plain.contains("30 days            7/6/6  33.3% (1/3)   33.3% (1/3)    0.0 pp"))
    #expect(plain.contains("30 days  E        renewed     45.0  red        50.0  amber"))
    let short = ComparisonTextReport(comparison: comparison, changeLimit: 2).render(.markdown)
    #expect(short.hasPrefix("# healthcal compare: A = linear-x, B = linear-y\n"))
    #expect(short.contains("… and 3 more (5 in all); --format json lists every one."))
    let csv = comparison.csv.split(separator: "\n")
    #expect(csv.count == 1 + 2 * 5)
    #expect(csv[0] == "horizon_days,metric,scored_both,a,b,difference,ci_low,ci_high,probability_positive,bootstrap_replicates")
    #expect(csv[7] == "30,at_risk_recall,6,0.3333333333333333,0.3333333333333333,0.0,,,,0")
    guard case .object(let root) = comparison.json, case .array(let changes)? = root["band_changes"] else {
      Issue.record("unexpected JSON shape")
      return
    }
    #expect(root.keys == ["report", "schema", "tool", "models", "inputs", "settings", "design", "warnings", "horizons", "band_changes"])
    #expect(changes.count == 5)
  }
}
