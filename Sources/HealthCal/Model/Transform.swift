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
  /// A text label (plan tier, contract type, CSM coverage) looked up in a
  /// table of sub-scores; a label not in `labels` scores `other`.
  ///
  /// Labels match ignoring letter case and surrounding spaces. Without
  /// `other`, a label the table does not list is an input error, because
  /// any score given to it would be invented.
  case category(labels: [String], scores: [Double], other: Double?)

  /// The sub-score for a raw value (for `delta`, the raw value is the change;
  /// for `category`, the position of the label in `labels`, and
  /// `labels.count` for any other label, as ``Scorer`` resolves it).
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
    case .category(let labels, let scores, let other):
      let position = Int(value)
      return position >= 0 && position < labels.count ? scores[position] : other ?? 50
    }
  }

  /// The look-back in days for trajectory transforms, `nil` for point-in-time ones.
  public var lookBack: (days: Int, maxGap: Int)? {
    // Labels have no arithmetic, so a category never looks back.
    if case .delta(let days, _, _, let maxGap) = self { return (days, maxGap) }
    return nil
  }

  /// Whether the transform reads text labels rather than numbers.
  public var isCategory: Bool {
    if case .category = self { return true }
    return false
  }

  /// The position in `labels` of a label as found in a file, `labels.count`
  /// when it is not listed, `nil` for transforms that read numbers.
  public func position(ofLabel label: String) -> Int? {
    guard case .category(let labels, _, _) = self else { return nil }
    let key = Self.labelKey(label)
    return labels.firstIndex { Self.labelKey($0) == key } ?? labels.count
  }

  /// How labels are compared: trimmed, lowercased.
  public static func labelKey(_ label: String) -> String {
    label.trimmingASCIISpaces().lowercased()
  }

  /// The transform's name as written in model JSON.
  public var kind: String {
    switch self {
    case .linear: return "linear"
    case .bands: return "bands"
    case .boolean: return "boolean"
    case .delta: return "delta"
    case .category: return "category"
    }
  }
}
