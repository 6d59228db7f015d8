import HealthCal
import HealthCalFormats

extension Audit {
  /// The headline metrics as CSV: one row per horizon and group, for a
  /// spreadsheet or a warehouse table. Full precision, `.` decimals, empty
  /// cells where a metric is undefined.
  package var csv: String {
    var writer = CSVWriter(header: [
      "horizon_days", "group", "outcomes", "scored", "churned_scored", "renewed_scored", "green_churned", "green_churn_rate",
      "green_churn_ci_low", "green_churn_ci_high", "at_risk_recall", "precision", "false_alarm_rate", "alert_rate",
      "green_churn_arr_share", "roc_auc", "roc_auc_ci_low", "roc_auc_ci_high", "average_precision", "ks", "brier",
    ])
    func cell(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
    for result in horizons {
      for m in [result.overall] + result.segments {
        writer.append([
          "\(result.horizon)", m.group, "\(m.coverage.outcomes)", "\(m.coverage.scored)", "\(m.coverage.churnedScored)",
          "\(m.coverage.renewedScored)", "\(m.greenChurn.numerator)", cell(m.greenChurn.value), cell(m.greenChurn.interval?.lower),
          cell(m.greenChurn.interval?.upper), cell(m.atRiskRecall.value), cell(m.precision.value), cell(m.falseAlarmRate.value),
          cell(m.alertRate.value), cell(m.greenChurnARR.value), cell(m.rocAUC), cell(m.rocAUCInterval?.lower),
          cell(m.rocAUCInterval?.upper), cell(m.averagePrecision), cell(m.kolmogorovSmirnov), cell(m.brierScore),
        ])
      }
    }
    return writer.text
  }
}
