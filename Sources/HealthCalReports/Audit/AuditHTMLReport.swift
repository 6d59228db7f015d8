import HealthCal
import HealthCalFormats

/// The audit as a self-contained HTML page for CS leaders: headline figures
/// per horizon, then the charts that explain them, then the miss list.
///
/// The order follows the questions a CS leader asks: how many churners did
/// the score show green, did it warn us at all and how early, does it rank
/// risk, where do churned accounts sit against the band cut-offs, and which
/// accounts (and how much ARR) did we lose while the score said "fine".
package struct AuditHTMLReport: Sendable {
  /// The audit to render.
  package var audit: Audit
  /// The bands of the audited model, drawn on the score distributions.
  package var bands: Bands

  /// Creates a report.
  /// - Parameters:
  ///   - audit: the audit.
  ///   - bands: the model's default band cut-offs (segment overrides are not drawn).
  package init(audit: Audit, bands: Bands) {
    self.audit = audit
    self.bands = bands
  }

  /// The complete page.
  package var html: String {
    let horizons = audit.horizons.map(\.horizon)
    let config = audit.configuration
    let rule = config.atRisk == .red ? "red" : "red or amber"
    var page = HTMLDocument(
      title: "Health score audit: \(audit.modelName)",
      context: [
        "Data: \(audit.snapshotsFile): \(audit.accountCount) accounts, \(audit.snapshotCount) snapshots; \(audit.outcomeCount) outcomes, \(audit.churnedCount) churned; renewals without a date observed until \(audit.observedUntil).",
        "Each account is scored on its latest snapshot at least \(Self.list(horizons)) days before its outcome (no more than \(config.maxStaleness) days older). At risk = \(rule). Bands: red below \(ScoreDistributionChart.cutLabel(bands.redBelow)), green at or above \(ScoreDistributionChart.cutLabel(bands.greenAtOrAbove)).",
        "Intervals are 95%: Wilson for rates" + (config.bootstrapReplicates > 0 ? "; percentile bootstrap for ROC AUC (\(config.bootstrapReplicates) resamples, seed \(config.seed))." : "."),
        AuditTextReport.designLines(design: audit.design, reason: audit.designReason, spacing: config.landmarkSpacing),
      ])
    page.warnings(audit.warnings)

    page.section(
      "Headline: churned accounts the score showed green",
      lead: "The share of accounts that churned but were banded green before they left: the intervention window the score lost.")
    page.cards(audit.horizons.map { Self.card($0, atRisk: config.atRisk) })
    var arr = HTMLTable(columns: [
      HTMLTable.Column("Horizon"), HTMLTable.Column("Churned ARR scored", isNumeric: true), HTMLTable.Column("Shown green", isNumeric: true),
      HTMLTable.Column("Share green", isNumeric: true), HTMLTable.Column("Flagged (\(config.atRisk.flaggedBands))", isNumeric: true),
      HTMLTable.Column("Accounts without ARR", isNumeric: true),
    ])
    for result in audit.horizons {
      let m = result.overall
      arr.append([
        HTMLTable.text(ReportCharts.horizonLabel(result.horizon)), HTMLTable.text(NumberFormat.money(m.greenChurnARR.denominator)),
        HTMLTable.text(NumberFormat.money(m.greenChurnARR.numerator)), HTMLTable.text(NumberFormat.percent(m.greenChurnARR.value)),
        HTMLTable.text(NumberFormat.percent(m.atRiskRecallARR.value)), HTMLTable.text("\(m.accountsWithoutARR)"),
      ])
    }
    page.table(arr, note: "Churned ARR by horizon: the outcomes file's ARR first, then the scored snapshot's.")

    page.section("Did the score warn us?")
    page.charts([
      ReportCharts.greenChurnChart(
        horizons: horizons, series: [(audit.modelName, ChartPalette.blue, audit.horizons.map(\.overall.greenChurn))]).svg,
      ReportCharts.recallChart(
        horizons: horizons, atRisk: config.atRisk,
        series: [(audit.modelName, ChartPalette.blue, audit.horizons.map(\.overall.atRiskRecall))]).svg,
    ])

    page.section(
      "Does the score rank risk?",
      lead: "ROC curves show how well the score separates churned from renewed accounts at every possible cut-off (AUC 0.5 is a coin toss, 1.0 is perfect). Churn rate by decile should fall steadily from the lowest-scored tenth of accounts to the highest.")
    let curves = audit.horizons.enumerated().map { index, result in
      ReportCharts.rocCurve(name: ReportCharts.horizonLabel(result.horizon), colour: ChartPalette.series(index), metrics: result.overall)
    }
    page.charts([
      ROCChart(title: "ROC curves by horizon", curves: curves).svg,
      ReportCharts.leadTimeChart(audit.leadTime).svg,
    ])
    let lead = audit.leadTime
    page.paragraph(
      "Lead time: \(lead.flaggedCount) of \(lead.churnedCount) churned accounts were at risk at their last snapshot before churn; median lead time \(lead.medianDays.map { NumberFormat.fixed($0, digits: 0) + " days" } ?? "n/a"). Lead time counts only the final unbroken at-risk run: a flag that came and went does not count.")
    page.charts([ReportCharts.decileChart(horizons: horizons, tables: audit.horizons.map(\.overall.deciles)).svg])
    var ranking = HTMLTable(columns: [
      HTMLTable.Column("Horizon"), HTMLTable.Column("ROC AUC (95% CI)", isNumeric: true), HTMLTable.Column("PR AUC", isNumeric: true),
      HTMLTable.Column("KS", isNumeric: true), HTMLTable.Column("Brier", isNumeric: true), HTMLTable.Column("Deciles monotonic"),
    ])
    for result in audit.horizons {
      let m = result.overall
      ranking.append([
        HTMLTable.text(ReportCharts.horizonLabel(result.horizon)), HTMLTable.text(Self.auc(m)),
        HTMLTable.text(NumberFormat.number(m.averagePrecision, digits: 3)), HTMLTable.text(NumberFormat.number(m.kolmogorovSmirnov, digits: 3)),
        HTMLTable.text(NumberFormat.number(m.brierScore, digits: 4)),
        HTMLTable.text(m.isMeasurable ? (m.deciles.isMonotonic ? "yes" : "no") : "n/a"),
      ])
    }
    page.table(ranking, note: "Ranking quality by horizon (threshold-free); PR AUC is average precision, Brier the error of a calibrated churn probability.")

    if let segmentTable = segmentTable {
      page.section(
        "By \(audit.segmentColumn)",
        lead: "The same headline for each segment: a score that works for SMB can still show Enterprise churners green. Segments with few churned accounts have wide intervals.")
      page.charts([segmentChart.svg])
      page.table(segmentTable, note: "Accounts without a segment are grouped as (none); an unscored account counts in the segment of its latest snapshot.")
    }

    page.section(
      "Score distributions: churned vs renewed",
      lead: "Where each group's scores fell, as a share of the group. Churned accounts to the right of the green cut-off are the misses.")
    page.charts(audit.horizons.map { result in
      ReportCharts.distribution(
        title: "Scores \(ReportCharts.horizonLabel(result.horizon)) before the outcome", metrics: result.overall, bands: bands,
        width: 400
      ).svg
    }, isCompact: true)

    page.section(
      "Miss list: churned accounts shown green",
      lead: "Every churned account that was green at one or more horizons, largest ARR first. Click a column header to sort. \"Kept green by\" lists the components that contributed the most points at the first horizon where the account was green.")
    if audit.misses.isEmpty {
      page.paragraph(audit.unmeasurableReason.map { "Not measurable: \($0)." } ?? "No churned account was green at any horizon.")
    } else {
      page.table(missTable, note: "\(audit.misses.count) accounts, \(NumberFormat.money(audit.misses.reduce(0) { $0 + ($1.arr ?? 0) })) churned ARR in all.")
    }

    page.section("Coverage")
    var coverage = HTMLTable(columns: [
      HTMLTable.Column("Horizon"), HTMLTable.Column("Scored", isNumeric: true), HTMLTable.Column("Churned unscored", isNumeric: true),
      HTMLTable.Column("Renewed unscored", isNumeric: true),
    ] + HorizonPicker.Gap.allCases.map { HTMLTable.Column($0.rawValue.replacingAll("_", with: " "), isNumeric: true) })
    for result in audit.horizons {
      let m = result.overall
      coverage.append([
        HTMLTable.text(ReportCharts.horizonLabel(result.horizon)),
        HTMLTable.text("\(m.coverage.scored) of \(m.coverage.outcomes)"),
        HTMLTable.text("\(m.coverage.churnedUnscored)"), HTMLTable.text("\(m.coverage.renewedUnscored)"),
      ] + HorizonPicker.Gap.allCases.map { HTMLTable.text("\(m.coverage.gaps[$0] ?? 0)") })
    }
    page.table(coverage, note: "Accounts with an outcome but no snapshot close enough to the horizon are not scored; they are counted here, never dropped silently.")
    if audit.design == .landmark {
      for result in audit.horizons {
        let e = result.exclusions
        page.paragraph(
          "\(ReportCharts.horizonLabel(result.horizon)), landmark design: \(e.landmarksWithCases) landmarks compared, \(e.landmarksWithoutCases) without a churned account; left out: \(e.statusUnknown) observations with status unknown h days later, \(e.churningWithinHorizon) observations of accounts churning within h days.")
      }
    }
    return page.html
  }

  /// `90, 60 or 30`.
  static func list(_ horizons: [Int]) -> String {
    let names = horizons.map(String.init)
    guard names.count > 1 else { return names.first ?? "" }
    return names.dropLast().joined(separator: ", ") + " or " + names.last!
  }

  /// The headline card of one horizon.
  static func card(_ result: HorizonResult, atRisk: AtRiskRule) -> HTMLDocument.Card {
    let m = result.overall
    let green = m.greenChurn
    return HTMLDocument.Card(
      caption: "\(ReportCharts.horizonLabel(result.horizon)) before the outcome",
      value: NumberFormat.percent(green.value),
      detail: "of churned accounts were green: \(green.numerator) of \(green.denominator) (95% CI \(NumberFormat.percent(green.interval)))",
      extra: [
        "Churned ARR shown green: \(NumberFormat.money(m.greenChurnARR.numerator)) of \(NumberFormat.money(m.greenChurnARR.denominator)) (\(NumberFormat.percent(m.greenChurnARR.value)))",
        "Flagged (\(atRisk.flaggedBands)): \(NumberFormat.percent(m.atRiskRecall.value)) of churned; \(NumberFormat.percent(m.falseAlarmRate.value)) of renewed",
        "ROC AUC \(auc(m))",
      ])
  }

  /// `0.550 (0.490–0.619)`, or the bare value without an interval.
  static func auc(_ m: GroupMetrics) -> String {
    let value = NumberFormat.number(m.rocAUC, digits: 3)
    guard let interval = m.rocAUCInterval else { return value }
    return "\(value) (\(NumberFormat.fixed(interval.lower, digits: 3))–\(NumberFormat.fixed(interval.upper, digits: 3)))"
  }

  /// Each segment's metrics at a horizon, `nil` where the segment had no account there.
  func segmentMetrics(_ result: HorizonResult, _ name: String) -> GroupMetrics? {
    result.segments.first { $0.group == name }
  }

  /// Green-churn rate per segment, one bar per horizon.
  var segmentChart: GroupedBarChart {
    ReportCharts.segmentGreenChurnChart(
      title: "Churned accounts shown green, by \(audit.segmentColumn) (lower is better)", column: audit.segmentColumn,
      segments: ReportCharts.segmentNames(audit.horizons),
      series: audit.horizons.enumerated().map { index, result in
        (ReportCharts.horizonLabel(result.horizon), ChartPalette.series(index), result.segments)
      })
  }

  /// Green churn and ROC AUC per segment and horizon; `nil` without segments.
  var segmentTable: HTMLTable? {
    let names = ReportCharts.segmentNames(audit.horizons)
    guard !names.isEmpty else { return nil }
    var table = HTMLTable(
      columns: [HTMLTable.Column(audit.segmentColumn)]
        + audit.horizons.flatMap { result in
          [HTMLTable.Column("Green churn \(result.horizon)d", isNumeric: true), HTMLTable.Column("ROC AUC \(result.horizon)d", isNumeric: true)]
        },
      isSortable: true)
    for name in names {
      table.append([HTMLTable.text(name)] + audit.horizons.flatMap { result -> [HTMLTable.Cell] in
        guard let m = segmentMetrics(result, name) else { return [HTMLTable.text("–"), HTMLTable.text("–")] }
        let green = m.greenChurn
        return [
          HTMLTable.text("\(NumberFormat.percent(green.value)) (\(green.numerator) of \(green.denominator))", sortKey: green.value ?? -1),
          HTMLTable.text(NumberFormat.number(m.rocAUC, digits: 3), sortKey: m.rocAUC ?? -1),
        ]
      })
    }
    return table
  }

  /// The miss list as a sortable table: every miss, not a top-N.
  var missTable: HTMLTable {
    let horizons = audit.configuration.horizons
    var table = HTMLTable(
      columns: [HTMLTable.Column("Account"), HTMLTable.Column(audit.segmentColumn), HTMLTable.Column("ARR", isNumeric: true),
                HTMLTable.Column("Churned on"), HTMLTable.Column("Green at")]
        + horizons.map { HTMLTable.Column("Score \($0)d", isNumeric: true) } + [HTMLTable.Column("Kept green by (points above a neutral 50)")],
      isSortable: true)
    for miss in audit.misses {
      let byHorizon = Dictionary(miss.horizons.map { ($0.horizon, $0) }, uniquingKeysWith: { first, _ in first })
      let firstGreen = miss.horizons.first { $0.scored.band == .green }
      let top = firstGreen.map { entry in
        entry.lifts.prefix(3).map { "\($0.name) +\(NumberFormat.fixed($0.pointsAboveNeutral, digits: 1))" }.joined(separator: ", ")
      } ?? ""
      table.append(
        [HTMLTable.text(miss.accountID), HTMLTable.text(miss.segment ?? ""),
         HTMLTable.text(NumberFormat.money(miss.arr), sortKey: miss.arr ?? -1),
         HTMLTable.text(miss.churnDate.description), HTMLTable.text(miss.greenHorizons.map { "\($0)d" }.joined(separator: ", "))]
          + horizons.map { horizon in
            byHorizon[horizon].map { HTMLTable.band($0.scored.band, score: $0.scored.score) } ?? HTMLTable.text("–")
          }
          + [HTMLTable.text(top)])
    }
    return table
  }
}
