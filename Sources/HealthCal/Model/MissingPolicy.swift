/// What a missing signal value means for the score.
///
/// Missing data is the norm in CS data (NPS is asked twice a year, CSAT only
/// after a ticket), and the choice silently moves scores: `neutral` pulls an
/// account towards the middle, `zero` treats silence as the worst case, and
/// `renormalize` lets the signals that are present speak for the component.
public enum MissingPolicy: String, Hashable, Sendable, CaseIterable {
  /// The signal scores 50, the neutral midpoint of the 0–100 scale.
  case neutral
  /// The signal scores 0, treating absence as the worst case.
  case zero
  /// The signal is dropped and the remaining signals in its component are
  /// reweighted; a component with no signal left is dropped the same way.
  case renormalize
}
