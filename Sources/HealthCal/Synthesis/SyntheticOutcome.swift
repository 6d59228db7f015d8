/// What happened to a synthetic account at its renewal: the planted label.
///
/// The raw values are the words `outcomes.csv` uses, so the file and the type
/// cannot drift apart.
public enum SyntheticOutcome: String, Hashable, Sendable, CaseIterable {
  /// The account left; its outcome date is the churn effective date and it has
  /// no snapshot on or after that date.
  case churned
  /// The account stayed; its outcome date is the renewal date, or `nil` while
  /// the renewal still lies after the window (observed until the last snapshot).
  case renewed
}
