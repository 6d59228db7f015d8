/// Metrics under integer account weights: the statistics a bootstrap
/// replicate needs without building a resampled copy of the data.
///
/// A bootstrap resample is a multiset of accounts, so it is fully described by
/// how many times each account was drawn (its multiplicity). Evaluating a
/// metric with those multiplicities as weights gives exactly the number the
/// metric would give on the resampled rows, with no copy and no sort: the
/// accounts keep their ranks from one ``RankedScores`` built on the full
/// sample, and only the tallies change. Every sum here is an integer sum, so
/// multiplicity 1 everywhere reproduces the unweighted metric bit for bit and
/// multiplicity 2 is exactly the same as listing the account twice.
public enum WeightedMetrics {
  /// ROC AUC of `ranked` with each observation counted `multiplicities[i]`
  /// times; ties count half.
  ///
  /// Each observation adds its multiplicity to the churned or renewed tally of
  /// its distinct risk value (``RankedScores/bucket``); the AUC is then the
  /// same exact-integer Mann–Whitney pass as ``RankedScores/rocAUC``, so an
  /// observation drawn twice counts in twice as many pairs, and two tied
  /// observations of opposite classes still count half per pair.
  ///
  /// `RankedScores` keeps only per-value class counts, not each
  /// observation's class, so the outcomes are passed again in `isChurned`,
  /// in the same order as the observations `ranked` was built from.
  ///
  /// - Parameters:
  ///   - ranked: The observations, grouped by distinct risk (risk is higher
  ///     for accounts more likely to churn).
  ///   - isChurned: The outcome of each observation, in input order.
  ///   - multiplicities: The weight of each observation, in input order; 0
  ///     leaves it out.
  /// - Returns: The AUC, or `nil` when the weighted churned or renewed total
  ///   is 0 (no pairs to compare).
  /// - Precondition: Both arrays have one entry per observation; weights are
  ///   non-negative and total below 2³¹.
  /// - Complexity: O(n + d) for n observations and d distinct risk values;
  ///   the tallies live in a temporary (normally stack) allocation.
  package static func rocAUC(
    ranked: RankedScores, isChurned: [Bool], multiplicities: UnsafeBufferPointer<Int32>
  ) -> Double? {
    let n = ranked.bucket.count
    precondition(isChurned.count == n && multiplicities.count == n, "one outcome and one weight per observation")
    let bucketCount = ranked.distinctRisks.count
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * bucketCount) { tallies in
      tallies.initialize(repeating: 0)
      var total = 0
      ranked.bucket.withUnsafeBufferPointer { bucket in
        isChurned.withUnsafeBufferPointer { isChurned in
          for i in 0..<n {
            let weight = Int(multiplicities[i])
            precondition(weight >= 0, "multiplicities must be non-negative")
            total += weight
            tallies[Int(bucket[i]) + (isChurned[i] ? bucketCount : 0)] += weight
          }
        }
      }
      precondition(total <= Int(Int32.max), "total multiplicity must be below 2^31")
      let negatives = UnsafeBufferPointer(rebasing: tallies[0..<bucketCount])
      let positives = UnsafeBufferPointer(rebasing: tallies[bucketCount..<(2 * bucketCount)])
      return RankedScores.mannWhitneyAUC(positives: positives, negatives: negatives)
    }
  }

  /// A weighted proportion: the weight of accounts in both masks over the
  /// weight of accounts in `denominator`.
  ///
  /// The numerator is taken inside the denominator (an account in the
  /// numerator mask but not the denominator mask is not counted), so the
  /// result is a proportion in [0, 1] even when the masks are built
  /// independently, e.g. "banded green" over "churned" for the green-churn
  /// rate. Both sums are exact integers divided once, so with every weight 1
  /// the value is exactly ``Rate/value``.
  ///
  /// - Parameters:
  ///   - numeratorMask: Accounts that meet the condition.
  ///   - denominatorMask: Accounts the rate is taken over.
  ///   - multiplicities: The weight of each account; 0 leaves it out.
  /// - Returns: The rate, or `nil` when the denominator's weight is 0 (never NaN).
  /// - Precondition: All three have one entry per account; weights are non-negative.
  public static func rate(
    numerator numeratorMask: [Bool], denominator denominatorMask: [Bool], multiplicities: UnsafeBufferPointer<Int32>
  ) -> Double? {
    let n = multiplicities.count
    precondition(numeratorMask.count == n && denominatorMask.count == n, "one mask entry per account")
    var numerator = 0
    var denominator = 0
    numeratorMask.withUnsafeBufferPointer { numeratorMask in
      denominatorMask.withUnsafeBufferPointer { denominatorMask in
        for i in 0..<n where denominatorMask[i] {
          let weight = Int(multiplicities[i])
          precondition(weight >= 0, "multiplicities must be non-negative")
          denominator += weight
          if numeratorMask[i] { numerator += weight }
        }
      }
    }
    return denominator > 0 ? Double(numerator) / Double(denominator) : nil
  }
}
