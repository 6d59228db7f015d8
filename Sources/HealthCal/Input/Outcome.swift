import HealthCalFormats

/// What happened to an account: it churned on a date, or renewed.
public struct Outcome: Hashable, Sendable {
  /// Churned or renewed.
  public enum Kind: String, Hashable, Sendable {
    /// The account left; `date` is the churn effective date.
    case churned
    /// The account stayed; `date` is the renewal date, or absent when it is
    /// still active and observed until the end of the data.
    case renewed
  }

  /// The account's index in the ``SnapshotTable``.
  public var account: Int
  /// Churned or renewed.
  public var kind: Kind
  /// The churn or renewal date; `nil` only for a renewed account still active.
  public var date: CalendarDate?
  /// ARR from the outcomes file, which wins over the snapshot's ARR.
  public var arr: Double?
  /// The 1-based source line, for messages.
  public var line: Int

  /// Creates an outcome.
  public init(account: Int, kind: Kind, date: CalendarDate?, arr: Double? = nil, line: Int = 0) {
    self.account = account
    self.kind = kind
    self.date = date
    self.arr = arr
    self.line = line
  }

  /// Whether the account churned (the positive class in every metric).
  public var isChurned: Bool { kind == .churned }
}
