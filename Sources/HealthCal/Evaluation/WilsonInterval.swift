/// The Wilson score interval for a binomial proportion (95% by default).
///
/// Used for every rate healthcal reports (green-churn rate, recall, alert
/// rate). The textbook Wald interval `p ± z·√(p(1−p)/n)` collapses to a
/// zero-width interval at 0/n and n/n and can leave [0, 1] — exactly the
/// cases an audit hits ("0 of 7 churners were green"). Wilson's interval
/// inverts the score test instead, so it stays inside [0, 1], has sensible
/// width at the extremes and near-nominal coverage for small n:
///
///     centre    = (k + z²/2) / (n + z²)
///     halfWidth = z · √(k(n − k)/n + z²/4) / (n + z²)
///
/// which is the usual `(p̂ + z²/2n ± z√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)`
/// multiplied through by n, avoiding the division of p̂ first.
public struct WilsonInterval: Hashable, Sendable {
  /// The lower bound, in [0, 1]; exactly 0 when there are no successes.
  public var lower: Double
  /// The upper bound, in [0, 1]; exactly 1 when every trial succeeded.
  public var upper: Double

  /// Computes the interval for `successes` out of `trials`.
  ///
  /// At k = 0 the lower bound is mathematically 0 and at k = n the upper bound
  /// is mathematically 1; the closed form only reaches them up to rounding
  /// (it could print as `-1e-17`), so those bounds are set exactly.
  ///
  /// - Parameters:
  ///   - successes: The count of successes k, in `0...trials`.
  ///   - trials: The count of trials n.
  ///   - z: The standard normal quantile for the two-sided confidence level;
  ///     the default 1.959963984540054 gives 95%.
  /// - Returns: `nil` when `trials == 0` (a rate with no denominator), and
  ///   when the counts are inconsistent (negative, or `successes > trials`)
  ///   or `z` is not a positive finite number.
  public init?(successes: Int, trials: Int, z: Double = 1.959963984540054) {
    guard trials > 0, successes >= 0, successes <= trials, z.isFinite, z > 0 else { return nil }
    self.init(k: Double(successes), n: Double(trials), z: z, isEmpty: successes == 0, isFull: successes == trials)
  }

  /// The interval for a proportion `p` observed over `trials` (not
  /// necessarily whole) trials: the same formula with k = p·n, for a
  /// weighted rate at its effective sample size.
  /// - Returns: `nil` when `trials ≤ 0` or `p` is outside [0, 1].
  public init?(proportion p: Double, trials: Double, z: Double = 1.959963984540054) {
    guard trials > 0, trials.isFinite, p >= 0, p <= 1, z.isFinite, z > 0 else { return nil }
    self.init(k: p * trials, n: trials, z: z, isEmpty: p == 0, isFull: p == 1)
  }

  /// The closed form for k successes in n trials; the bounds at k = 0 and
  /// k = n are set exactly.
  private init(k: Double, n: Double, z: Double, isEmpty: Bool, isFull: Bool) {
    let zSquared = z * z
    let denominator = n + zSquared
    let centre = (k + zSquared / 2) / denominator
    let halfWidth = z * (k * (n - k) / n + zSquared / 4).squareRoot() / denominator
    lower = isEmpty ? 0 : max(0, centre - halfWidth)
    upper = isFull ? 1 : min(1, centre + halfWidth)
  }
}
