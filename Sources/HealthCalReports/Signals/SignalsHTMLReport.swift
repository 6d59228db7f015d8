import HealthCal
import HealthCalFormats

/// `healthcal signals` as one self-contained HTML page: the ranking, each
/// column's cohort chart as small multiples, the redundant groups and the
/// model's own signals.
package struct SignalsHTMLReport: Sendable {
  /// The screen to render.
  package var screen: SignalScreen

  /// Creates a report.
  package init(screen: SignalScreen) {
    self.screen = screen
  }

  /// The complete page.
  package var html: String {
    let first = screen.horizons.first.map { "\($0) days" } ?? "-"
    var page = HTMLDocument(
      title: "Which columns predict churn",
      context: [
        "Design: \(screen.design.rawValue) (\(screen.designReason)).",
        "Columns strongest first: by how far their ROC AUC at \(first) is from 0.5 (either way), then information value. IV reading: < 0.02 useless, 0.02–0.1 weak, 0.1–0.3 medium, 0.3–0.5 strong, > 0.5 suspicious (check for leakage).",
        "Bins: the fewest (at most \(screen.settings.binning.maximumBins), each at least \(NumberFormat.percent(screen.settings.binning.minimumShare)) of the values) whose churn rates move one way and whose neighbours differ significantly.",
      ])
    page.warnings(screen.warnings)

    page.section("Ranking at \(first)", lead: "Information value of each column's bins: how far apart the churned and the other accounts' distributions are.")
    page.charts([
      GroupedBarChart(
        title: "Information value at \(first)", xLabel: "Column", yLabel: "IV",
        groups: screen.columns.map(\.name),
        series: [
          GroupedBarChart.Series(
            name: "IV", colour: ChartPalette.blue,
            bars: screen.columns.map { column in
              let profile = column.profiles[0]
              return GroupedBarChart.Bar(profile.informationValue, detail: "\(profile.strength.description); AUC \(NumberFormat.number(profile.rocAUC, digits: 3))")
            })
        ],
        format: .number(digits: 2), width: 1100)
        .svg
    ])
    var ranking = HTMLTable(
      columns: [
        HTMLTable.Column("Column"), HTMLTable.Column("Horizon", isNumeric: true), HTMLTable.Column("Coverage", isNumeric: true),
        HTMLTable.Column("Direction"), HTMLTable.Column("ROC AUC", isNumeric: true), HTMLTable.Column("95% CI"),
        HTMLTable.Column("IV", isNumeric: true), HTMLTable.Column("Reading"), HTMLTable.Column("Suggested transform"),
      ], isSortable: true)
    for column in screen.columns {
      for profile in column.profiles {
        ranking.append([
          HTMLTable.text(column.name), HTMLTable.text("\(profile.horizon)", sortKey: Double(profile.horizon)),
          HTMLTable.text(NumberFormat.percent(profile.coverage), sortKey: profile.coverage),
          HTMLTable.text(profile.direction?.rawValue ?? "none"),
          HTMLTable.text(NumberFormat.number(profile.rocAUC, digits: 3), sortKey: profile.rocAUC),
          HTMLTable.text(SignalsReport.interval(profile.rocAUCInterval)),
          HTMLTable.text(NumberFormat.fixed(profile.informationValue, digits: 3), sortKey: profile.informationValue),
          HTMLTable.text(profile.strength.description),
          HTMLTable.text(profile.suggestion.map(SignalsReport.describe) ?? "none (one bin)"),
        ])
      }
    }
    page.table(ranking)

    page.section(
      "Cohorts at \(first)",
      lead: "Churn rate by decile of each column (1 = its lowest values; by label for a category). A column worth its weight shows a steady slope; a flat row of bars says it carries no churn information.")
    page.charts(
      screen.columns.map { column in
        let profile = column.profiles[0]
        // A category has no deciles: its labels' churn rates instead.
        guard let labels = profile.labels else {
          return GroupedBarChart(
            title: column.name, xLabel: "Decile of \(column.name)", yLabel: "Churn rate", groups: (1...10).map(String.init),
            series: [
              GroupedBarChart.Series(
                name: column.name, colour: ChartPalette.series(0),
                bars: profile.cohorts.rows.map { row in
                  GroupedBarChart.Bar(
                    row.churnRate,
                    detail: "\(row.churned) of \(row.count) churned; values \(NumberFormat.number(row.minScore, digits: 3))–\(NumberFormat.number(row.maxScore, digits: 3))")
                })
            ],
            width: 360, height: 240
          ).svg
        }
        let bins = profile.bins.bins
        return GroupedBarChart(
          title: column.name, xLabel: "Label", yLabel: "Churn rate",
          groups: bins.enumerated().map { SignalsReport.describe($1, index: $0, labels: labels) },
          series: [
            GroupedBarChart.Series(
              name: column.name, colour: ChartPalette.series(0),
              bars: bins.map { GroupedBarChart.Bar($0.churnRate, detail: "\($0.cases) of \($0.count) churned") })
          ],
          width: 360, height: 240
        ).svg
      }, isCompact: true)

    page.section(
      "Redundant columns",
      lead: "Columns whose rank correlation exceeds \(NumberFormat.fixed(screen.settings.maximumCorrelation, digits: 2)) at \(first) measure one behaviour; weighting both counts it twice.")
    if screen.redundantGroups.isEmpty {
      page.paragraph("None: no two columns measure the same behaviour.")
    } else {
      var groups = HTMLTable(columns: [HTMLTable.Column("Group"), HTMLTable.Column("Columns")])
      for (i, group) in screen.redundantGroups.enumerated() {
        groups.append([HTMLTable.text("\(i + 1)"), HTMLTable.text(group.joined(separator: ", "))])
      }
      page.table(groups)
    }

    if !screen.modelSignals.isEmpty {
      page.section(
        "The model's signals against the data (\(first))",
        lead: "Whether each transform scores the healthier end the way the data do, and its component's AUC with the suggested transform in its place.")
      var signals = HTMLTable(columns: [
        HTMLTable.Column("Component"), HTMLTable.Column("Column"), HTMLTable.Column("Transform"), HTMLTable.Column("Data say"),
        HTMLTable.Column("Agrees"), HTMLTable.Column("Component AUC", isNumeric: true), HTMLTable.Column("With suggestion", isNumeric: true),
      ])
      for signal in screen.modelSignals {
        signals.append([
          HTMLTable.text(signal.component), HTMLTable.text(signal.column), HTMLTable.text(SignalsReport.describe(signal.transform)),
          HTMLTable.text(signal.profiles.first?.direction?.rawValue ?? "none"),
          HTMLTable.text(SignalsReport.agreement(signal)),
          HTMLTable.text(NumberFormat.number(signal.componentAUC.first ?? nil, digits: 3)),
          HTMLTable.text(NumberFormat.number(signal.componentAUCWithSuggestion.first ?? nil, digits: 3)),
        ])
      }
      page.table(signals)
    }
    return page.html
  }
}
