import HealthCalFormats

/// Every setting that decides which snapshots an evaluation compares and how
/// its uncertainty is measured, in one value that the audit, the weight
/// search, the signal screen, the drift check, the reports and a tuned
/// model's calibration block all read.
///
/// The defaults are the contract's, written once here: command-line help
/// shows ``defaultHorizons``, ``defaultMaxStaleness`` and
/// ``defaultBootstrapReplicates`` rather than its own copies. The one
/// setting that depends on the data, the end of observation, is worked out
/// by ``observationEnd(of:)`` and nowhere else.
public struct RunSettings: Hashable, Sendable {
  /// The contract's horizons: 90, 60 and 30 days before the outcome.
  public static let defaultHorizons = [90, 60, 30]
  /// The contract's staleness limit in days.
  public static let defaultMaxStaleness = 31
  /// Bootstrap resamples for intervals: enough for a stable 95% interval
  /// (its end points move by about 0.005 AUC between seeds).
  public static let defaultBootstrapReplicates = 1000

  /// Days before the outcome at which to score, in report order.
  public var horizons: [Int] = RunSettings.defaultHorizons
  /// How much older than `T − h` a snapshot may be.
  public var maxStaleness: Int = RunSettings.defaultMaxStaleness
  /// Which bands count as flagged at risk.
  public var atRisk: AtRiskRule = .red
  /// End of observation for renewed accounts with no date; `nil` means the
  /// latest snapshot date (see ``observationEnd(of:)``).
  public var observedUntil: CalendarDate?
  /// Whether to break metrics down by the segment column.
  public var bySegment: Bool = true
  /// Bootstrap resamples for AUC intervals (0 skips them).
  public var bootstrapReplicates: Int = RunSettings.defaultBootstrapReplicates
  /// Seed for every random choice in the audit.
  public var seed: UInt64 = 1
  /// Which comparisons the metrics make; `auto` decides by the ``CalendarCheck``.
  public var design: DesignChoice = .auto
  /// The landmark dates of the time-matched design.
  public var landmarkSpacing: LandmarkSpacing = .snapshotDates

  /// Creates settings with the defaults.
  public init() {}

  /// The snapshot rule at these settings' staleness limit.
  public var picker: HorizonPicker { HorizonPicker(maxStaleness: maxStaleness) }

  /// The end of observation on `table`: ``observedUntil`` when given, else
  /// the latest snapshot date (the day the export was taken), else day 0 for
  /// a table without rows.
  public func observationEnd(of table: SnapshotTable) -> CalendarDate {
    observedUntil ?? table.latestDate ?? CalendarDate(daysSinceEpoch: 0)
  }
}
