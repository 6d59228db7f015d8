import Testing

import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

@Suite struct RankedScoresTests {
  // Risks [1, 2, 2, 3], labels [F, T, F, T]: churned risks {2, 3}, renewed {1, 2}.
  let tied = RankedScores(risk: [1, 2, 2, 3], isChurned: [false, true, false, true])

  @Test func chartPointsAreTheCurveWhenSmall() {
    let ranked = RankedScores(risk: [1, 2, 3, 4], isChurned: [false, true, false, true])
    #expect(ranked.chartROCPoints.map(\.falsePositiveRate) == ranked.rocPoints.map(\.falsePositiveRate))
    #expect(ranked.chartROCPoints.map(\.truePositiveRate) == ranked.rocPoints.map(\.truePositiveRate))
  }

  @Test func chartPointsThinALargeCurveToExactVertices() {
    var generator = SeededGenerator(seed: 5)
    let risk = (0..<20_000).map { _ in Double.random(in: 0..<1, using: &generator) }
    let isChurned = risk.map { $0 + Double.random(in: 0..<1, using: &generator) > 1 }
    let ranked = RankedScores(risk: risk, isChurned: isChurned)
    let full = ranked.rocPoints
    let thinned = ranked.chartROCPoints
    #expect(full.count == 20_001)
    #expect(thinned.count <= 4_002 && thinned.count > 1_000)
    #expect(thinned.first! == full.first! && thinned.last! == full.last!)
    // Every kept point is a vertex of the exact curve, in order.
    var k = 0
    for point in thinned {
      while k < full.count, full[k] != point { k += 1 }
      #expect(k < full.count)
    }
    // Consecutive kept points are at most one step of 1/2,000 plus one vertex apart.
    let largestGap = zip(thinned, thinned.dropFirst()).map { max($1.0 - $0.0, $1.1 - $0.1) }.max()!
    #expect(largestGap < 1.0 / 2_000 + 1.0 / 1_000)
  }

  @Test func groupsObservationsByDistinctRisk() {
    #expect(tied.distinctRisks == [1, 2, 3])
    #expect(tied.positives == [0, 1, 1])
    #expect(tied.negatives == [1, 1, 0])
    #expect(tied.bucket == [0, 1, 1, 2])
    #expect(tied.positiveCount == 2)
    #expect(tied.negativeCount == 2)
  }

  @Test func negativeZeroSharesABucketWithZero() {
    let ranked = RankedScores(risk: [-0.0, 0.0, 1], isChurned: [true, false, false])
    #expect(ranked.distinctRisks.count == 2)
    #expect(ranked.distinctRisks[0].sign == .plus)
    #expect(ranked.bucket == [0, 0, 1])
  }

  @Test func aucCountsTiesAsHalf() {
    // Pairs (churned, renewed): (2,1) win, (2,2) tie = 1/2, (3,1) win, (3,2) win.
    // U = 3.5 over 2·2 = 4 pairs -> 0.875.
    #expect(tied.rocAUC == 0.875)
  }

  @Test func aucOfPerfectReversedAndTiedScores() {
    #expect(RankedScores(risk: [1, 2, 3, 4], isChurned: [false, false, true, true]).rocAUC == 1)
    #expect(RankedScores(risk: [1, 2, 3, 4], isChurned: [true, true, false, false]).rocAUC == 0)
    // Every pair tied: 4 churned × 3 renewed = 12 half-wins = 6 / 12.
    let flat = RankedScores(
      risk: Array(repeating: 7, count: 7), isChurned: [true, false, true, false, true, false, true])
    #expect(flat.rocAUC == 0.5)
  }

  @Test func aucOfSixDistinctValues() {
    // Renewed {1, 2, 4}, churned {3, 5, 6}: 3 beats 1, 2; 5 and 6 beat all three.
    // U = 2 + 3 + 3 = 8 of 9 pairs.
    let ranked = RankedScores(risk: [1, 2, 3, 4, 5, 6], isChurned: [false, false, true, false, true, true])
    #expect(ranked.rocAUC == 8.0 / 9.0)
  }

  @Test func undefinedMetricsWhenAClassIsEmpty() {
    let allChurned = RankedScores(risk: [1, 2, 3], isChurned: [true, true, true])
    let allRenewed = RankedScores(risk: [1, 2, 3], isChurned: [false, false, false])
    let empty = RankedScores(risk: [], isChurned: [])
    for ranked in [allChurned, allRenewed, empty] {
      #expect(ranked.rocAUC == nil)
      #expect(ranked.kolmogorovSmirnov == nil)
      #expect(ranked.rocPoints.isEmpty)
    }
    // With no renewed accounts every flagged account is a churner: precision 1.
    #expect(allChurned.averagePrecision == 1)
    #expect(allRenewed.averagePrecision == nil)
    #expect(empty.averagePrecision == nil)
    #expect(empty.distinctRisks.isEmpty && empty.bucket.isEmpty)
  }

  @Test func aucIsAntisymmetricUnderNegation() {
    for seed: UInt64 in 1...5 {
      let data = MetricTestData.sample(count: 300, seed: seed, coarse: seed.isMultiple(of: 2))
      let risk = MetricTestData.risk(data.scores)
      let forward = RankedScores(risk: risk, isChurned: data.isChurned).rocAUC!
      let backward = RankedScores(risk: risk.map { -$0 }, isChurned: data.isChurned).rocAUC!
      #expect(abs(forward - (1 - backward)) <= 1e-15)
    }
  }

