import Testing

import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

/// A hand-computed comparison of ``HandComparisonBook``.
@Suite struct ModelComparisonTests {
  @Test func thirtyDayFiguresMatchTheHandCount() throws {
    let h = try #require(try HandComparisonBook.comparison().horizons.last)
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
    let changes = try HandComparisonBook.comparison().bandChanges
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
    let comparison = try HandComparisonBook.comparison()
    let parts = comparison.bandChangeBreakdown(horizon: 30)
    #expect(parts == ModelComparison.BandChangeBreakdown(
      churnedLeftGreen: 1, churnedBecameGreen: 1, churnedOther: 0, otherNewlyFlagged: 0, otherUnflagged: 1, otherUnchangedFlag: 1))
    for h in comparison.horizons { #expect(comparison.bandChangeBreakdown(horizon: h.horizon).total == h.bandChangeCount) }
  }

  @Test func bootstrapEstimatesAreThePointChanges() throws {
    let comparison = try HandComparisonBook.comparison(replicates: 200)
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
    let audit = try HandComparisonBook.audit(HandComparisonBook.model("x"))
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
}
