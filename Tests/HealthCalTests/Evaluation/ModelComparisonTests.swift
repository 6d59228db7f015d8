import Testing

import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats
@testable import HealthCalReports

/// A hand-computed comparison. Model A scores x, model B scores y (a missing y
/// leaves the account unscorable by B); both band red < 50, green ≥ 70. Every
/// outcome is on 2025-04-01; the January rows are what the 60-day horizon sees.
@Suite struct ModelComparisonTests {
  static let csv = """
    account_id,as_of,x,y
    A,2025-01-15,75,72
    A,2025-03-01,80,40
    B,2025-03-01,60,60
    C,2025-01-15,40,80
    C,2025-03-01,30,75
    D,2025-03-01,90,70
    E,2025-03-01,45,50
    F,2025-03-01,72,65
    G,2025-03-01,20,
    """
  static let kinds: [String: Outcome.Kind] = [
    "A": .churned, "B": .churned, "C": .churned, "D": .renewed, "E": .renewed, "F": .renewed, "G": .renewed,
  ]

  static func model(_ column: String) -> HealthModel {
    HealthModel(
      name: "linear-\(column)",
      components: [Component(name: column, weight: 100, signals: [Signal(column: column, transform: .linear(low: 0, high: 100))])],
      missing: .renormalize)
  }

  static func audit(_ model: HealthModel, csv: String = csv) throws -> Audit {
    let table = try TestData.table(csv)
    let date = CalendarDate(iso: "2025-04-01")!
    let outcomes = kinds.keys.sorted().map { Outcome(account: table.accountIndex(of: $0)!, kind: kinds[$0]!, date: date) }
    var configuration = RunSettings()
    configuration.horizons = [60, 30]
    configuration.bootstrapReplicates = 0
    return Audit(scorer: try Scorer(model: model, table: table, modelSource: "m"), outcomes: outcomes, configuration: configuration)
  }

  static func comparison(replicates: Int = 0) throws -> ModelComparison {
    ModelComparison(baseline: try audit(model("x")), candidate: try audit(model("y")), bootstrapReplicates: replicates, seed: 1)
  }

  @Test func thirtyDayFiguresMatchTheHandCount() throws {
    let h = try #require(try Self.comparison().horizons.last)
    #expect(h.horizon == 30)
    #expect(h.scoredByBaseline == 7 && h.scoredByCandidate == 6 && h.scoredByBoth == 6 && h.churnedScoredByBoth == 3)
    // A: bands A green, B amber, C red | D green, E red, F green.
    #expect(h.baseline.greenChurn == Rate(1, of: 3))
    #expect(h.baseline.atRiskRecall == Rate(1, of: 3))
    #expect(h.baseline.falseAlarmRate == Rate(1, of: 3))
    #expect(h.baseline.alertRate == Rate(2, of: 6))
    // B: bands A red, B amber, C green | D green, E amber, F amber.
    #expect(h.candidate.greenChurn == Rate(1, of: 3))
    #expect(h.candidate.atRiskRecall == Rate(1, of: 3))
    #expect(h.candidate.falseAlarmRate == Rate(0, of: 3))
    #expect(h.candidate.alertRate == Rate(1, of: 6))
    // Concordant pairs (churned scored below renewed): A 6 of 9 (ties none), B 5 of 9.
    #expect(h.baseline.rocAUC == 6.0 / 9.0)
    #expect(h.candidate.rocAUC == 5.0 / 9.0)
    #expect(h.rocAUCChange == 5.0 / 9.0 - 6.0 / 9.0)
    #expect(h.greenChurnChange == 0)
    #expect(h.falseAlarmRateChange == -1.0 / 3.0)
    #expect(h.bandChangeCount == 4)
  }

