/// The Red / Amber / Green cut-offs on the 0–100 health score.
public struct Bands: Hashable, Sendable {
  /// Scores strictly below this are red.
  public var redBelow: Double
  /// Scores at or above this are green; scores in between are amber.
  public var greenAtOrAbove: Double

  /// Creates band cut-offs; `redBelow` must not exceed `greenAtOrAbove`.
  public init(redBelow: Double = 50, greenAtOrAbove: Double = 70) {
    self.redBelow = redBelow
    self.greenAtOrAbove = greenAtOrAbove
  }

  /// The band of a score.
  @inlinable
  public func band(for score: Double) -> Band {
    if score < redBelow { return .red }
    if score >= greenAtOrAbove { return .green }
    return .amber
  }
}

/// A health band.
public enum Band: String, Hashable, Sendable, CaseIterable, Comparable {
  /// At risk.
  case red
  /// Watch.
  case amber
  /// Healthy: a churned account here is a miss.
  case green

  public static func < (lhs: Band, rhs: Band) -> Bool {
    lhs.order < rhs.order
  }

  private var order: Int {
    switch self {
    case .red: return 0
    case .amber: return 1
    case .green: return 2
    }
  }
}

/// Which bands count as "flagged at risk" for recall, precision and alerts.
public enum AtRiskRule: String, Hashable, Sendable, CaseIterable {
  /// Only red accounts are flagged.
  case red
  /// Red and amber accounts are flagged.
  case amber

  /// The flagged bands, for every header that counts flags: "red" or
  /// "red+amber". One word, "recall", means different sets under the two
  /// rules, so reports always say which.
  public var flaggedBands: String {
    self == .red ? "red" : "red+amber"
  }

  /// Whether an account in `band` is flagged under this rule.
  @inlinable
  public func isAtRisk(_ band: Band) -> Bool {
    switch self {
    case .red: return band == .red
    case .amber: return band != .green
    }
  }
}
