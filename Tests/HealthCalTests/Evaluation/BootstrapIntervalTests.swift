import Testing

import HealthCalTestSupport
@testable import HealthCal

@Suite struct BootstrapIntervalTests {
  let sample = MetricTestData.sample(count: 400, seed: 7)
  var ranked: RankedScores {
    RankedScores(risk: MetricTestData.risk(sample.scores), isChurned: sample.isChurned)
  }

  @Test func sameSeedSameInterval() throws {
    let first = try #require(BootstrapInterval.rocAUC(ranked, replicates: 300, seed: 11))
    let second = try #require(BootstrapInterval.rocAUC(ranked, replicates: 300, seed: 11))
    #expect(first == second)
    let other = try #require(BootstrapInterval.rocAUC(ranked, replicates: 300, seed: 12))
    #expect(other != first)
  }

  @Test func independentOfThreadCount() throws {
    let single = try #require(
      BootstrapInterval.rocAUC(ranked, replicates: 257, seed: 5, confidence: 0.95, threads: 1))
    for threads in [2, 3, 8] {
      let parallel = BootstrapInterval.rocAUC(
        ranked, replicates: 257, seed: 5, confidence: 0.95, threads: threads)
      #expect(parallel == single)
    }
  }

  @Test func containsThePointEstimate() throws {
    let auc = try #require(ranked.rocAUC)
    let interval = try #require(BootstrapInterval.rocAUC(ranked, seed: 2024))
    #expect(interval.replicates == 1000)
    #expect(interval.lower < auc && auc < interval.upper)
    // With 400 accounts the 95% interval of an AUC is a few hundredths wide, not a few tenths.
    #expect(interval.upper - interval.lower > 0.02 && interval.upper - interval.lower < 0.25)
    let narrower = try #require(BootstrapInterval.rocAUC(ranked, seed: 2024, confidence: 0.5))
    #expect(narrower.lower > interval.lower && narrower.upper < interval.upper)
  }

  @Test func invariantUnderInputOrder() {
    let order = MetricTestData.permutation(count: sample.scores.count, seed: 99)
    let risk = MetricTestData.risk(sample.scores)
    let shuffled = RankedScores(risk: order.map { risk[$0] }, isChurned: order.map { sample.isChurned[$0] })
    #expect(
      BootstrapInterval.rocAUC(shuffled, replicates: 200, seed: 3)
        == BootstrapInterval.rocAUC(ranked, replicates: 200, seed: 3))
  }

  @Test func skipsReplicatesWithAnEmptyClass() throws {
    // One churner in five accounts: a resample misses it with probability (4/5)^5 ≈ 0.33.
    let tiny = RankedScores(risk: [1, 2, 3, 4, 5], isChurned: [false, false, false, false, true])
    let interval = try #require(BootstrapInterval.rocAUC(tiny, replicates: 500, seed: 1))
    #expect(interval.replicates < 500)
    #expect(interval.replicates > 250)
    #expect(interval.lower >= 0 && interval.upper <= 1)
  }

  @Test func refusesUndefinedRequests() {
    let oneClass = RankedScores(risk: [1, 2, 3], isChurned: [true, true, true])
    #expect(BootstrapInterval.rocAUC(oneClass, seed: 1) == nil)
    #expect(BootstrapInterval.rocAUC(ranked, replicates: 0, seed: 1) == nil)
    #expect(BootstrapInterval.rocAUC(ranked, seed: 1, confidence: 1) == nil)
    #expect(BootstrapInterval.rocAUC(ranked, seed: 1, confidence: 0) == nil)
  }

  @Test func quantileMatchesNumpyLinear() {
    // numpy.quantile([1, 2, 3, 4], q): index (4 − 1)·q, interpolated linearly.
    let values: [Double] = [1, 2, 3, 4]
    #expect(BootstrapInterval.quantile(values, 0) == 1)
    #expect(BootstrapInterval.quantile(values, 1) == 4)
    #expect(BootstrapInterval.quantile(values, 0.5) == 2.5)
    #expect(abs(BootstrapInterval.quantile(values, 0.025) - 1.075) <= 1e-15)
    #expect(abs(BootstrapInterval.quantile(values, 0.975) - 3.925) <= 1e-15)
    #expect(BootstrapInterval.quantile([0.25], 0.975) == 0.25)
  }
}