  @Test func bandChangesAreListedByHorizonThenAccount() throws {
    let changes = try Self.comparison().bandChanges
    let expected: [ModelComparison.BandChange] = [
      .init(accountID: "C", horizon: 60, isChurned: true, baselineScore: 40, baselineBand: .red, candidateScore: 80, candidateBand: .green),
      .init(accountID: "A", horizon: 30, isChurned: true, baselineScore: 80, baselineBand: .green, candidateScore: 40, candidateBand: .red),
      .init(accountID: "C", horizon: 30, isChurned: true, baselineScore: 30, baselineBand: .red, candidateScore: 75, candidateBand: .green),
      .init(accountID: "E", horizon: 30, isChurned: false, baselineScore: 45, baselineBand: .red, candidateScore: 50, candidateBand: .amber),
      .init(accountID: "F", horizon: 30, isChurned: false, baselineScore: 72, baselineBand: .green, candidateScore: 65, candidateBand: .amber),
    ]
    #expect(changes == expected)
  }

  /// At 30 days: A green → red and C red → green (churned), E red → amber
  /// (unflagged), F green → amber (flag unchanged under red): parts add up.
  @Test func bandChangeBreakdownAddsUp() throws {
    let comparison = try Self.comparison()
    let parts = comparison.bandChangeBreakdown(horizon: 30)
    #expect(parts == ModelComparison.BandChangeBreakdown(
      churnedLeftGreen: 1, churnedBecameGreen: 1, churnedOther: 0, otherNewlyFlagged: 0, otherUnflagged: 1, otherUnchangedFlag: 1))
    for h in comparison.horizons { #expect(comparison.bandChangeBreakdown(horizon: h.horizon).total == h.bandChangeCount) }
  }

  @Test func bootstrapEstimatesAreThePointChanges() throws {
    let comparison = try Self.comparison(replicates: 200)
    let h = try #require(comparison.horizons.last)
    let auc = try #require(h.rocAUCDifference)
    #expect(auc.estimate == h.rocAUCChange)
    #expect(auc.lower <= auc.estimate && auc.estimate <= auc.upper)
    let green = try #require(h.greenChurnDifference)
    #expect(green.estimate == 0)
    #expect(green.replicates <= 200 && green.replicates > 150)
    // Only two accounts are scored by both at 60 days, both churned: no AUC, but a green-churn difference.
    let sixty = try #require(comparison.horizons.first)
    #expect(sixty.scoredByBoth == 2)
    #expect(sixty.rocAUCDifference == nil && sixty.rocAUCChange == nil)
    #expect(sixty.greenChurnDifference?.estimate == 0.5)
  }

  @Test func aModelComparedWithItselfChangesNothing() throws {
    let audit = try Self.audit(Self.model("x"))
    let comparison = ModelComparison(baseline: audit, candidate: audit, bootstrapReplicates: 300, seed: 8)
    #expect(comparison.bandChanges.isEmpty)
    for h in comparison.horizons {
      #expect(h.baseline == h.candidate)
      #expect(h.bandChangeCount == 0)
      // Every defined change is exactly 0 (at 60 days no renewed account is scored, so no false-alarm rate).
      for change in [h.greenChurnChange, h.atRiskRecallChange, h.falseAlarmRateChange, h.alertRateChange, h.rocAUCChange] {
        #expect(change == nil || change == 0)
      }
      for bootstrap in [h.greenChurnDifference, h.rocAUCDifference].compactMap({ $0 }) {
        #expect(bootstrap.estimate == 0 && bootstrap.lower == 0 && bootstrap.upper == 0)
        #expect(bootstrap.probabilityPositive == 0.5)
      }
    }
    let thirty = try #require(comparison.horizons.last)
    #expect(thirty.rocAUCChange == 0 && thirty.falseAlarmRateChange == 0 && thirty.greenChurnChange == 0)
  }

  @Test func resultIsIdenticalWhateverTheRowOrder() throws {
    let lines = Self.csv.split(separator: "\n")
    let reversed = ([lines[0]] + lines.dropFirst().reversed()).joined(separator: "\n")
    let shuffled = ModelComparison(
      baseline: try Self.audit(Self.model("x"), csv: reversed), candidate: try Self.audit(Self.model("y"), csv: reversed),
      bootstrapReplicates: 200, seed: 1)
    let original = try Self.comparison(replicates: 200)
    #expect(shuffled.json.serialized(pretty: true) == original.json.serialized(pretty: true))
  }

  @Test func reportsRenderEveryFormat() throws {
    let comparison = try Self.comparison(replicates: 100)
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
