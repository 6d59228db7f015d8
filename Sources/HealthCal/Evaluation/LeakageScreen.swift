/// Signals whose separation of churned from other accounts comes from the
/// calendar rather than from health.
///
/// For every signal column and horizon, the ROC AUC of the raw value as a
/// churn predictor is computed twice: across dates (the renewal design's
/// picks) and at matched dates (the landmark design's pooled within-landmark
/// concordance). Each is read as a separation, max(AUC, 1 − AUC), so the
/// direction of the column does not matter. A column whose separation
/// across dates exceeds its separation at matched dates by at least
/// ``tolerance`` is named: what it separates is when accounts were scored.
///
/// Threshold: 0.1. On the synthetic book with a planted calendar confound
/// (`synth --calendar-confound`, 1,000 accounts, seeds 1–4) `tenure_days`
/// separates with 0.74–0.79 across dates and 0.50–0.53 at matched dates and
/// is named at every horizon, while no health signal is; on the same books
/// without the confound (forced `--design landmark`) no column is named.
/// Needs both designs' observations, so it runs where the landmark design
/// does; where the calendar check passes there is no calendar to leak.
package struct LeakageScreen: Hashable, Sendable {
  /// Smallest drop in separation from across-date to matched-date that names a signal.
  package static let tolerance = 0.1

  /// One named signal at one horizon.
  package struct Finding: Hashable, Sendable {
    /// The column.
    package var column: String
    /// Days before the outcome.
    package var horizon: Int
    /// AUC of the raw value across dates (renewal design), higher value = churn.
    package var acrossDatesAUC: Double
    /// AUC of the raw value at matched dates (landmark design).
    package var matchedDatesAUC: Double

    /// One sentence a CS-ops analyst can act on, for one column's findings
    /// at one or more horizons: "tenure_days separates churned from other
    /// accounts with AUC 0.71 / 0.73 across dates but 0.54 / 0.54 at matched
    /// dates (90 / 30 days): …".
    package static func sentence(_ findings: [Finding]) -> String {
      func separations(_ auc: (Finding) -> Double) -> String {
        findings.map { EvaluationWarning.twoDecimals(max(auc($0), 1 - auc($0))) }.joined(separator: " / ")
      }
      return "\(findings[0].column) separates churned from other accounts with AUC \(separations(\.acrossDatesAUC)) across dates but "
        + "\(separations(\.matchedDatesAUC)) at matched dates (\(findings.map { String($0.horizon) }.joined(separator: " / ")) days): "
        + "it measures when accounts were scored, not their health."
    }
  }

  /// Every finding, by horizon then column order.
  package var findings: [Finding]

  /// Screens every numeric signal column of `table` (a category's values
  /// are label positions, which have no order to rank).
  /// - Parameters:
  ///   - renewal: the renewal design's samples, per horizon.
  ///   - landmark: the landmark design's samples, same horizons.
  package init(table: SnapshotTable, renewal: [DesignSample], landmark: [DesignSample]) {
    var findings: [Finding] = []
    for (across, matched) in zip(renewal, landmark) {
      for (c, column) in table.signalNames.enumerated() where table.categories[c] == nil {
        func values(_ sample: DesignSample) -> (risk: [Double], isCase: [Bool], landmarks: [Int]) {
          let present = sample.observations.filter { table.value(row: $0.row, signal: c) != nil }
          return (present.map { table.value(row: $0.row, signal: c)! }, present.map(\.isCase), present.map { $0.landmark ?? 0 })
        }
        let a = values(across)
        let m = values(matched)
        guard let acrossAUC = RankedScores(risk: a.risk, isChurned: a.isCase).rocAUC,
          let matchedAUC = LandmarkConcordance(risk: m.risk, isChurned: m.isCase, landmarks: m.landmarks).rocAUC
        else { continue }
        if max(acrossAUC, 1 - acrossAUC) - max(matchedAUC, 1 - matchedAUC) >= Self.tolerance {
          findings.append(Finding(column: column, horizon: across.horizon, acrossDatesAUC: acrossAUC, matchedDatesAUC: matchedAUC))
        }
      }
    }
    self.findings = findings
  }
}
