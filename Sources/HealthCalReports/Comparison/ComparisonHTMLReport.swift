import HealthCal
import HealthCalFormats

/// Two models compared as a self-contained HTML page: per horizon, model A
/// and model B side by side, the paired change B − A with its interval, and
/// every account whose band changed.
///
/// The headline rates and their bars are on the accounts both models scored
/// (the comparison's population); the ROC curves, segment charts and score
/// distributions come from each model's own audit, on the accounts it
/// scored, which differ only when the two models differ in coverage.
package struct ComparisonHTMLReport: Sendable {
  /// The paired comparison.
  package var comparison: ModelComparison
  /// The audit of model A (for its curves and distributions).
  package var baseline: Audit
  /// The audit of model B.
  package var candidate: Audit
  /// Model A's band cut-offs.
  package var baselineBands: Bands
  /// Model B's band cut-offs.
  package var candidateBands: Bands

  /// Creates a report.
  package init(comparison: ModelComparison, baseline: Audit, candidate: Audit, baselineBands: Bands, candidateBands: Bands) {
    self.comparison = comparison
    self.baseline = baseline
    self.candidate = candidate
    self.baselineBands = baselineBands
    self.candidateBands = candidateBands
  }

  /// The complete page.
  package var html: String {
    let c = comparison
    let horizons = c.horizons.map(\.horizon)
    let nameA = "A: \(c.baselineName)", nameB = "B: \(c.candidateName)"
    var page = HTMLDocument(
      title: "Model comparison: A = \(c.baselineName), B = \(c.candidateName)",
      context: [
        "Data: \(c.snapshotsFile): \(c.accountCount) accounts, \(c.snapshotCount) snapshots; \(c.outcomeCount) outcomes, \(c.churnedCount) churned; renewals without a date observed until \(c.observedUntil).",
        "At risk = \(c.configuration.atRisk == .red ? "red" : "red or amber"). Rates are on the accounts both models scored; differences are B − A"
          + (c.bootstrapReplicates > 0 ? ", with paired percentile bootstrap 95% intervals (\(c.bootstrapReplicates) resamples, seed \(c.seed))." : "."),
        AuditTextReport.designLines(design: c.design, reason: c.designReason, spacing: c.configuration.landmarkSpacing),
      ])
    page.warnings(c.warnings)

    page.section("Headline: churned accounts shown green, A → B", lead: "Lower is better. P(B better) is the share of paired resamples in which B showed fewer churned accounts green.")
    page.cards(c.horizons.map { h in
      HTMLDocument.Card(
        caption: "\(ReportCharts.horizonLabel(h.horizon)) before the outcome",
        value: "\(NumberFormat.percent(h.baseline.greenChurn.value)) → \(NumberFormat.percent(h.candidate.greenChurn.value))",
        detail: "B − A: \(Self.points(h.greenChurnChange))" + (h.greenChurnDifference.map {
          " (95% CI \(Self.signed($0.lower * 100, digits: 1)) to \(Self.signed($0.upper * 100, digits: 1)) pp; P(B better) \(NumberFormat.percent(1 - $0.probabilityPositive)))"
        } ?? ""),
        extra: [
          "ROC AUC \(NumberFormat.number(h.baseline.rocAUC, digits: 3)) → \(NumberFormat.number(h.candidate.rocAUC, digits: 3))"
            + (h.rocAUCDifference.map { " (B − A 95% CI \(Self.signed($0.lower, digits: 3)) to \(Self.signed($0.upper, digits: 3)))" } ?? ""),
          "\(h.bandChangeCount) of \(h.scoredByBoth) accounts changed band",
        ])
    })

    page.section("Side by side")
    let series: (KeyPath<ModelComparison.ModelMetrics, Rate>) -> [(name: String, colour: String, rates: [Rate])] = { path in
      [(nameA, ChartPalette.blue, c.horizons.map { $0.baseline[keyPath: path] }),
       (nameB, ChartPalette.orange, c.horizons.map { $0.candidate[keyPath: path] })]
    }
    page.charts([
      ReportCharts.greenChurnChart(horizons: horizons, series: series(\.greenChurn)).svg,
      ReportCharts.recallChart(horizons: horizons, atRisk: c.configuration.atRisk, series: series(\.atRiskRecall)).svg,
    ])

    page.section("Ranking: ROC curves, A vs B")
    page.charts(zip(baseline.horizons, candidate.horizons).map { a, b in
      ROCChart(title: "ROC at \(ReportCharts.horizonLabel(a.horizon))", curves: [
        ReportCharts.rocCurve(name: nameA, colour: ChartPalette.blue, dash: "6 3", metrics: a.overall),
        ReportCharts.rocCurve(name: nameB, colour: ChartPalette.orange, metrics: b.overall),
      ], width: 380).svg
    }, isCompact: true)

    let segments = ReportCharts.segmentNames(baseline.horizons + candidate.horizons)
    if !segments.isEmpty {
      page.section(
        "By \(baseline.segmentColumn), A vs B",
        lead: "Green-churn rate per segment, from each model's own audit. A model can gain overall and still lose a segment; segments with few churned accounts have wide intervals.")
      page.charts(zip(baseline.horizons, candidate.horizons).map { a, b in
        ReportCharts.segmentGreenChurnChart(
          title: "Green churn by \(baseline.segmentColumn), \(ReportCharts.horizonLabel(a.horizon))", column: baseline.segmentColumn,
          segments: segments,
          series: [(nameA, ChartPalette.blue, a.segments), (nameB, ChartPalette.orange, b.segments)], width: 380
        ).svg
      }, isCompact: true)
    }

    page.section("Score distributions, A vs B", lead: "Each model's scores with its own band cut-offs.")
    page.charts(zip(baseline.horizons, candidate.horizons).flatMap { a, b in
      ScoreDistributionChart.sharingScale([
        ReportCharts.distribution(title: "\(nameA), \(ReportCharts.horizonLabel(a.horizon))", metrics: a.overall, bands: baselineBands),
        ReportCharts.distribution(title: "\(nameB), \(ReportCharts.horizonLabel(b.horizon))", metrics: b.overall, bands: candidateBands),
      ]).map(\.svg)
    })

    page.section("Band changes", lead: "Accounts whose band under B differs from A, by horizon then account id. Click a column header to sort.")
    if c.bandChanges.isEmpty {
      page.paragraph("No account changed band.")
    } else {
      var table = HTMLTable(
        columns: [
          HTMLTable.Column("Horizon", isNumeric: true), HTMLTable.Column("Account"), HTMLTable.Column("Outcome"),
          HTMLTable.Column("Score A", isNumeric: true), HTMLTable.Column("Score B", isNumeric: true),
          HTMLTable.Column("Change", isNumeric: true),
        ],
        isSortable: true)
      for change in c.bandChanges {
        table.append([
          HTMLTable.text(ReportCharts.horizonLabel(change.horizon), sortKey: Double(change.horizon)),
          HTMLTable.text(change.accountID), HTMLTable.text(change.isChurned ? "churned" : "renewed"),
          HTMLTable.band(change.baselineBand, score: change.baselineScore),
          HTMLTable.band(change.candidateBand, score: change.candidateScore),
          HTMLTable.text(Self.signed(change.candidateScore - change.baselineScore, digits: 1), sortKey: change.candidateScore - change.baselineScore),
        ])
      }
      page.table(table, note: "\(c.bandChanges.count) band changes in all.")
    }
    return page.html
  }

  /// A difference of proportions in percentage points with a sign: `-5.0 pp`.
  static func points(_ value: Double?) -> String {
    guard let value else { return "n/a" }
    return signed(value * 100, digits: 1) + " pp"
  }

  /// `value` with a `+` when it rounds to a positive number.
  static func signed(_ value: Double, digits: Int) -> String {
    let text = NumberFormat.fixed(value, digits: digits)
    return value > 0 && text != NumberFormat.fixed(0, digits: digits) ? "+" + text : text
  }
}
