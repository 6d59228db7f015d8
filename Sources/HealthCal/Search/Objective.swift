import HealthCalFormats

/// What the weight search optimises, with per-horizon weights.
///
/// Every objective is expressed as a *loss* (lower is better) so the search
/// has one comparison. Each horizon's term is weighted by its horizon weight
/// (default 90 days 0.5, 60 days 0.3, 30 days 0.2, normalised to sum to 1):
/// catching a churner 90 days out is worth more than catching it at 30.
public struct Objective: Hashable, Sendable {
  /// The optimisation target.
  public enum Kind: String, Hashable, Sendable, CaseIterable {
    /// Minimise Σ w_h · green-churn rate_h, subject to the non-green rate at
    /// every horizon staying within the alert budget.
    case greenChurn = "green-churn"
    /// Maximise Σ w_h · ROC AUC_h; the bands are then re-fitted so the tuned
    /// model flags the same share of accounts as the current one.
    case auc
    /// Maximise Σ w_h · at-risk recall_h with the flag threshold re-fitted so
    /// the false-alarm rate is at most the limit at every horizon.
    case recallAtFalseAlarm = "recall-at-far"
  }

  /// The target.
  public var kind: Kind
  /// Horizon weights, aligned with the training horizons, summing to 1.
  public var horizonWeights: [Double]
  /// For `greenChurn`: the most accounts (share of scored) that may be shown
  /// not green, per horizon; `nil` entries mean "no limit".
  public var alertBudgets: [Double?]
  /// For `recallAtFalseAlarm`: the highest false-alarm rate allowed.
  public var falseAlarmLimit: Double
  /// Which bands count as flagged, for recall and false alarms.
  public var atRisk: AtRiskRule

  /// Creates an objective; `horizonWeights` are normalised to sum to 1.
  public init(kind: Kind, horizonWeights: [Double], alertBudgets: [Double?], falseAlarmLimit: Double = 0.1, atRisk: AtRiskRule = .amber) {
    let total = horizonWeights.reduce(0, +)
    self.kind = kind
    self.horizonWeights = horizonWeights.map { total > 0 ? $0 / total : 0 }
    self.alertBudgets = alertBudgets
    self.falseAlarmLimit = falseAlarmLimit
    self.atRisk = atRisk
  }

  /// The default horizon weight for a horizon: 0.5 at 90 days, 0.3 at 60,
  /// 0.2 at 30, and 1/count for any other set of horizons.
  public static func defaultHorizonWeights(for horizons: [Int]) -> [Double] {
    let defaults: [Int: Double] = [90: 0.5, 60: 0.3, 30: 0.2]
    if Set(horizons) == Set(defaults.keys) { return horizons.map { defaults[$0]! } }
    return horizons.map { _ in 1 / Double(horizons.count) }
  }

  /// The loss of a candidate's per-horizon metrics, `nil` when it breaks a
  /// constraint or a term is undefined.
  ///
  /// For `recallAtFalseAlarm` the metrics must carry a ``CandidateMetrics/refit``
  /// (see ``CandidateEvaluator/evaluate(weights:bands:falseAlarmLimit:scratch:)``).
  package func loss(_ metrics: UnsafeBufferPointer<CandidateMetrics>) -> Double? {
    var total = 0.0
    for (h, m) in metrics.enumerated() {
      switch kind {
      case .greenChurn:
        guard let rate = m.greenChurnRate else { return nil }
        if let budget = alertBudgets[h], let nonGreen = m.nonGreenRate, nonGreen > budget + 1e-12 { return nil }
        total += horizonWeights[h] * rate
      case .auc:
        guard let auc = m.auc else { return nil }
        total -= horizonWeights[h] * auc
      case .recallAtFalseAlarm:
        guard let recall = m.refit?.recall(of: m) else { return nil }
        total -= horizonWeights[h] * recall
      }
    }
    return total
  }

  /// The objective in plain words, for the people reading a report (the
  /// formula is in the JSON and the README).
  public var plainDescription: String {
    switch kind {
    case .greenChurn:
      return "show as few churned accounts green as possible, weighting the horizons as below, without showing more accounts not green than the alert budget allows"
    case .auc:
      return "rank churned accounts below the others as well as possible (ROC AUC), weighting the horizons as below; bands are then re-fitted to flag as many accounts as today"
    case .recallAtFalseAlarm:
      return "flag as many churned accounts as possible while flagging at most \(NumberFormat.percent(falseAlarmLimit)) of the others at every horizon"
    }
  }

  /// A gain in the objective (current loss minus tuned loss) in the
  /// analyst's terms: churned accounts per hundred, or AUC points.
  public func gainInWords(_ gain: Double) -> String {
    let perHundred = NumberFormat.fixed(abs(gain) * 100, digits: 1)
    switch kind {
    case .greenChurn:
      return gain >= 0
        ? "about \(perHundred) of every 100 churned accounts would no longer have been shown green, horizons weighted"
        : "about \(perHundred) more of every 100 churned accounts would have been shown green, horizons weighted"
    case .auc:
      return "the ROC AUC would have been \(gain >= 0 ? "higher" : "lower") by \(NumberFormat.fixed(abs(gain), digits: 3)), horizons weighted"
    case .recallAtFalseAlarm:
      return "about \(perHundred) \(gain >= 0 ? "more" : "fewer") of every 100 churned accounts would have been flagged at the same false-alarm limit, horizons weighted"
    }
  }

  /// The objective as a formula, for reports and the calibration record.
  public var formula: String {
    switch kind {
    case .greenChurn:
      return "minimise Σ_h w_h · (churned green_h ÷ churned scored_h) subject to (accounts not green_h ÷ accounts scored_h) ≤ budget_h"
    case .auc:
      return "maximise Σ_h w_h · ROC AUC_h; bands re-fitted to the current model's red and non-green shares"
    case .recallAtFalseAlarm:
      return "maximise Σ_h w_h · (churned flagged_h ÷ churned scored_h) with the flag threshold set so renewed flagged_h ÷ renewed scored_h ≤ \(NumberFormat.fixed(falseAlarmLimit, digits: 3)) at every h"
    }
  }
}
