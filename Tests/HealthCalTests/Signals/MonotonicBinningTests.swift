import Foundation
import Testing
@testable import HealthCal
@testable import HealthCalFormats

@Suite struct MonotonicBinningTests {
  /// Churn 1 in 2 below 300 and 1 in 10 from 300: two bins, cut at 300.
  @Test func findsAPlantedStep() {
    let values = (0..<1_000).map(Double.init)
    let isCase = (0..<1_000).map { $0 < 300 ? $0 % 2 == 0 : $0 % 10 == 0 }
    #expect(MonotonicBinning.thresholds(values: values, isCase: isCase, weights: nil, trend: .descending) == [300])
  }

  @Test func noSignalIsOneBin() {
    let values = (0..<1_000).map(Double.init)
    let isCase = (0..<1_000).map { $0 % 5 == 0 }
    #expect(MonotonicBinning.thresholds(values: values, isCase: isCase, weights: nil, trend: .ascending).isEmpty)
  }

  /// Random books: churn rates follow the trend, every bin holds its share,
  /// no more bins than allowed, and tied values are never split.
  @Test func binsAreMonotonicLargeEnoughAndFew() {
    var generator = SeededGenerator(seed: 21)
    var settings = MonotonicBinning.Settings()
    settings.maximumBins = 4
    settings.minimumShare = 0.08
    for trial in 0..<30 {
      let n = 400 + trial * 50
      let values = (0..<n).map { _ in (Double.random(in: 0..<1, using: &generator) * 40).rounded() }
      let isCase = values.map { Double.random(in: 0..<1, using: &generator) < 0.05 + 0.4 * $0 / 40 }
      for trend in [MonotonicBinning.Trend.ascending, .descending] {
        let thresholds = MonotonicBinning.thresholds(values: values, isCase: isCase, weights: nil, trend: trend, settings: settings)
        #expect(thresholds.count + 1 <= 4)
        #expect(thresholds == thresholds.sorted() && Set(thresholds).count == thresholds.count)
        #expect(thresholds.allSatisfy { values.contains($0) }, "thresholds are values, so ties stay together")
        let bins = SignalBins(thresholds: thresholds, values: values, isCase: isCase).bins
        #expect(bins.allSatisfy { Double($0.count) >= 0.08 * Double(n) }, "trial \(trial)")
        let rates = bins.compactMap(\.churnRate)
        let ordered = trend == .ascending ? rates == rates.sorted() : rates == rates.sorted(by: >)
        #expect(ordered, "trial \(trial) \(trend)")
      }
    }
  }

  /// Cuts are chosen where the data differ most, so the test is corrected
  /// for the candidates: pure noise is split in few books, not in most.
  @Test func noiseIsRarelySplit() {
    var generator = SeededGenerator(seed: 77)
    var split = 0
    for _ in 0..<200 {
      let values = (0..<1_000).map { _ in Double.random(in: 0..<1, using: &generator) }
      let isCase = values.map { _ in Double.random(in: 0..<1, using: &generator) < 0.1 }
      if !MonotonicBinning.thresholds(values: values, isCase: isCase, weights: nil, trend: .ascending).isEmpty { split += 1 }
    }
    #expect(split <= 10, "\(split) of 200 noise books split")
  }

  @Test func orderOfObservationsDoesNotMatter() {
    var generator = SeededGenerator(seed: 4)
    let values = (0..<600).map { _ in Double(Int.random(in: 0..<60, using: &generator)) }
    let isCase = values.map { Double.random(in: 0..<1, using: &generator) < $0 / 80 }
    let permutation = Array(values.indices).shuffled(using: &generator)
    let a = MonotonicBinning.thresholds(values: values, isCase: isCase, weights: nil, trend: .ascending)
    let b = MonotonicBinning.thresholds(
      values: permutation.map { values[$0] }, isCase: permutation.map { isCase[$0] }, weights: nil, trend: .ascending)
    #expect(a == b && !a.isEmpty)
  }

  @Test func twoProportionPValue() {
    // 30 of 100 against 15 of 100: z = 0.15 / sqrt(0.225 · 0.775 · 0.02) = 2.5400, p = 0.011085 (scipy).
    let a = MonotonicBinning.Group(minimum: 0, count: 100, cases: 30, controls: 70)
    let b = MonotonicBinning.Group(minimum: 1, count: 100, cases: 15, controls: 85)
    #expect(abs(MonotonicBinning.pValue(a, b) - 0.011085166380602711) < 1e-12)
    #expect(MonotonicBinning.pValue(a, a) == 1)
  }
}
