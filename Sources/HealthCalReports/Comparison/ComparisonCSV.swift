import HealthCal
import HealthCalFormats

extension ModelComparison {
  /// The comparison as CSV in long form: one row per horizon and metric, with
  /// A, B and B − A side by side, for a spreadsheet or a warehouse table.
  ///
  /// Columns: `horizon_days, metric, scored_both, a, b, difference, ci_low,
  /// ci_high, probability_positive, bootstrap_replicates`. Metrics, in order:
  /// `green_churn_rate`, `at_risk_recall`, `false_alarm_rate`, `alert_rate`,
  /// `roc_auc`. Only `green_churn_rate` and `roc_auc` carry a paired bootstrap;
  /// the other rows leave its cells empty and `bootstrap_replicates` 0. Full
  /// precision, `.` decimals, empty cells where a value is undefined. The band
  /// changes are in the JSON report.
  package var csv: String {
    var writer = CSVWriter(header: [
      "horizon_days", "metric", "scored_both", "a", "b", "difference", "ci_low", "ci_high", "probability_positive",
      "bootstrap_replicates",
    ])
    func cell(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
    for h in horizons {
      let rows: [(String, Double?, Double?, Double?, PairedBootstrap?)] = [
        ("green_churn_rate", h.baseline.greenChurn.value, h.candidate.greenChurn.value, h.greenChurnChange, h.greenChurnDifference),
        ("at_risk_recall", h.baseline.atRiskRecall.value, h.candidate.atRiskRecall.value, h.atRiskRecallChange, nil),
        ("false_alarm_rate", h.baseline.falseAlarmRate.value, h.candidate.falseAlarmRate.value, h.falseAlarmRateChange, nil),
        ("alert_rate", h.baseline.alertRate.value, h.candidate.alertRate.value, h.alertRateChange, nil),
        ("roc_auc", h.baseline.rocAUC, h.candidate.rocAUC, h.rocAUCChange, h.rocAUCDifference),
      ]
      for (metric, a, b, difference, bootstrap) in rows {
        writer.append([
          "\(h.horizon)", metric, "\(h.scoredByBoth)", cell(a), cell(b), cell(difference), cell(bootstrap?.lower),
          cell(bootstrap?.upper), cell(bootstrap?.probabilityPositive), "\(bootstrap?.replicates ?? 0)",
        ])
      }
    }
    return writer.text
  }
}
