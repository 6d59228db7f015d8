import HealthCalFormats

/// Everything a recalibration run needs besides the data.
public struct TuneConfiguration: Hashable, Sendable {
  /// How accounts are held out to measure the gain honestly.
  public enum Validation: Hashable, Sendable {
    /// Stratified k-fold cross-validation.
    case kFold(Int)
    /// Train on outcomes dated before the date, test on the rest.
    case holdout(after: CalendarDate)
  }

  /// Horizons, staleness, observation end, at-risk rule, bootstrap size and seed.
  public var audit: RunSettings
  /// What to optimise.
  public var objective: Objective.Kind = .greenChurn
  /// Horizon weights aligned with `audit.horizons`; `nil` uses the defaults.
  public var horizonWeights: [Double]?
  /// Share of scored accounts that may be shown not green (green-churn
  /// objective); `nil` keeps each horizon within the current model's share.
  public var alertBudget: Double?
  /// Highest false-alarm rate for the recall-at-far objective.
  public var falseAlarmLimit: Double = 0.1
  /// Lattice step in weight points.
  public var step = 5
  /// Per-component bounds in points.
  public var bounds: [String: ClosedRange<Int>] = [:]
  /// Components held at their current weight.
  public var locked: Set<String> = []
  /// Largest move of any weight from its current value, in points.
  public var maxShift: Double?
  /// Whether to search the signal weights within components too.
  public var tunesSignals = false
  /// Lattice step for signal weights within a component, in points.
  public var signalStep = 10
  /// Whether to search the band cut-offs too.
  public var tunesBands = false
  /// Whether to tune separate weights for each segment.
  public var perSegment = false
  /// Fewest churned accounts (at every horizon) a segment needs for its own weights.
  public var minimumChurnedPerSegment = 30
  /// Fewest churned accounts needed to tune at all.
  public var minimumChurned = 10
  /// Out-of-sample validation.
  public var validation: Validation = .kFold(5)
  /// Search settings (lattice size limit, random samples, seed, threads).
  public var search = WeightSearch.Settings()

  /// Creates a configuration; the audit settings default to flagging every
  /// account that is not green (`--at-risk amber`), the workload tuning trades against.
  public init(audit: RunSettings = TuneConfiguration.defaultAudit) {
    self.audit = audit
  }

  /// The audit defaults for tuning: at-risk = not green.
  public static var defaultAudit: RunSettings {
    var audit = RunSettings()
    audit.atRisk = .amber
    return audit
  }
}
