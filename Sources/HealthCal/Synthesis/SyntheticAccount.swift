import HealthCalFormats

/// One synthetic customer: its monthly snapshots and the truth planted behind them.
///
/// The truth fields (``outcome``, ``churnPattern``, ``degradationStart``,
/// ``dipStart``, ``championChange``, ``isLateStart``) are what the data was
/// generated from, so a test or a demo can check a metric against the answer
/// rather than against another estimate. None of them appears in
/// `snapshots.csv`; ``outcome``, ``outcomeDate`` and ``arr`` appear in `outcomes.csv`.
public struct SyntheticAccount: Hashable, Sendable {
  /// The account identifier, `ACC-` and the 1-based index zero-padded to six
  /// digits (`ACC-000042`); wider indices print all their digits, so an
  /// identifier never changes when the book grows.
  public var id: String
  /// `SMB`, `Mid-Market` or `Enterprise`.
  public var segment: String
  /// Annual recurring revenue in whole dollars.
  public var arr: Double
  /// Whether the account churned or renewed.
  public var outcome: SyntheticOutcome
  /// The churn effective date or the renewal date; `nil` for a renewed account
  /// whose renewal lies after the window (still active, observed until the
  /// last snapshot).
  public var outcomeDate: CalendarDate?
  /// The account's annual renewal date: equal to ``outcomeDate`` when that is
  /// set, otherwise the next renewal after the window.
  public var renewalDate: CalendarDate
  /// For a churner, the first day its signals began to degrade (30–120 days
  /// before ``outcomeDate``, by segment); `nil` for renewed accounts.
  public var degradationStart: CalendarDate?
  /// For a churner, which signals degraded; `nil` for renewed accounts.
  public var churnPattern: SyntheticChurnPattern?
  /// For a renewed account with a temporary dip (a planted false alarm), the
  /// day the dip began; `nil` otherwise.
  public var dipStart: CalendarDate?
  /// The day the account's champion changed, if it did: every
  /// relationship-loss churner and about 5% of other accounts.
  /// `champion_changed` is true on snapshots in the 90 days from this day.
  public var championChange: CalendarDate?
  /// Whether the account's data starts late in the window (a new logo, or an
  /// account onboarded late into the CS platform), so that early horizons
  /// before its outcome have no snapshot and must be reported as coverage gaps.
  public var isLateStart: Bool
  /// Monthly snapshots, ascending by date, only while the account exists:
  /// never before its first month, and for a churner never on or after the
  /// churn date. Never empty.
  public var snapshots: [SyntheticSnapshot]

  /// Creates an account from its parts; ``SyntheticBook`` is the usual source.
  public init(
    id: String, segment: String, arr: Double, outcome: SyntheticOutcome,
    outcomeDate: CalendarDate?, renewalDate: CalendarDate, degradationStart: CalendarDate?,
    churnPattern: SyntheticChurnPattern?, dipStart: CalendarDate?, championChange: CalendarDate?,
    isLateStart: Bool, snapshots: [SyntheticSnapshot]
  ) {
    self.id = id
    self.segment = segment
    self.arr = arr
    self.outcome = outcome
    self.outcomeDate = outcomeDate
    self.renewalDate = renewalDate
    self.degradationStart = degradationStart
    self.churnPattern = churnPattern
    self.dipStart = dipStart
    self.championChange = championChange
    self.isLateStart = isLateStart
    self.snapshots = snapshots
  }
}
