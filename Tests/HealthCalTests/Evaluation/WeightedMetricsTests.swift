import Testing

import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

@Suite struct WeightedMetricsTests {
  /// Coarse scores (multiples of 10), so most risk values are shared by churned and renewed accounts.
  static let sample = MetricTestData.sample(count: 300, seed: 13, coarse: true)
  static let risk = MetricTestData.risk(sample.scores)
  static let ranked = RankedScores(risk: risk, isChurned: sample.isChurned)

  static func auc(_ multiplicities: [Int32]) -> Double? {
    multiplicities.withUnsafeBufferPointer {
      WeightedMetrics.rocAUC(ranked: ranked, isChurned: sample.isChurned, multiplicities: $0)
    }
  }

  /// The AUC of the sample with account i listed `multiplicities[i]` times.
  static func expandedAUC(_ multiplicities: [Int32]) -> Double? {
    var risk: [Double] = [], isChurned: [Bool] = []
    for (i, count) in multiplicities.enumerated() {
      risk += repeatElement(Self.risk[i], count: Int(count))
      isChurned += repeatElement(sample.isChurned[i], count: Int(count))
    }
    return RankedScores(risk: risk, isChurned: isChurned).rocAUC
  }

  @Test func unitWeightsReproduceTheUnweightedAUCExactly() throws {
    let expected = try #require(Self.ranked.rocAUC)
    #expect(Self.auc([Int32](repeating: 1, count: 300)) == expected)
  }

  @Test func weightTwoIsTheAccountListedTwice() {
    for k in [0, 1, 17, 150, 299] {
      var weights = [Int32](repeating: 1, count: 300)
      weights[k] = 2
      let duplicated = RankedScores(risk: Self.risk + [Self.risk[k]], isChurned: Self.sample.isChurned + [Self.sample.isChurned[k]])
      #expect(Self.auc(weights) == duplicated.rocAUC)
    }
  }

  @Test func weightZeroLeavesTheAccountOut() {
    var weights = [Int32](repeating: 1, count: 300)
    weights[42] = 0
    var risk = Self.risk, isChurned = Self.sample.isChurned
    risk.remove(at: 42)
    isChurned.remove(at: 42)
    #expect(Self.auc(weights) == RankedScores(risk: risk, isChurned: isChurned).rocAUC)
  }

  @Test func bootstrapWeightsEqualTheResampledRows() {
    for seed in 1...20 as ClosedRange<UInt64> {
      var generator = SeededGenerator(seed: seed)
      var weights = [Int32](repeating: 0, count: 300)
      for _ in 0..<300 { weights[generator.nextInt(below: 300)] += 1 }
      #expect(Self.auc(weights) == Self.expandedAUC(weights))
    }
  }

  @Test func tiesAcrossClassesCountHalf() {
    // One churned and one renewed account at the same risk, the churned one drawn twice: 2 tied pairs of 2 → 0.5.
    let ranked = RankedScores(risk: [5, 5], isChurned: [true, false])
    let auc = [Int32(2), 1].withUnsafeBufferPointer {
      WeightedMetrics.rocAUC(ranked: ranked, isChurned: [true, false], multiplicities: $0)
    }
    #expect(auc == 0.5)
  }

  @Test func aucIsUndefinedWhenAWeightedClassIsEmpty() {
    let weights = Self.sample.isChurned.map { Int32($0 ? 0 : 2) }
    #expect(Self.auc(weights) == nil)
    #expect(Self.auc([Int32](repeating: 0, count: 300)) == nil)
  }

  @Test func rateCountsTheNumeratorInsideTheDenominator() {
    let numerator = [true, true, false, true, false]
    let denominator = [true, true, true, false, false]
    // Weights 2, 1, 3 on the denominator's accounts; account 3 is in the numerator only and does not count.
    let value = [Int32(2), 1, 3, 5, 7].withUnsafeBufferPointer {
      WeightedMetrics.rate(numerator: numerator, denominator: denominator, multiplicities: $0)
    }
    #expect(value == 3.0 / 6.0)
  }

  @Test func rateWithUnitWeightsIsTheRateValue() {
    let green = Self.sample.scores.map { $0 >= 70 }
    let churned = Self.sample.isChurned
    let rate = Rate(zip(green, churned).filter { $0 && $1 }.count, of: churned.filter { $0 }.count)
    let value = [Int32](repeating: 1, count: 300).withUnsafeBufferPointer {
      WeightedMetrics.rate(numerator: green, denominator: churned, multiplicities: $0)
    }
    #expect(value == rate.value)
  }

  @Test func rateIsUndefinedWithNoDenominatorWeight() {
    let value = [Int32(0), 4].withUnsafeBufferPointer {
      WeightedMetrics.rate(numerator: [true, true], denominator: [true, false], multiplicities: $0)
    }
    #expect(value == nil)
  }
}
