/// A proportion with its counts and a Wilson 95% interval.
///
/// Counts are kept beside the value because "3 of 4" and "300 of 400" are the
/// same 75% with very different certainty, and a CS leader should see both.
public struct Rate: Hashable, Sendable {
  /// Accounts that meet the condition.
  public var numerator: Int
  /// Accounts the rate is taken over.
  public var denominator: Int

  /// Creates a rate.
  public init(_ numerator: Int, of denominator: Int) {
    self.numerator = numerator
    self.denominator = denominator
  }

  /// `numerator / denominator`, or `nil` when nothing was counted (never NaN).
  public var value: Double? {
    denominator > 0 ? Double(numerator) / Double(denominator) : nil
  }

  /// The Wilson score 95% interval, or `nil` when nothing was counted.
  public var interval: WilsonInterval? {
    WilsonInterval(successes: numerator, trials: denominator)
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
