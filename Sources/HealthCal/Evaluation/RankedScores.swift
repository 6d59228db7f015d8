/// Observations grouped into distinct risk values (sorted ascending), with
/// positive/negative counts per value.
///
/// Every threshold-free metric (ROC AUC, average precision, KS, the ROC curve)
/// depends only on how many churned and renewed observations sit at each
/// distinct risk value, so one O(n log n) sort builds this table and every
/// metric after it is a single O(d) pass over the d distinct values. The
/// bootstrap reuses the table too: a resample is just new counts per value.
///
/// Working on *distinct values* rather than on observations is also what makes
/// ties come out right. A threshold sits between distinct values, never between
/// two observations with the same risk, so tied observations are always
/// flagged together, exactly as a real alert rule would flag them. Every metric
/// here is computed from the counts alone, so it is bit-for-bit the same
/// whatever order the observations arrive in.
///
/// Convention: `risk` is higher for accounts more likely to churn (pass
/// `100 - score` for a 0–100 health score where low means at risk), and the
/// positive class is *churned*.
package struct RankedScores: Sendable {
  /// The distinct risk values, ascending. `-0.0` is stored as `0.0`.
  package private(set) var distinctRisks: [Double]
  /// Churned observations at each distinct risk value (parallel to `distinctRisks`).
  package private(set) var positives: [Int]
  /// Renewed observations at each distinct risk value (parallel to `distinctRisks`).
  package private(set) var negatives: [Int]
  /// For each input observation, in input order, its index into `distinctRisks`.
  ///
  /// Lets a caller map observations to ranks without sorting again, for
  /// example to resample the same accounts under two models.
  package private(set) var bucket: [Int32]
  /// The number of churned observations (the positive class).
  package private(set) var positiveCount: Int
  /// The number of renewed observations (the negative class).
  package private(set) var negativeCount: Int
  /// Where renewed observations carry weights (the landmark design's
  /// controls, see ``LandmarkWeights``): their summed weight at each distinct
  /// risk value; `nil` when each counts once. Average precision, KS and the
  /// ROC curve then use the weights; ``rocAUC`` never does (the landmark
  /// design's AUC is ``LandmarkConcordance``).
  package private(set) var negativeWeights: [Double]?

  /// Groups observations by distinct risk value.
  ///
  /// - Parameters:
  ///   - risk: One risk value per observation; higher means more likely to
  ///     churn. Must not contain NaN (input validation rejects NaN upstream;
  ///     a NaN here is a programming error and traps, because it has no rank).
  ///   - isChurned: One outcome per observation, `true` for churned.
  /// - Precondition: `risk.count == isChurned.count`, fewer than 2³¹ observations.
  /// - Complexity: O(n log n) for n observations: one sort of the values, then a
  ///   binary search per observation into the d distinct values.
  package init(risk: [Double], isChurned: [Bool]) {
    precondition(risk.count == isChurned.count, "risk and isChurned must have the same length")
    precondition(risk.count <= Int(Int32.max), "too many observations for 32-bit bucket indices")
    precondition(!risk.contains(where: \.isNaN), "risk must not contain NaN")

    var distinct = risk.sorted()
    if !distinct.isEmpty {
      var write = 0
      for read in 1..<distinct.count where distinct[read] != distinct[write] {
        write += 1
        distinct[write] = distinct[read]
      }
      distinct.removeSubrange((write + 1)...)
    }
    // Adding +0.0 turns -0.0 into +0.0, so the stored values do not depend on
    // which of two equal zeros happened to come first.
    for i in distinct.indices { distinct[i] += 0.0 }

    var positives = [Int](repeating: 0, count: distinct.count)
    var negatives = [Int](repeating: 0, count: distinct.count)
    var bucket = [Int32](repeating: 0, count: risk.count)
    var positiveCount = 0
    distinct.withUnsafeBufferPointer { values in
      for i in risk.indices {
        let index = Self.firstIndex(notBelow: risk[i], in: values)
        bucket[i] = Int32(truncatingIfNeeded: index)
        if isChurned[i] {
          positives[index] += 1
          positiveCount += 1
        } else {
          negatives[index] += 1
        }
      }
    }
    self.distinctRisks = distinct
    self.positives = positives
    self.negatives = negatives
    self.bucket = bucket
    self.positiveCount = positiveCount
    self.negativeCount = risk.count - positiveCount
  }

  /// Groups observations by distinct risk value, renewed observations
  /// weighted by `weights` (churned observations count once whatever their
  /// weight). Observations of weight 0 are left out.
  package init(risk: [Double], isChurned: [Bool], renewedWeights weights: [Double]) {
    precondition(weights.count == risk.count, "one weight per observation")
    let kept = risk.indices.filter { isChurned[$0] || weights[$0] > 0 }
    self.init(risk: kept.map { risk[$0] }, isChurned: kept.map { isChurned[$0] })
    var negativeWeights = [Double](repeating: 0, count: distinctRisks.count)
    for (position, i) in kept.enumerated() where !isChurned[i] {
      negativeWeights[Int(bucket[position])] += weights[i]
    }
    self.negativeWeights = negativeWeights
  }

  /// The weight of renewed observations at distinct value `k`.
  private func negativeWeight(_ k: Int) -> Double {
    negativeWeights?[k] ?? Double(negatives[k])
  }

  /// The total weight of renewed observations.
  private var negativeTotal: Double {
    negativeWeights?.reduce(0, +) ?? Double(negativeCount)
  }

  /// ROC AUC: the probability that a random churned account has a higher risk
  /// than a random renewed one, ties counted half.
  ///
  /// This is the Mann–Whitney U statistic divided by n₊·n₋:
  /// `P(risk_churned > risk_renewed) + 0.5 · P(risk_churned == risk_renewed)`.
  /// Counting ties as half is what makes a constant score read 0.5 (no skill)
  /// rather than 0 or 1 depending on sort order. U is accumulated in exact
  /// integer arithmetic (as 2U, to keep the half-ties integral) and divided
  /// once, so the result is the correctly rounded ratio for any realistic n.
  ///
  /// `nil` when either class is empty: with no churned (or no renewed)
  /// accounts there are no pairs to compare.
  ///
  /// - Complexity: O(d) for d distinct risk values.
  package var rocAUC: Double? {
    positives.withUnsafeBufferPointer { p in
      negatives.withUnsafeBufferPointer { n in Self.mannWhitneyAUC(positives: p, negatives: n) }
    }
  }

  /// Average precision, exactly as scikit-learn's `average_precision_score`.
  ///
  /// Thresholds are the distinct risk values from high to low; at threshold k
  /// everything with risk ≥ tₖ is flagged, giving recall Rₖ and precision Pₖ.
  /// `AP = Σₖ (Rₖ − Rₖ₋₁) · Pₖ` with R₀ = 0. This is the step-wise sum, not
  /// the trapezoidal area under the PR curve: linear interpolation between PR
  /// points is optimistic, because precision does not vary linearly with recall.
  /// Tied observations enter at the same threshold, so a tie of one churned and
  /// one renewed account contributes at precision computed over both.
  ///
  /// When there are no renewed accounts every precision is 1, so AP is 1.
  /// `nil` when there are no churned accounts (recall has no denominator).
  ///
  /// - Complexity: O(d) for d distinct risk values.
  package var averagePrecision: Double? {
    guard positiveCount > 0 else { return nil }
    var truePositives = 0
    // Whole counts (or weights) summed as doubles: exact below 2⁵³.
    var flagged = 0.0
    // Neumaier-compensated sum: the terms are all positive but can span many
    // orders of magnitude, and n of them would otherwise lose up to n ulps.
    var sum = 0.0
    var compensation = 0.0
    for k in distinctRisks.indices.reversed() {
      let p = positives[k]
      truePositives += p
      flagged += Double(p) + negativeWeight(k)
      guard p > 0 else { continue }
      let term = Double(p) * Double(truePositives) / flagged
      let total = sum + term
      compensation += abs(sum) >= abs(term) ? (sum - total) + term : (term - total) + sum
      sum = total
    }
    return (sum + compensation) / Double(positiveCount)
  }

  /// The two-sample Kolmogorov–Smirnov statistic between the risk
  /// distributions of churned and renewed accounts.
  ///
  /// `max over t of |F_churned(t) − F_renewed(t)|`, with F the empirical CDF
  /// (share of the class with risk ≤ t), evaluated at every distinct value; the
  /// same number as `scipy.stats.ks_2samp(...).statistic`. It is the largest
  /// gap between true-positive and false-positive rate over all thresholds.
  /// The gap is compared as the exact integer `|cum₊·n₋ − cum₋·n₊|` and divided
  /// once, so the maximum is found exactly and rounded once.
  ///
  /// `nil` when either class is empty (one CDF does not exist).
  ///
  /// - Complexity: O(d) for d distinct risk values.
  package var kolmogorovSmirnov: Double? {
    guard positiveCount > 0, negativeCount > 0 else { return nil }
    if negativeWeights != nil {
      let total = negativeTotal
      var cumulativePositives = 0
      var cumulativeNegatives = 0.0
      var largest = 0.0
      for k in distinctRisks.indices {
        cumulativePositives += positives[k]
        cumulativeNegatives += negativeWeight(k)
        largest = max(largest, abs(Double(cumulativePositives) / Double(positiveCount) - cumulativeNegatives / total))
      }
      return largest
    }
    var cumulativePositives = 0
    var cumulativeNegatives = 0
    var largest = 0
    for k in distinctRisks.indices {
      cumulativePositives += positives[k]
      cumulativeNegatives += negatives[k]
      let gap = abs(cumulativePositives * negativeCount - cumulativeNegatives * positiveCount)
      largest = max(largest, gap)
    }
    return Double(largest) / (Double(positiveCount) * Double(negativeCount))
  }

  /// The ROC curve: (false-positive rate, true-positive rate) from (0, 0) to
  /// (1, 1), for charts.
  ///
  /// The first point is (0, 0) (nothing flagged); then one point per distinct
  /// risk value from high to low (flag everything at or above it), ending at
  /// (1, 1). A tie of churned and renewed accounts therefore shows as one
  /// diagonal segment, whose trapezoid is exactly the half credit that
  /// ``rocAUC`` gives ties. Empty when either class is empty, since one of the
  /// rates would have a zero denominator.
  ///
  /// - Complexity: O(d) for d distinct risk values; returns d + 1 points.
  package var rocPoints: [(falsePositiveRate: Double, truePositiveRate: Double)] {
    guard positiveCount > 0, negativeCount > 0 else { return [] }
    var points: [(falsePositiveRate: Double, truePositiveRate: Double)] = []
    points.reserveCapacity(distinctRisks.count + 1)
    points.append((0, 0))
    var truePositives = 0
    var falsePositives = 0.0
    let negativeTotal = negativeTotal
    for k in distinctRisks.indices.reversed() {
      truePositives += positives[k]
      falsePositives += negativeWeight(k)
      points.append((falsePositives / negativeTotal, Double(truePositives) / Double(positiveCount)))
    }
    return points
  }

  /// The ROC curve thinned for a chart: every point of ``rocPoints`` when
  /// there are at most 4,001 of them, otherwise the first, the last, and
  /// each point at least 1/2,000 of an axis (in either rate) past the last
  /// one kept.
  ///
  /// The kept points are exact vertices of the curve and the dropped ones lie
  /// within 0.05% of an axis of the segments joining them, far below a pixel,
  /// while a million distinct scores would otherwise put a million vertices
  /// in a report. Both rates only grow, so at most 4,002 points are kept.
  package var chartROCPoints: [(falsePositiveRate: Double, truePositiveRate: Double)] {
    let points = rocPoints
    guard points.count > 4_001 else { return points }
    let step = 1.0 / 2_000
    var kept = [points[0]]
    for point in points.dropFirst().dropLast() {
      let last = kept[kept.count - 1]
      if max(point.falsePositiveRate - last.falsePositiveRate, point.truePositiveRate - last.truePositiveRate) >= step {
        kept.append(point)
      }
    }
    kept.append(points[points.count - 1])
    return kept
  }

  /// ROC AUC from per-bucket counts, for callers that re-tally observations
  /// (the bootstrap) without sorting again.
  ///
  /// `positives[k]` and `negatives[k]` are the churned and renewed counts at the
  /// k-th distinct risk value, ascending; the buffers must have equal length.
  /// Ties count half and U is accumulated in exact integers, as in ``rocAUC``.
  ///
  /// - Returns: The AUC, or `nil` if either class has no observations.
  /// - Complexity: O(d) for d buckets.
  package static func rocAUC(
    positives: UnsafeBufferPointer<Int32>, negatives: UnsafeBufferPointer<Int32>
  ) -> Double? {
    mannWhitneyAUC(positives: positives, negatives: negatives)
  }

  /// 2U / (2 n₊ n₋), accumulated in UInt64.
  ///
  /// With n = n₊ + n₋ < 2³¹, each product `pₖ · (2·below + nₖ)` is below 2⁶³ and
  /// the total 2U ≤ 2·n₊·n₋ ≤ n²/2 < 2⁶¹, so nothing overflows. Both integers are
  /// exact as Double up to 2⁵³ (n of about 10⁸), where the single division is
  /// the only rounding.
  static func mannWhitneyAUC<Count: BinaryInteger>(
    positives: UnsafeBufferPointer<Count>, negatives: UnsafeBufferPointer<Count>
  ) -> Double? {
    precondition(positives.count == negatives.count, "bucket count arrays must have equal length")
    var twiceU: UInt64 = 0
    var negativesBelow: UInt64 = 0
    var positiveTotal: UInt64 = 0
    for k in 0..<positives.count {
      let p = UInt64(positives[k])
      let n = UInt64(negatives[k])
      twiceU += p * (2 * negativesBelow + n)
      negativesBelow += n
      positiveTotal += p
    }
    guard positiveTotal > 0, negativesBelow > 0 else { return nil }
    return Double(twiceU) / Double(2 * positiveTotal * negativesBelow)
  }

  /// The index of the first element of ascending `values` that is not below `x`.
  private static func firstIndex(notBelow x: Double, in values: UnsafeBufferPointer<Double>) -> Int {
    var low = 0
    var high = values.count
    while low < high {
      let mid = (low + high) / 2
      if values[mid] < x { low = mid + 1 } else { high = mid }
    }
    return low
  }
}
