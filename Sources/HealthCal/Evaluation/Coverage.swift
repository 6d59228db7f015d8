/// How many accounts with an outcome could be scored at a horizon, and why
/// the others could not.
public struct Coverage: Hashable, Sendable {
  /// Churned accounts with a score.
  public var churnedScored = 0
  /// Renewed accounts with a score.
  public var renewedScored = 0
  /// Churned accounts without a score.
  public var churnedUnscored = 0
  /// Renewed accounts without a score.
  public var renewedUnscored = 0
  /// Unscored accounts by reason.
  public var gaps: [HorizonPicker.Gap: Int] = [:]

  /// Creates an empty tally.
  public init() {}

  /// Accounts with an outcome, scored or not.
  public var outcomes: Int { churnedScored + renewedScored + churnedUnscored + renewedUnscored }
  /// Accounts with a score.
  public var scored: Int { churnedScored + renewedScored }
  /// Share of accounts with an outcome that were scored.
  public var rate: Rate { Rate(scored, of: outcomes) }

  /// Counts one scored account.
  public mutating func addScored(isChurned: Bool) {
    if isChurned { churnedScored += 1 } else { renewedScored += 1 }
  }

  /// Counts one unscored account.
  public mutating func addGap(_ gap: HorizonPicker.Gap, isChurned: Bool) {
    if isChurned { churnedUnscored += 1 } else { renewedUnscored += 1 }
    gaps[gap, default: 0] += 1
  }
}
