import HealthCal
import HealthCalFormats

/// `healthcal drift` as one self-contained HTML page: the verdict, the
/// stability of the score and of each signal, the band mix and green churn.
package struct DriftHTMLReport: Sendable {
  /// The check to render.
  package var check: DriftCheck

  /// Creates a report.
  package init(check: DriftCheck) {
    self.check = check
  }

  /// The complete page.
  package var html: String {
    var page = HTMLDocument(
      title: "Drift since \(check.referenceBefore): \(check.verdict.rawValue)",
      context: [
        "Reference: \(DriftReport.describe(check.reference)); current: \(DriftReport.describe(check.current)).",
        "PSI: < 0.10 stable, 0.10–0.25 moderate, > 0.25 major; bins are deciles of the reference, missing values apart, shares floored at 0.0001.",
      ])
    page.section("Verdict: \(check.verdict.rawValue)")
    page.paragraph(check.reasons.joined(separator: "; ") + ".", emphasis: true)

    page.section("Population stability", lead: "How far each value's distribution moved between the periods.")
    let values = [("score", check.score)] + check.signals.map { (DriftCheck.name($0), $0.stability) }
    page.charts([
      GroupedBarChart(
        title: "Population stability index (0.25 = major)", xLabel: "Value", yLabel: "PSI", groups: values.map(\.0),
        series: [
          GroupedBarChart.Series(
            name: "PSI", colour: ChartPalette.blue,
            bars: values.map { name, psi in
              GroupedBarChart.Bar(psi.index, detail: psi.reading.rawValue, colour: psi.reading == .major ? ChartPalette.vermillion : nil)
            })
        ],
        format: .number(digits: 2), width: 1100
      ).svg
    ])
    var stability = HTMLTable(
      columns: [HTMLTable.Column("Value"), HTMLTable.Column("PSI", isNumeric: true), HTMLTable.Column("Reading")], isSortable: true)
    for (name, psi) in values {
      stability.append([HTMLTable.text(name), HTMLTable.text(NumberFormat.fixed(psi.index, digits: 3), sortKey: psi.index), HTMLTable.text(psi.reading.rawValue)])
    }
    page.table(stability)

    page.section("Band mix (snapshot rows)")
    var mix = HTMLTable(columns: [
      HTMLTable.Column("Band"), HTMLTable.Column("Reference", isNumeric: true), HTMLTable.Column("Share", isNumeric: true),
      HTMLTable.Column("Current", isNumeric: true), HTMLTable.Column("Share", isNumeric: true),
    ])
    for row in check.bandMix where row.band != "unscored" || row.reference + row.current > 0 {
      mix.append([
        HTMLTable.text(row.band), HTMLTable.text("\(row.reference)"),
        HTMLTable.text(NumberFormat.percent(Double(row.reference) / Double(check.reference.rows))), HTMLTable.text("\(row.current)"),
        HTMLTable.text(NumberFormat.percent(Double(row.current) / Double(check.current.rows))),
      ])
    }
    page.table(mix)

    if !check.greenChurn.isEmpty {
      page.section("Green churn then and now", lead: "Accounts that churned in each period, scored as the audit scores them; limit \(NumberFormat.percent(check.maximumGreenChurn)).")
      var churn = HTMLTable(columns: [
        HTMLTable.Column("Horizon"), HTMLTable.Column("Reference"), HTMLTable.Column("Current"), HTMLTable.Column("p-value", isNumeric: true),
      ])
      for change in check.greenChurn {
        churn.append([
          HTMLTable.text(ReportCharts.horizonLabel(change.horizon)), HTMLTable.text(DriftReport.describe(change.reference)),
          HTMLTable.text(DriftReport.describe(change.current)), HTMLTable.text(NumberFormat.fixed(change.pValue, digits: 3)),
        ])
      }
      page.table(churn)
    }
    return page.html
  }
}
