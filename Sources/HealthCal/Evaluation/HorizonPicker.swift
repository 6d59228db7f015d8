import HealthCalFormats

/// Chooses the snapshot that represents an account `h` days before its outcome.
///
/// The rule, from the contract: the account's latest snapshot with
/// `as_of ≤ T − h`, and no older than `T − h − maxStaleness`. Both ends are
/// inclusive. An account with no such snapshot is *unscored at h* and counted
/// as a coverage gap, never dropped: a score that was not there 90 days out
/// is itself a finding for a CS team.
public struct HorizonPicker: Hashable, Sendable {
  /// Days a snapshot may be older than `T − h` and still count.
  public var maxStaleness: Int

  /// Creates a picker.
  public init(maxStaleness: Int = RunSettings.defaultMaxStaleness) {
    self.maxStaleness = maxStaleness
  }

  /// Why an account has no score at a horizon.
  public enum Gap: String, Hashable, Sendable, CaseIterable {
    /// No snapshot on or before `T − h` (a new account, or an outcome before the data starts).
    case noSnapshotYet = "no_snapshot_before_horizon"
    /// The latest snapshot on or before `T − h` is older than the staleness limit.
    case stale = "stale_snapshot"
    /// A snapshot was found but no component had a usable signal.
    case unscorable = "no_usable_signal"
  }

  /// The row to score for `account` at horizon `h` before `outcomeDate`, or the gap.
  public func pick(in table: SnapshotTable, account: Int, outcomeDate: CalendarDate, horizon: Int) -> Result<Int, Gap> {
    let target = outcomeDate.daysSinceEpoch - horizon
    if let row = table.latestRow(account: account, onOrBefore: target, notBefore: target - maxStaleness) {
      return .success(row)
    }
    if table.latestRow(account: account, onOrBefore: target, notBefore: Int.min) != nil {
      return .failure(.stale)
    }
    return .failure(.noSnapshotYet)
  }
}

extension HorizonPicker.Gap: Error {}
