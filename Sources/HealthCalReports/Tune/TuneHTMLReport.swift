import HealthCal
import HealthCalFormats

/// A recalibration as a self-contained HTML page: the verdict, how the
/// weights moved, and the current and tuned models side by side on held-out
/// accounts.
///
/// Every chart shows out-of-sample figures (each account scored by weights
/// fitted without it), because in-sample gains of a weight search are
/// flattered by the search itself; the in-sample figures are in the table at
/// the end for comparison.
package struct TuneHTMLReport: Sendable {
  /// The result to render.
  package var result: TuneResult

  /// Creates a report.
  package init(result: TuneResult) {
    self.result = result
  }

  /// The complete page.
  package var html: String {
    let text = TuneReport(result: result)
    let horizons = result.configuration.audit.horizons
    let objective = result.objective
    let current = result.outOfSample.current, tuned = result.outOfSample.tuned
    var context = [
      "Objective (\(objective.kind.rawValue)): \(objective.plainDescription).",
      "At risk = \(objective.atRisk.flaggedBands) (recall and false alarms count these bands).",
      "Horizon weights: " + zip(horizons, objective.horizonWeights).map { "\($0) days \(NumberFormat.fixed($1, digits: 2))" }.joined(separator: ", ") + ".",
    ]
    if objective.kind == .greenChurn {
      context.append("Alert budget (share of accounts not green): " + zip(horizons, objective.alertBudgets).map { "\($0) days \(NumberFormat.percent($1))" }.joined(separator: ", ") + ".")
    }
    context.append("Search: \(text.methodDescription); seed \(result.configuration.search.seed).")
    context.append("Validation: \(text.validationDescription).")
    var page = HTMLDocument(title: "Weight recalibration: \(result.currentModel.name)", context: context)

    page.section("Verdict")
    page.warnings(result.plan.warnings)
    page.paragraph(result.recommendation, emphasis: true)
    page.cards(zip(horizons.indices, horizons).map { h, horizon in
      HTMLDocument.Card(
        caption: "\(ReportCharts.horizonLabel(horizon)) before the outcome, out of sample",
        value: "\(NumberFormat.percent(current[h].greenChurn.value)) → \(NumberFormat.percent(tuned[h].greenChurn.value))",
        detail: "of churned accounts shown green: \(current[h].greenChurn.numerator) of \(current[h].greenChurn.denominator) with the current weights, \(tuned[h].greenChurn.numerator) of \(tuned[h].greenChurn.denominator) tuned",
        extra: [
          "Not green (CS call list): \(NumberFormat.percent(current[h].nonGreenRate.value)) → \(NumberFormat.percent(tuned[h].nonGreenRate.value)) of accounts",
          "ROC AUC \(NumberFormat.number(current[h].rocAUC, digits: 3)) → \(NumberFormat.number(tuned[h].rocAUC, digits: 3))",
        ])
    })

    page.section("How the weights moved")
    let rows = zip(result.currentModel.components, result.tunedModel.components).enumerated().map { c, pair in
      WeightChangeChart.Row(name: pair.1.name, current: c < result.space.current.count ? result.space.current[c] : pair.0.weight, tuned: pair.1.weight)
    }
    page.charts([WeightChangeChart(title: "Component weights, current → tuned", rows: rows).svg])
    let before = result.currentModel.bands, after = result.tunedModel.bands
    var weightNote = "Bands: red below \(ScoreDistributionChart.cutLabel(before.redBelow)) → \(ScoreDistributionChart.cutLabel(after.redBelow)); green at or above \(ScoreDistributionChart.cutLabel(before.greenAtOrAbove)) → \(ScoreDistributionChart.cutLabel(after.greenAtOrAbove))."
    if result.foldWeights.count > 1 {
      weightNote += " Each fold chose: " + result.tunedModel.components.enumerated().map { c, component in
        "\(component.name) " + result.foldWeights.map { NumberFormat.fixed($0[c], digits: 0) }.joined(separator: "/")
      }.joined(separator: ", ") + ". " + TuneReport.foldNote(folds: result.foldWeights.count)
    }
    page.paragraph(weightNote)

    page.section(
      "Current vs tuned on held-out accounts",
      lead: "Bars are out-of-sample rates with Wilson 95% intervals; overlapping whiskers at one horizon mean that horizon alone does not prove a difference (the paired test in the verdict does).")
    let series: (KeyPath<GroupMetrics, Rate>) -> [(name: String, colour: String, rates: [Rate])] = { path in
      [("current", ChartPalette.blue, current.map { $0[keyPath: path] }), ("tuned", ChartPalette.orange, tuned.map { $0[keyPath: path] })]
    }
    page.charts([
      ReportCharts.greenChurnChart(horizons: horizons, series: series(\.greenChurn)).svg,
      ReportCharts.recallChart(horizons: horizons, atRisk: objective.atRisk, series: series(\.atRiskRecall)).svg,
    ])

    page.section("Ranking: ROC curves, current vs tuned (out of sample)")
    page.charts(zip(horizons.indices, horizons).map { h, horizon in
      ROCChart(title: "ROC at \(ReportCharts.horizonLabel(horizon))", curves: [
        ReportCharts.rocCurve(name: "current", colour: ChartPalette.blue, dash: "6 3", metrics: current[h]),
        ReportCharts.rocCurve(name: "tuned", colour: ChartPalette.orange, metrics: tuned[h]),
      ], width: 380).svg
    }, isCompact: true)

    page.section(
      "Score distributions, current vs tuned (out of sample)",
      lead: "Each model's scores with its own band cut-offs. A better model pushes churned accounts left of the green line.")
    page.charts(zip(horizons.indices, horizons).flatMap { h, horizon in
      ScoreDistributionChart.sharingScale([
        ReportCharts.distribution(title: "Current, \(ReportCharts.horizonLabel(horizon))", metrics: current[h], bands: before),
        ReportCharts.distribution(title: "Tuned, \(ReportCharts.horizonLabel(horizon))", metrics: tuned[h], bands: after),
      ]).map(\.svg)
    })

    page.section("All figures, in and out of sample")
    var table = HTMLTable(columns: [
      HTMLTable.Column("Horizon"), HTMLTable.Column("Sample"), HTMLTable.Column("Model"),
      HTMLTable.Column("Green-churn rate", isNumeric: true), HTMLTable.Column("95% CI", isNumeric: true),
      HTMLTable.Column("Not green", isNumeric: true), HTMLTable.Column("Recall (\(objective.atRisk.flaggedBands))", isNumeric: true),
      HTMLTable.Column("False alarms (\(objective.atRisk.flaggedBands))", isNumeric: true), HTMLTable.Column("ROC AUC", isNumeric: true),
    ])
    for (h, horizon) in horizons.enumerated() {
      for (sample, comparison) in [("in-sample", result.inSample), ("out-of-sample", result.outOfSample)] {
        for (name, m) in [("current", comparison.current[h]), ("tuned", comparison.tuned[h])] {
          table.append([
            HTMLTable.text(ReportCharts.horizonLabel(horizon)), HTMLTable.text(sample), HTMLTable.text(name),
            HTMLTable.text("\(NumberFormat.percent(m.greenChurn.value)) (\(m.greenChurn.numerator)/\(m.greenChurn.denominator))"),
            HTMLTable.text(NumberFormat.percent(m.greenChurn.interval)), HTMLTable.text(NumberFormat.percent(m.nonGreenRate.value)),
            HTMLTable.text(NumberFormat.percent(m.atRiskRecall.value)), HTMLTable.text(NumberFormat.percent(m.falseAlarmRate.value)),
            HTMLTable.text(AuditHTMLReport.auc(m)),
          ])
        }
      }
    }
    page.table(table)
    if !result.notes.isEmpty {
      page.section("Notes")
      for note in result.notes { page.paragraph(note) }
    }
    return page.html
  }
}
