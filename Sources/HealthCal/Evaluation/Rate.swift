import HealthCalFormats

/// A proportion with its counts and a Wilson 95% interval.
///
/// Counts are kept beside the value because "3 of 4" and "300 of 400" are the
/// same 75% with very different certainty, and a CS leader should see both.
public struct Rate: Hashable, Sendable {
  /// Accounts that meet the condition.
  public var numerator: Int
  /// Accounts the rate is taken over.
  public var denominator: Int
  /// The same rate with each observation weighted, where observations carry
  /// weights (the landmark design's controls, see ``LandmarkWeights``);
  /// `nil` when every observation counts once. The counts above stay the
  /// raw observations, so a reader still sees how many there were.
  public var weighted: Weighted?

  /// A weighted numerator and denominator.
  public struct Weighted: Hashable, Sendable {
    /// Σ weights of the observations that meet the condition.
    public var numerator: Double
    /// Σ weights of the observations the rate is taken over.
    public var denominator: Double
    /// Kish's effective sample size (Σw)² ÷ Σw² of the denominator: unequal
    /// weights carry less information than as many equal ones, so the
    /// interval is as wide as for this many unweighted observations. It
    /// still counts observations as independent; where one account is
    /// observed at several landmarks the interval is too narrow.
    public var effectiveTrials: Double
  }

  /// Creates a rate.
  public init(_ numerator: Int, of denominator: Int) {
    self.numerator = numerator
    self.denominator = denominator
  }

  /// Creates a rate over weighted observations.
  ///
  /// Observations are tallied per distinct weight and the sums taken in
  /// ascending weight order, so the result does not depend on the order
  /// of the observations (the landmark design has one weight per landmark,
  /// so this is also O(n) with few distinct keys).
  /// - Parameters:
  ///   - weights: one weight per observation in the denominator; weight 0 leaves it out.
  ///   - meets: whether each of them meets the condition.
  public init(weights: [Double], meets: [Bool]) {
    precondition(weights.count == meets.count, "one weight per observation")
    var tally: [Double: (all: Int, meeting: Int)] = [:]
    for (weight, meets) in zip(weights, meets) where weight > 0 {
      tally[weight, default: (0, 0)].all += 1
      if meets { tally[weight]!.meeting += 1 }
    }
    var numerator = 0, denominator = 0
    var weightedNumerator = 0.0, weightedDenominator = 0.0, squares = 0.0
    for weight in tally.keys.sorted() {
      let (all, meeting) = tally[weight]!
      denominator += all
      numerator += meeting
      weightedDenominator += weight * Double(all)
      weightedNumerator += weight * Double(meeting)
      squares += weight * weight * Double(all)
    }
    self.init(numerator, of: denominator)
    weighted = Weighted(
      numerator: weightedNumerator, denominator: weightedDenominator,
      effectiveTrials: squares > 0 ? weightedDenominator * weightedDenominator / squares : 0)
  }

  /// `numerator / denominator` (weighted where observations carry weights),
  /// or `nil` when nothing was counted (never NaN).
  public var value: Double? {
    if let weighted { return weighted.denominator > 0 ? weighted.numerator / weighted.denominator : nil }
    return denominator > 0 ? Double(numerator) / Double(denominator) : nil
  }

  /// The Wilson score 95% interval, or `nil` when nothing was counted; for
  /// a weighted rate, at the effective sample size.
  public var interval: WilsonInterval? {
    if let weighted, let value {
      return WilsonInterval(proportion: value, trials: weighted.effectiveTrials)
    }
    return WilsonInterval(successes: numerator, trials: denominator)
  }
}

/// An ARR-weighted proportion: dollars meeting a condition over dollars counted.
public struct ARRShare: Hashable, Sendable {
  /// ARR that meets the condition.
  public var numerator: Double
  /// ARR the share is taken over.
  public var denominator: Double

  /// Creates a share.
  public init(_ numerator: Double, of denominator: Double) {
    self.numerator = numerator
    self.denominator = denominator
  }

  /// `numerator / denominator`, or `nil` when no ARR was counted.
  public var value: Double? {
    denominator > 0 ? numerator / denominator : nil
  }
}

extension Rate {
  /// `{"count", "of", "value", "ci95"}`, with `null` where undefined; a
  /// weighted rate (the landmark design) adds `weighted_count`, `weighted_of`
  /// and `effective_n`, and its `value` and `ci95` are the weighted ones.
  package var json: JSONValue {
    var fields: [(String, JSONValue)] = [
      ("count", .int(numerator)),
      ("of", .int(denominator)),
      ("value", .optional(value)),
      ("ci95", interval.map { .array([.number($0.lower), .number($0.upper)]) } ?? .null),
    ]
    if let weighted {
      fields += [
        ("weighted_count", .number(weighted.numerator)), ("weighted_of", .number(weighted.denominator)),
        ("effective_n", .number(weighted.effectiveTrials)),
      ]
    }
    return .object(JSONObject(fields))
  }
}