  @Test func staticAUCFromInt32Counts() {
    let positives: [Int32] = [0, 1, 1]
    let negatives: [Int32] = [1, 1, 0]
    let auc = positives.withUnsafeBufferPointer { p in
      negatives.withUnsafeBufferPointer { n in RankedScores.rocAUC(positives: p, negatives: n) }
    }
    #expect(auc == 0.875)
    let none: [Int32] = [0, 0, 0]
    let undefined = positives.withUnsafeBufferPointer { p in
      none.withUnsafeBufferPointer { n in RankedScores.rocAUC(positives: p, negatives: n) }
    }
    #expect(undefined == nil)
  }

  @Test func averagePrecisionWithTies() {
    // [1, 2, 2, 3] / [F, T, F, T], thresholds high to low:
    //   t = 3: TP 1, FP 0 -> P = 1,   R = 1/2
    //   t = 2: TP 2, FP 1 -> P = 2/3, R = 1     (the tie enters together)
    //   t = 1: TP 2, FP 2 -> R unchanged, contributes 0
    // AP = 1/2 · 1 + 1/2 · 2/3 = 5/6.
    #expect(abs(tied.averagePrecision! - 5.0 / 6.0) <= 1e-15)

    // [3, 3, 2, 1] / [T, F, F, T]:
    //   t = 3: TP 1, FP 1 -> P = 1/2, R = 1/2
    //   t = 2: TP 1, FP 2 -> R unchanged
    //   t = 1: TP 2, FP 2 -> P = 1/2, R = 1
    // AP = 1/2 · 1/2 + 1/2 · 1/2 = 1/2.
    let tiedAtTop = RankedScores(risk: [3, 3, 2, 1], isChurned: [true, false, false, true])
    #expect(tiedAtTop.averagePrecision == 0.5)

    // [4, 3, 2, 1] / [T, F, T, F]: P = 1 at R = 1/2, P = 2/3 at R = 1 -> 5/6.
    let alternating = RankedScores(risk: [4, 3, 2, 1], isChurned: [true, false, true, false])
    #expect(abs(alternating.averagePrecision! - 5.0 / 6.0) <= 1e-15)

    // A perfect ranking has precision 1 at every recall step.
    #expect(RankedScores(risk: [1, 2, 3, 4], isChurned: [false, false, true, true]).averagePrecision == 1)
  }

  @Test func kolmogorovSmirnovByHand() {
    // [1, 2, 2, 3] / [F, T, F, T]: (F_churned, F_renewed) at 1: (0, 1/2); at 2: (1/2, 1); at 3: (1, 1).
    #expect(tied.kolmogorovSmirnov == 0.5)
    // Renewed {1, 2, 4}, churned {3, 5, 6}: at 2: F_renewed 2/3, F_churned 0 -> 2/3 (also at 4: 1 vs 1/3).
    let ranked = RankedScores(risk: [1, 2, 3, 4, 5, 6], isChurned: [false, false, true, false, true, true])
    #expect(ranked.kolmogorovSmirnov == 2.0 / 3.0)
    #expect(RankedScores(risk: [1, 2, 3, 4], isChurned: [false, false, true, true]).kolmogorovSmirnov == 1)
    #expect(RankedScores(risk: [5, 5, 5, 5], isChurned: [false, true, true, false]).kolmogorovSmirnov == 0)
  }

  @Test func rocPointsByHand() {
    // Start (0, 0); t = 3 flags one churner -> (0, 1/2); t = 2 adds the tie -> (1/2, 1); t = 1 -> (1, 1).
    let points = tied.rocPoints
    #expect(points.map(\.falsePositiveRate) == [0, 0, 0.5, 1])
    #expect(points.map(\.truePositiveRate) == [0, 0.5, 1, 1])
  }

  @Test func trapezoidAreaUnderROCPointsEqualsAUC() {
    for seed: UInt64 in 10...13 {
      let data = MetricTestData.sample(count: 500, seed: seed, coarse: seed.isMultiple(of: 2))
      let ranked = RankedScores(risk: MetricTestData.risk(data.scores), isChurned: data.isChurned)
      let points = ranked.rocPoints
      #expect(points.count == ranked.distinctRisks.count + 1)
      var area = 0.0
      for (left, right) in zip(points, points.dropFirst()) {
        area +=
          (right.falsePositiveRate - left.falsePositiveRate)
          * (left.truePositiveRate + right.truePositiveRate) / 2
      }
      #expect(abs(area - ranked.rocAUC!) <= 1e-12)
    }
  }

  @Test func metricsAreInvariantUnderPermutation() {
    let data = MetricTestData.sample(count: 1000, seed: 42)
    let risk = MetricTestData.risk(data.scores)
    let order = MetricTestData.permutation(count: risk.count, seed: 43)
    let original = RankedScores(risk: risk, isChurned: data.isChurned)
    let shuffled = RankedScores(risk: order.map { risk[$0] }, isChurned: order.map { data.isChurned[$0] })
    #expect(original.distinctRisks == shuffled.distinctRisks)
    #expect(original.positives == shuffled.positives)
    #expect(original.negatives == shuffled.negatives)
    #expect(order.map { original.bucket[$0] } == shuffled.bucket)
    #expect(original.rocAUC == shuffled.rocAUC)
    #expect(original.averagePrecision == shuffled.averagePrecision)
    #expect(original.kolmogorovSmirnov == shuffled.kolmogorovSmirnov)
  }
}
