/// Everything the audit found at one horizon.
public struct HorizonResult: Sendable {
  /// Days before the outcome.
  public var horizon: Int
  /// Metrics over all accounts.
  public var overall: GroupMetrics
  /// Metrics per segment, in segment order (empty when not broken down).
  public var segments: [GroupMetrics]
  /// Every account scored at this horizon, by account index; empty when the
  /// audit was asked not to keep them (see ``Audit/init(scorer:outcomes:configuration:plan:keepsScoredAccounts:)``).
  public var accounts: [ScoredAccount]
  /// Accounts with an outcome that could not be scored, with the reason.
  public var gaps: [(account: Int, gap: HorizonPicker.Gap)]
  /// What the landmark design left out (all zero in the renewal design).
  public var exclusions = DesignSample.Exclusions()

  /// Creates a result.
  public init(horizon: Int, overall: GroupMetrics, segments: [GroupMetrics], accounts: [ScoredAccount], gaps: [(account: Int, gap: HorizonPicker.Gap)]) {
    self.horizon = horizon
    self.overall = overall
    self.segments = segments
    self.accounts = accounts
    self.gaps = gaps
  }
}
