import Testing

import HealthCalTestSupport
@testable import HealthCal

/// Found by the model fuzzer in CI: every sub-score 100 and weights whose
/// sum rounds down scored 100.00000000000001. Scores now stay in 0…100 on
/// every path, and the clamp cannot move a band.
@Suite struct ScoreRangeTests {
  @Test func aWeightedMeanOfHundredsIsHundred() throws {
    let weights = [0.001, 13.7, 13.7]
    var numerator = 0.0, denominator = 0.0
    for w in weights {
      numerator += w * 100
      denominator += w
    }
    #expect(numerator / denominator > 100, "the rounding this test pins down")
    #expect(SubScoreMatrix.score(numerator: numerator, denominator: denominator) == 100)

    let table = try TestData.table("account_id,as_of,a,b,c\nA,2025-03-01,1,1,1\n")
    let model = HealthModel(name: "m", components: zip(["a", "b", "c"], weights).map { name, weight in
      Component(name: name, weight: weight, signals: [Signal(column: name, transform: .linear(low: 0, high: 1))])
    }, bands: Bands(redBelow: 50, greenAtOrAbove: 100))
    let scorer = try Scorer(model: model, table: table, modelSource: "m")
    let scored = try #require(scorer.score(row: 0))
    #expect(scored.score == 100)
    #expect(scored.band == .green)
    #expect(SubScoreMatrix(scorer: scorer, rows: [0]).score(row: 0, weights: weights) == 100)
  }
}
