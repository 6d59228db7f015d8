import HealthCal
import HealthCalFormats

/// A recalibration run as a report: table or Markdown for people, JSON for
/// machines.
public struct TuneReport: Report {
  /// The result to render.
  public var result: TuneResult

  /// Creates a report.
  public init(result: TuneResult) {
    self.result = result
  }

  private var horizons: [Int] { result.configuration.audit.horizons }

  /// How the search ran, in words.
  package var methodDescription: String {
    switch result.search.method {
    case .lattice(let points):
      return "exhaustive lattice of \(points) points (step \(result.space.step)); \(result.search.evaluated) candidates evaluated with the current weights"
    case .random(let latticePoints, let samples, let refined):
      return "lattice of \(latticePoints) points (step \(result.space.step)) is too large to enumerate: \(samples) seeded random points, then \(refined) local refinement moves; \(result.search.evaluated) candidates evaluated"
    }
  }

  /// How the gain was validated, in words.
  package var validationDescription: String {
    switch result.configuration.validation {
    case .kFold(let k):
      return "\(k)-fold stratified cross-validation: each account's out-of-sample score comes from weights fitted without it"
    case .holdout(let date):
      return "time-ordered holdout: fitted on outcomes before \(date), tested on outcomes from \(date) on (and renewals without a date)"
    }
  }

