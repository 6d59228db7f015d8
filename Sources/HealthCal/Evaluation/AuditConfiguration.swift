import HealthCalFormats

/// The knobs of an audit, with the contract's defaults.
public struct AuditConfiguration: Hashable, Sendable {
  /// Days before the outcome at which to score, in report order.
  public var horizons: [Int] = [90, 60, 30]
  /// How much older than `T − h` a snapshot may be.
  public var maxStaleness: Int = 31
  /// Which bands count as flagged at risk.
  public var atRisk: AtRiskRule = .red
  /// End of observation for renewed accounts with no date; defaults to the latest snapshot date.
  public var observedUntil: CalendarDate?
  /// Whether to break metrics down by the `segment` column.
  public var bySegment: Bool = true
  /// Bootstrap resamples for AUC intervals (0 skips them).
  public var bootstrapReplicates: Int = 1000
  /// Seed for every random choice in the audit.
  public var seed: UInt64 = 1
  /// Which comparisons the metrics make; `auto` decides by the ``CalendarCheck``.
  public var design: DesignChoice = .auto
  /// The landmark dates of the time-matched design.
  public var landmarkSpacing: LandmarkSpacing = .snapshotDates

  /// Creates a configuration with the defaults.
  public init() {}
}
