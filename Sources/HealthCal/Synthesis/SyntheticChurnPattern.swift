/// How a synthetic churner's signals degrade before it leaves: the planted cause.
///
/// The patterns exist to test whether a health score sees every kind of churn.
/// A score built mostly on usage catches ``usageDecline`` but shows
/// ``relationshipLoss`` churners green until the end: the "silent green
/// churner" an audit is meant to surface.
public enum SyntheticChurnPattern: String, Hashable, Sendable, CaseIterable {
  /// Product usage fades: `dau_mau`, `feature_adoption` and
  /// `license_utilization` drift down, `tickets_30d` rises, and escalations
  /// follow once the decline is well under way. About 55% of churners.
  case usageDecline = "usage_decline"
  /// The sponsor walks away while usage stays healthy: `exec_login_days` falls
  /// to about 0, `champion_changed` turns true and `qbr_scheduled` turns no.
  /// About 30% of churners, and the majority of enterprise churners.
  case relationshipLoss = "relationship_loss"
  /// Invoices go unpaid: `payment_overdue` turns 1, with a milder usage
  /// decline. About 15% of churners.
  case paymentDistress = "payment_distress"
}
