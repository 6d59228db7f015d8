import HealthCal
import HealthCalFormats

/// The audit as a human-readable report: aligned tables for a terminal, or
/// the same tables as Markdown.
package struct AuditTextReport: Sendable {
  /// The audit to render.
  package var audit: Audit
  /// How many miss-list entries to show (the JSON report has all of them).
  package var missLimit: Int

  /// Creates a report.
  package init(audit: Audit, missLimit: Int = 10) {
    self.audit = audit
    self.missLimit = missLimit
  }

  /// The rendered report.
  package func render(_ style: TextStyle) -> String {
    var out = ""
    func heading(_ text: String) { out += style.heading(text) }
    func table(_ table: TextTable) { out += style.render(table) }
    let config = audit.configuration
    out += style == .markdown ? "# healthcal audit: model \(audit.modelName)\n\n" : "healthcal audit: model \(audit.modelName)\n"
    out += "Snapshots: \(audit.snapshotsFile) (\(audit.accountCount) accounts, \(audit.snapshotCount) rows). "
    out += "Outcomes: \(audit.outcomeCount) accounts, \(audit.churnedCount) churned; renewals without a date observed until \(audit.observedUntil).\n"
    let rule = config.atRisk == .red ? "red" : "red or amber"
    out += "At risk = \(rule). Intervals are 95%: Wilson for rates"
    out += config.bootstrapReplicates > 0 ? ", percentile bootstrap for AUC (\(config.bootstrapReplicates) resamples, seed \(config.seed)).\n" : ".\n"
    out += AuditTextReport.designLines(design: audit.design, reason: audit.designReason, spacing: config.landmarkSpacing)
    out += AuditTextReport.warningLines(audit.warnings, style: style)

    heading("Green churn and accuracy by horizon")
    var main = TextTable(headers: [
      "horizon", "scored", "green-churn rate", "95% CI", "recall (\(config.atRisk.flaggedBands))", "95% CI",
      "false alarms (\(config.atRisk.flaggedBands))", "alert rate", "precision",
    ])
    for result in audit.horizons {
      let m = result.overall
      main.append([
        "\(result.horizon) days",
        audit.design == .landmark ? "\(m.coverage.churnedScored)+\(m.coverage.renewedScored)" : "\(m.coverage.scored)/\(m.coverage.outcomes)",
        "\(NumberFormat.percent(m.greenChurn.value)) (\(m.greenChurn.numerator)/\(m.greenChurn.denominator))",
        NumberFormat.percent(m.greenChurn.interval),
        "\(NumberFormat.percent(m.atRiskRecall.value)) (\(m.atRiskRecall.numerator)/\(m.atRiskRecall.denominator))",
        NumberFormat.percent(m.atRiskRecall.interval),
        NumberFormat.percent(m.falseAlarmRate.value), NumberFormat.percent(m.alertRate.value), NumberFormat.percent(m.precision.value),
      ])
    }
    table(main)
    for result in audit.horizons {
      if let reason = result.overall.notMeasurableReason { out += "\(result.horizon) days: not measurable: \(reason).\n" }
    }
    if audit.design == .landmark {
      out += "scored = churned accounts + observations of accounts still customers h days later, at the landmarks where a churned account was scored; "
      out += "false alarms, alert rate and precision weight each landmark's observations by its share of churned accounts.\n"
      for result in audit.horizons {
        let e = result.exclusions
        out += "\(result.horizon) days: \(e.landmarksWithCases) landmarks compared, \(e.landmarksWithoutCases) without a churned account; left out: "
        out += "\(e.statusUnknown) observations with status unknown h days later, \(e.churningWithinHorizon) observations of accounts churning within h days.\n"
      }
    }

    heading("Ranking quality by horizon (threshold-free)")
    var ranking = TextTable(headers: ["horizon", "ROC AUC", "95% CI", "PR AUC", "KS", "Brier", "deciles monotonic"])
    for result in audit.horizons {
      let m = result.overall
      ranking.append([
        "\(result.horizon) days", NumberFormat.number(m.rocAUC, digits: 3),
        m.rocAUCInterval.map { "\(NumberFormat.fixed($0.lower, digits: 3))–\(NumberFormat.fixed($0.upper, digits: 3))" } ?? "n/a",
        NumberFormat.number(m.averagePrecision, digits: 3), NumberFormat.number(m.kolmogorovSmirnov, digits: 3),
        NumberFormat.number(m.brierScore, digits: 4), m.isMeasurable ? (m.deciles.isMonotonic ? "yes" : "no") : "n/a",
      ])
    }
    table(ranking)

    heading("Churned ARR by horizon")
    var arr = TextTable(headers: ["horizon", "churned ARR scored", "shown green", "share green", "flagged (\(config.atRisk.flaggedBands))", "no ARR"])
    for result in audit.horizons {
      let m = result.overall
      arr.append([
        "\(result.horizon) days", NumberFormat.money(m.greenChurnARR.denominator), NumberFormat.money(m.greenChurnARR.numerator),
        NumberFormat.percent(m.greenChurnARR.value), NumberFormat.percent(m.atRiskRecallARR.value), "\(m.accountsWithoutARR)",
      ])
    }
    table(arr)

    heading("Coverage gaps (accounts with an outcome but no score)")
    var gaps = TextTable(headers: ["horizon", "churned unscored", "renewed unscored"] + HorizonPicker.Gap.allCases.map(\.rawValue))
    for result in audit.horizons {
      let c = result.overall.coverage
      gaps.append(["\(result.horizon) days", "\(c.churnedUnscored)", "\(c.renewedUnscored)"] + HorizonPicker.Gap.allCases.map { "\(c.gaps[$0] ?? 0)" })
    }
    table(gaps)

    if audit.horizons.contains(where: { !$0.segments.isEmpty }) {
      heading("By \(audit.segmentColumn)")
      var segments = TextTable(headers: ["horizon", audit.segmentColumn, "churned scored", "green-churn rate", "95% CI", "recall (\(config.atRisk.flaggedBands))", "ROC AUC"], alignments: [.left, .left, .right, .right, .right, .right, .right])
      for result in audit.horizons {
        for m in result.segments {
          segments.append([
            "\(result.horizon) days", m.group, "\(m.greenChurn.denominator)", NumberFormat.percent(m.greenChurn.value),
            NumberFormat.percent(m.greenChurn.interval), NumberFormat.percent(m.atRiskRecall.value), NumberFormat.number(m.rocAUC, digits: 3),
          ])
        }
      }
      table(segments)
    }

    heading("Lead time to a sustained at-risk flag")
    let lead = audit.leadTime
    out += "\(lead.flaggedCount) of \(lead.churnedCount) churned accounts were at risk at their last snapshot before churn; "
    out += "median lead time \(lead.medianDays.map { NumberFormat.fixed($0, digits: 0) + " days" } ?? "n/a").\n"
    var leadTable = TextTable(headers: ["flagged at least", "accounts", "share of churned"])
    for horizon in config.horizons {
      let rate = lead.flagged(atLeast: horizon)
      leadTable.append(["\(horizon) days before", "\(rate.numerator)", NumberFormat.percent(rate.value)])
    }
    table(leadTable)

    heading("Miss list: churned accounts shown green (largest ARR first)")
    if audit.misses.isEmpty {
      out += audit.unmeasurableReason.map { "Not measurable: \($0).\n" } ?? "No churned account was green at any horizon.\n"
    } else {
      var misses = TextTable(
        headers: ["account", audit.segmentColumn, "ARR", "churned", "green at"] + config.horizons.map { "score \($0)d" } + ["kept green by (points above neutral 50)"],
        alignments: [.left, .left, .right, .right, .left] + config.horizons.map { _ in .right } + [.left])
      for miss in audit.misses.prefix(missLimit) {
        let byHorizon = Dictionary(miss.horizons.map { ($0.horizon, $0) }, uniquingKeysWith: { first, _ in first })
        let greenEntry = miss.horizons.first { $0.scored.band == .green }
        let top = greenEntry.map { entry in
          entry.lifts.prefix(2).map { "\($0.name) +\(NumberFormat.fixed($0.pointsAboveNeutral, digits: 1))" }.joined(separator: ", ")
        } ?? ""
        misses.append(
          [miss.accountID, miss.segment ?? "", NumberFormat.money(miss.arr), miss.churnDate.description,
           miss.greenHorizons.map { "\($0)d" }.joined(separator: ",")]
            + config.horizons.map { horizon in byHorizon[horizon].map { NumberFormat.fixed($0.scored.score, digits: 1) } ?? "-" }
            + [top])
      }
      table(misses)
      if audit.misses.count > missLimit {
        out += "… and \(audit.misses.count - missLimit) more (\(audit.misses.count) in all); --format json lists every one.\n"
      }
    }
    return out
  }

  /// Which design ran and why, for every text report.
  static func designLines(design: EvaluationDesign, reason: String, spacing: LandmarkSpacing) -> String {
    let landmarks = design == .landmark ? " (landmarks: \(spacing))" : ""
    return "Design: \(design.rawValue)\(landmarks); \(reason).\n"
  }

  /// The evaluation's warnings as a block a reader cannot miss; empty when there are none.
  static func warningLines(_ warnings: [EvaluationWarning], style: TextStyle) -> String {
    guard !warnings.isEmpty else { return "" }
    var out = style == .markdown ? "\n> **Warnings**\n" : "\nWARNINGS\n"
    for warning in warnings {
      out += style == .markdown ? "> - \(warning.kind.rawValue): \(warning.message)\n" : "! \(warning.kind.rawValue): \(warning.message)\n"
    }
    return out
  }
}
