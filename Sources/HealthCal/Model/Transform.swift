/// How a raw signal value becomes a 0–100 sub-score.
///
/// Transforms are total on finite inputs and always land in [0, 100], so a
/// sub-score can never push a health score outside its scale.
public enum Transform: Hashable, Sendable {
  /// Linear from `low` (scores 0) to `high` (scores 100), clamped outside.
  /// `low > high` means lower raw values are healthier (tickets, escalations).
  case linear(low: Double, high: Double)
  /// Step function: a value below `thresholds[0]` scores `scores[0]`, a value
  /// at or above `thresholds[i]` and below `thresholds[i+1]` scores
  /// `scores[i+1]`. `scores` has one more entry than `thresholds`.
  case bands(thresholds: [Double], scores: [Double])
  /// A yes/no signal: any non-zero value is true.
  case boolean(trueScore: Double, falseScore: Double)
  /// The change in the signal since the same account's snapshot `days` days
  /// earlier, mapped linearly from `low` (0) to `high` (100).
  ///
  /// Trajectory beats status: an account whose usage fell from 0.6 to 0.4 is
  /// at more risk than one that has sat at 0.4 for a year. The earlier value is
  /// the account's latest snapshot on or before `as_of − days` and no more than
  /// `maxGap` days older than that; without one the change is missing.
  case delta(days: Int, low: Double, high: Double, maxGap: Int)

  /// The sub-score for a raw value (for `delta`, the raw value is the change).
  @inlinable
  public func subScore(_ value: Double) -> Double {
    switch self {
    case .linear(let low, let high), .delta(_, let low, let high, _):
      let t = (value - low) / (high - low)
      return 100 * min(1, max(0, t))
    case .bands(let thresholds, let scores):
      var index = 0
      while index < thresholds.count, value >= thresholds[index] { index += 1 }
      return scores[index]
    case .boolean(let trueScore, let falseScore):
      return value != 0 ? trueScore : falseScore
    }
  }

  /// The look-back in days for trajectory transforms, `nil` for point-in-time ones.
  public var lookBack: (days: Int, maxGap: Int)? {
    if case .delta(let days, _, _, let maxGap) = self { return (days, maxGap) }
    return nil
  }

  /// The transform's name as written in model JSON.
  public var kind: String {
    switch self {
    case .linear: return "linear"
    case .bands: return "bands"
    case .boolean: return "boolean"
    case .delta: return "delta"
    }
  }
}
