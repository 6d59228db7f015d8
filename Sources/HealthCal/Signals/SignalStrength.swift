/// The usual reading of an information value in credit scoring, with the
/// warning that a value that strong is more often a leak than a signal.
public enum SignalStrength: String, Hashable, Sendable, CaseIterable {
  /// IV < 0.02.
  case useless
  /// 0.02 ≤ IV < 0.1.
  case weak
  /// 0.1 ≤ IV < 0.3.
  case medium
  /// 0.3 ≤ IV ≤ 0.5.
  case strong
  /// IV > 0.5: check that the column is not recorded after the outcome.
  case suspicious

  /// The reading of `informationValue`.
  public init(informationValue iv: Double) {
    switch iv {
    case ..<0.02: self = .useless
    case ..<0.1: self = .weak
    case ..<0.3: self = .medium
    case ...0.5: self = .strong
    default: self = .suspicious
    }
  }

  /// The words a report prints.
  public var description: String {
    self == .suspicious ? "suspicious: check for leakage" : rawValue
  }
}
