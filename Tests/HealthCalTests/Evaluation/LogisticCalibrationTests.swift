import Testing

import HealthCalTestSupport
@testable import HealthCal

@Suite struct LogisticCalibrationTests {
  @Test func labelsIndependentOfScoreGiveTheBaseRate() throws {
    // Scores 20 and 80 (x = +0.6 and −0.6), each with 1 churner in 4.
    // At b = 0 the slope gradient is 0.6·(4p − 1) − 0.6·(4p − 1) = 0, so b = 0, and
    // the intercept solves 8·σ(a) − 2 + λa = 0: σ(a) = 1/4 − λa/8 ≈ 0.25 + 1.4e-7.
    let scores: [Double] = [20, 20, 20, 20, 80, 80, 80, 80]
    let churned = [true, false, false, false, false, true, false, false]
    let fit = try #require(LogisticCalibration(scores: scores, isChurned: churned))
    #expect(abs(fit.slope) <= 1e-12)
    #expect(abs(fit.probability(score: 20) - 0.25) < 1e-6)
    #expect(abs(fit.probability(score: 55) - 0.25) < 1e-6)
    // Every p ≈ 1/4: Brier = (1/4)(3/4)² + (3/4)(1/4)² = 3/16, the base rate's p(1 − p).
    #expect(abs(fit.brierScore(scores: scores, isChurned: churned) - 0.1875) < 1e-6)
  }

  @Test func balancedSymmetricDataFitsOneHalf() throws {
    // Symmetric about score 50 with equal classes: a = b = 0 exactly solves the equations.
    let fit = try #require(
      LogisticCalibration(scores: [30, 70, 30, 70], isChurned: [true, true, false, false]))
    #expect(abs(fit.intercept) <= 1e-12)
    #expect(abs(fit.slope) <= 1e-12)
    #expect(fit.probability(score: 0) == 0.5)
    #expect(fit.brierScore(scores: [30, 70, 30, 70], isChurned: [true, true, false, false]) == 0.25)
  }

  @Test func separatedDataHasAFiniteFit() throws {
    let scores: [Double] = [10, 20, 30, 70, 80, 90]
    let churned = [true, true, true, false, false, false]
    let fit = try #require(LogisticCalibration(scores: scores, isChurned: churned))
    #expect(fit.intercept.isFinite && fit.slope.isFinite)
    #expect(fit.slope > 10)
    #expect(fit.probability(score: 10) > 0.999 && fit.probability(score: 90) < 0.001)
    #expect(fit.brierScore(scores: scores, isChurned: churned) < 1e-6)
    // Far outside the data the probability saturates rather than overflowing.
    #expect(fit.probability(score: -1e6) == 1)
    #expect(fit.probability(score: 1e6) == 0)
  }

  @Test func oneClassStillFits() throws {
    let fit = try #require(LogisticCalibration(scores: [40, 50, 60], isChurned: [false, false, false]))
    #expect(fit.intercept.isFinite && fit.intercept < -5)
    #expect(fit.probability(score: 50) < 0.01)
  }

  @Test func emptyInputHasNoFit() {
    #expect(LogisticCalibration(scores: [], isChurned: []) == nil)
  }

  @Test func fitIsStationary() throws {
    // At the optimum the penalised gradient vanishes: Σ(p − y) + λa = 0, Σ(p − y)x + λb = 0.
    let data = MetricTestData.sample(count: 2000, seed: 21)
    let fit = try #require(LogisticCalibration(scores: data.scores, isChurned: data.isChurned))
    var gradientA = LogisticCalibration.ridge * fit.intercept
    var gradientB = LogisticCalibration.ridge * fit.slope
    for (score, churned) in zip(data.scores, data.isChurned) {
      let residual = fit.probability(score: score) - (churned ? 1 : 0)
      gradientA += residual
      gradientB += residual * (50 - score) / 50
    }
    #expect(abs(gradientA) < 1e-9 && abs(gradientB) < 1e-9)
    #expect(fit.slope > 0)
  }

  @Test func invariantUnderPermutation() throws {
    let data = MetricTestData.sample(count: 1000, seed: 31)
    let order = MetricTestData.permutation(count: 1000, seed: 32)
    let scores = order.map { data.scores[$0] }
    let churned = order.map { data.isChurned[$0] }
    let original = try #require(LogisticCalibration(scores: data.scores, isChurned: data.isChurned))
    let shuffled = try #require(LogisticCalibration(scores: scores, isChurned: churned))
    // Sums in another order differ only by rounding.
    #expect(abs(original.intercept - shuffled.intercept) < 1e-12)
    #expect(abs(original.slope - shuffled.slope) < 1e-12)
    #expect(
      abs(
        original.brierScore(scores: data.scores, isChurned: data.isChurned)
          - shuffled.brierScore(scores: scores, isChurned: churned)) < 1e-14)
  }
}
