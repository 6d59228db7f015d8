/// What one candidate weighting achieves at one horizon: band counts by class
/// and a counting-based ROC AUC.
///
/// Counts are exact. The renewed side is a weighted count: 1 per account in
/// the renewal design, the ``LandmarkWeights`` of each control observation
/// in the landmark design (whole counts are exact as doubles). The AUC is computed from a histogram of scores in
/// ``CandidateEvaluator/bucketCount`` equal-width buckets, counting accounts
/// in the same bucket as ties, so it can differ from the exact AUC by the
/// share of pairs closer than 100 / bucketCount points. The search uses it to
/// rank candidates; every figure reported for the chosen model is recomputed
/// exactly by the audit.
package struct CandidateMetrics: Hashable, Sendable {
  /// Churned accounts scored.
  package var churned = 0
  /// Renewed accounts (control observations, weighted) scored.
  package var renewed = 0.0
  /// Churned accounts banded green.
  package var greenChurned = 0
  /// Renewed accounts banded green (weighted).
  package var greenRenewed = 0.0
  /// Churned accounts banded red.
  package var redChurned = 0
  /// Renewed accounts banded red (weighted).
  package var redRenewed = 0.0
  /// Counting-based ROC AUC, `nil` when a class is empty.
  package var auc: Double?
  /// With a false-alarm limit: the flag threshold fitted across all horizons,
  /// and the accounts it flags here (score below the threshold).
  package var refit: Refit?

  /// A flag threshold fitted to a false-alarm limit.
  package struct Refit: Hashable, Sendable {
    /// Accounts scoring below this are flagged.
    package var threshold: Double
    /// Churned accounts flagged.
    package var flaggedChurned: Int
    /// Renewed accounts flagged (weighted).
    package var flaggedRenewed: Double

    /// Churned accounts flagged ÷ churned accounts scored (`churned` > 0).
    package func recall(of metrics: CandidateMetrics) -> Double? {
      metrics.churned > 0 ? Double(flaggedChurned) / Double(metrics.churned) : nil
    }
  }

  /// Creates empty counts.
  package init() {}

  /// Accounts scored (renewed weighted).
  package var scored: Double { Double(churned) + renewed }

  /// Churned accounts shown green ÷ churned accounts scored.
  package var greenChurnRate: Double? { churned > 0 ? Double(greenChurned) / Double(churned) : nil }

  /// Accounts not green ÷ accounts scored: everyone the CS team is asked to look at.
  package var nonGreenRate: Double? { scored > 0 ? (scored - Double(greenChurned) - greenRenewed) / scored : nil }

  /// Accounts flagged under `rule` ÷ accounts scored.
  package func alertRate(_ rule: AtRiskRule) -> Double? {
    scored > 0 ? (Double(flaggedChurned(rule)) + flaggedRenewed(rule)) / scored : nil
  }

  /// Churned accounts flagged under `rule` ÷ churned accounts scored.
  package func recall(_ rule: AtRiskRule) -> Double? {
    churned > 0 ? Double(flaggedChurned(rule)) / Double(churned) : nil
  }

  /// Renewed accounts flagged under `rule` ÷ renewed accounts scored.
  package func falseAlarmRate(_ rule: AtRiskRule) -> Double? {
    renewed > 0 ? flaggedRenewed(rule) / renewed : nil
  }

  func flaggedChurned(_ rule: AtRiskRule) -> Int { rule == .red ? redChurned : churned - greenChurned }
  func flaggedRenewed(_ rule: AtRiskRule) -> Double { rule == .red ? redRenewed : renewed - greenRenewed }
}
