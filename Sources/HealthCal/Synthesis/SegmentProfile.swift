/// The parameters that make one customer segment behave differently from another.
///
/// Kept in one table so the planted truth documented on ``SyntheticBook`` and
/// the numbers the generator uses are read from the same place.
struct SegmentProfile: Sendable {
  /// The `segment` cell.
  var name: String
  /// Share of accounts in the segment; the three shares sum to 1.
  var share: Double
  /// Median of the lognormal ARR distribution, in dollars.
  var arrMedian: Double
  /// Standard deviation of log ARR.
  var arrSigma: Double
  /// ARR is redrawn until it falls in this range, so the segment's ARR band
  /// holds without a pile-up of clamped values at its edges.
  var arrRange: ClosedRange<Double>
  /// Probability that an account churns.
  var churnRate: Double
  /// Days from degradation start to churn, drawn uniformly.
  var degradationDays: ClosedRange<Int>
  /// Severity is `progress ^ exponent`: below 1 degrades fast (most of the
  /// damage early in a short window), 1 degrades steadily.
  var severityExponent: Double
  /// Probability that a churner follows ``SyntheticChurnPattern/usageDecline``.
  var usageDeclineShare: Double
  /// Probability that a churner follows ``SyntheticChurnPattern/relationshipLoss``;
  /// the rest follow ``SyntheticChurnPattern/paymentDistress``.
  var relationshipLossShare: Double
  /// Typical `exec_login_days` of a healthy account.
  var execLoginDays: Double
  /// Typical `tickets_30d` of a healthy account.
  var tickets: Double
  /// Typical `escalations_90d` of a healthy account.
  var escalations: Double
  /// Typical probability that a healthy account has a QBR scheduled.
  var qbrProbability: Double

  /// Small business: many small, short-lived contracts that churn fast and late.
  static let smb = SegmentProfile(
    name: "SMB", share: 0.60, arrMedian: 12_000, arrSigma: 0.45, arrRange: 5_000...30_000,
    churnRate: 0.18, degradationDays: 45...90, severityExponent: 0.6,
    usageDeclineShare: 0.58, relationshipLossShare: 0.27,
    execLoginDays: 5, tickets: 3, escalations: 0.1, qbrProbability: 0.30)

  /// Mid-market: between the two.
  static let midMarket = SegmentProfile(
    name: "Mid-Market", share: 0.30, arrMedian: 65_000, arrSigma: 0.45, arrRange: 30_000...150_000,
    churnRate: 0.10, degradationDays: 60...120, severityExponent: 0.8,
    usageDeclineShare: 0.52, relationshipLossShare: 0.33,
    execLoginDays: 8, tickets: 7, escalations: 0.25, qbrProbability: 0.60)

  /// Enterprise: few large accounts that churn rarely, slowly and early, and
  /// more often because the relationship, not the product, failed.
  static let enterprise = SegmentProfile(
    name: "Enterprise", share: 0.10, arrMedian: 350_000, arrSigma: 0.60, arrRange: 150_000...1_500_000,
    churnRate: 0.06, degradationDays: 90...150, severityExponent: 1,
    usageDeclineShare: 0.40, relationshipLossShare: 0.50,
    execLoginDays: 12, tickets: 14, escalations: 0.5, qbrProbability: 0.85)

  /// The segments in the order their shares are laid out on the unit interval.
  static let all: [SegmentProfile] = [smb, midMarket, enterprise]
}