  /// The rendered report.
  package func render(_ style: TextStyle) -> String {
    var out = ""
    func heading(_ text: String) { out += style.heading(text) }
    func table(_ table: TextTable) { out += style.render(table) }
    let objective = result.objective
    out += style == .markdown ? "# healthcal tune: \(result.currentModel.name)\n\n" : "healthcal tune: \(result.currentModel.name)\n"
    out += "Objective (\(objective.kind.rawValue)): \(objective.plainDescription).\n"
    out += "At risk = \(result.configuration.audit.atRisk.flaggedBands) (recall and false alarms count these bands).\n"
    out += "Horizon weights: " + zip(horizons, objective.horizonWeights).map { "\($0) days \(NumberFormat.fixed($1, digits: 2))" }.joined(separator: ", ") + ".\n"
    if objective.kind == .greenChurn {
      out += "Alert budget (share of accounts not green): " + zip(horizons, objective.alertBudgets).map { "\($0) days \(NumberFormat.percent($1))" }.joined(separator: ", ")
      out += result.configuration.alertBudget == nil ? " (the current model's shares).\n" : ".\n"
    }
    out += "Search: \(methodDescription); seed \(result.configuration.search.seed).\n"
    out += "Validation: \(validationDescription).\n"
    out += "Design: \(result.plan.design.rawValue); \(result.plan.reason).\n"
    out += AuditTextReport.warningLines(result.plan.warnings, style: style)

    heading("Weights")
    let foldColumn = result.foldWeights.count > 1
    var weights = TextTable(headers: ["component", "current", "tuned (all data)"] + (foldColumn ? ["each fold chose"] : []))
    let current = result.space.current
    for (c, component) in result.tunedModel.components.enumerated() {
      var row = [component.name, NumberFormat.fixed(current[c], digits: 1), NumberFormat.fixed(component.weight, digits: 1)]
      if foldColumn { row.append(result.foldWeights.map { NumberFormat.fixed($0[c], digits: 0) }.joined(separator: ", ")) }
      weights.append(row)
    }
    table(weights)
    if foldColumn { out += Self.foldNote(folds: result.foldWeights.count) + "\n" }
    let before = result.currentModel.bands, after = result.tunedModel.bands
    out += "Bands: red below \(NumberFormat.fixed(before.redBelow, digits: 2)) → \(NumberFormat.fixed(after.redBelow, digits: 2)); green at or above \(NumberFormat.fixed(before.greenAtOrAbove, digits: 2)) → \(NumberFormat.fixed(after.greenAtOrAbove, digits: 2)).\n"
    if result.configuration.tunesSignals {
      var signals = TextTable(headers: ["component", "signal", "current share", "tuned share"])
      for (before, after) in zip(result.currentModel.components, result.tunedModel.components) where before.signals.count > 1 {
        let totals = (before.signals.reduce(0) { $0 + $1.weight }, after.signals.reduce(0) { $0 + $1.weight })
        for (old, new) in zip(before.signals, after.signals) {
          signals.append([before.name, old.column, NumberFormat.percent(old.weight / totals.0), NumberFormat.percent(new.weight / totals.1)])
        }
      }
      if !signals.rows.isEmpty {
        out += "Signal weights within components (share of the component):\n"
        table(signals)
      }
    }
    for override in result.tunedModel.segments {
      out += "Segment \(override.segment): " + result.tunedModel.components.map { "\($0.name) \(NumberFormat.fixed(override.weights[$0.name] ?? $0.weight, digits: 0))" }.joined(separator: ", ") + ".\n"
    }

    heading("Current vs tuned, per horizon (intervals 95%)")
    var metrics = TextTable(
      headers: ["horizon", "sample", "model", "green-churn rate", "95% CI", "not green", "recall (\(result.configuration.audit.atRisk.flaggedBands))",
        "false alarms (\(result.configuration.audit.atRisk.flaggedBands))", "ROC AUC", "95% CI"],
      alignments: [.left, .left, .left, .right, .right, .right, .right, .right, .right, .right])
    for (h, horizon) in horizons.enumerated() {
      for (sample, comparison) in [("in-sample", result.inSample), ("out-of-sample", result.outOfSample)] {
        for (name, m) in [("current", comparison.current[h]), ("tuned", comparison.tuned[h])] {
          metrics.append([
            "\(horizon) days", sample, name,
            "\(NumberFormat.percent(m.greenChurn.value)) (\(m.greenChurn.numerator)/\(m.greenChurn.denominator))",
            NumberFormat.percent(m.greenChurn.interval), NumberFormat.percent(m.nonGreenRate.value), NumberFormat.percent(m.atRiskRecall.value),
            NumberFormat.percent(m.falseAlarmRate.value), NumberFormat.number(m.rocAUC, digits: 3),
            m.rocAUCInterval.map { "\(NumberFormat.fixed($0.lower, digits: 3))–\(NumberFormat.fixed($0.upper, digits: 3))" } ?? "n/a",
          ])
        }
      }
    }
    table(metrics)

    heading("Is the gain real?")
    if let improvement = result.improvement {
      out += "Out-of-sample objective, current minus tuned (positive = tuned better): \(NumberFormat.fixed(improvement.estimate, digits: 4)), "
      out += "95% CI \(NumberFormat.fixed(improvement.lower, digits: 4)) to \(NumberFormat.fixed(improvement.upper, digits: 4)); "
      out += "tuned better in \(NumberFormat.percent(improvement.probabilityPositive)) of \(improvement.replicates) paired resamples.\n"
    }
    out += result.recommendation + "\n"
    if !result.notes.isEmpty {
      heading("Notes")
      for note in result.notes { out += (style == .markdown ? "- " : "  ") + note + "\n" }
    }
    return out
  }

  /// Why the folds' choices need not include the tuned weights, so they are
  /// not read as an interval.
  static func foldNote(folds: Int) -> String {
    "The tuned weights are the search on all the data; each of the \(folds) folds searched without its own accounts to "
      + "measure the gain out of sample. Their choices show how stable the answer is, not an interval around it."
  }

  /// The run as JSON: settings, weights, per-horizon metrics in and out of
  /// sample, and the improvement, in a fixed key order.
  package var json: JSONValue {
    .object(JSONObject([
      ("report", .string("tune")),
      ("schema", .number(1)),
      ("tool", .string("healthcal \(HealthCalVersion.current)")),
      ("model", .string(result.currentModel.name)),
      ("calibration", CalibrationRecord.summary(of: result)),
      ("metrics", CalibrationRecord.metrics(of: result)),
      ("tuned_model", result.tunedModel.json),
    ]))
  }
}

extension TuneReport {
  public static let formats: [ReportFormat] = [.table, .json, .markdown, .html]

  public func rendered(as format: ReportFormat) -> String {
    switch format {
    case .table: render(.plain)
    case .markdown: render(.markdown)
    case .json: json.reportText
    case .html: TuneHTMLReport(result: result).html
    case .csv: preconditionFailure("tune has no CSV form")
    }
  }
}
