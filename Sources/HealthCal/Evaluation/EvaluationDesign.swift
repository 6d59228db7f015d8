/// Which accounts a churned account is compared with.
///
/// Every metric that sets churned accounts against the others (false alarms,
/// alert rate, precision, ROC and PR AUC, KS, Brier, calibration, the weight
/// search's objective) says something about health only when both sides were
/// scored at comparable calendar dates. Otherwise a signal that moves with
/// the calendar (tenure, a seasonal metric, a pipeline change) separates the
/// two sides without saying anything about health. The green-churn rate,
/// at-risk recall, the miss list and lead time involve churned accounts only
/// and are the same in both designs.
public enum EvaluationDesign: String, Hashable, Sendable, CaseIterable {
  /// Each account scored once, h days before its own outcome date. Right
  /// when churn and renewal dates are comparable decision points spread over
  /// the same calendar.
  case renewal
  /// Time-matched: at each landmark date L, the churned accounts scored at L
  /// are compared only with accounts that had a snapshot at L and are known
  /// to still be customers at L + h.
  case landmark
}

/// The design a user asks for: one of the two, or `auto`, which runs the
/// renewal design when the ``CalendarCheck`` passes and the landmark design
/// otherwise.
public enum DesignChoice: String, Hashable, Sendable, CaseIterable {
  /// Renewal when the calendar check passes at every horizon, landmark otherwise.
  case auto
  /// Always the renewal design.
  case renewal
  /// Always the landmark design.
  case landmark
}
