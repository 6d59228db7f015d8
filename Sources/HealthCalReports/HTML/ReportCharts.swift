import HealthCal
import HealthCalFormats

/// Builders that turn evaluation results into chart values, shared by the
/// audit, tune and compare HTML reports so the same metric is always drawn
/// the same way.
package enum ReportCharts {
  /// `90 days`.
  package static func horizonLabel(_ horizon: Int) -> String {
    "\(horizon) days"
  }

  /// A bar for a rate, with its Wilson 95% interval as the whisker and the
  /// counts as hover text; undefined rates (no denominator) stay undefined.
  package static func bar(_ rate: Rate) -> GroupedBarChart.Bar {
    GroupedBarChart.Bar(
      rate.value, lower: rate.interval?.lower, upper: rate.interval?.upper,
      detail: "\(rate.numerator) of \(rate.denominator); 95% CI \(NumberFormat.percent(rate.interval))")
  }

  /// Green-churn rate per horizon for one or more models.
  package static func greenChurnChart(horizons: [Int], series: [(name: String, colour: String, rates: [Rate])]) -> GroupedBarChart {
    GroupedBarChart(
      title: "Churned accounts shown green (lower is better)", xLabel: "Days before churn (horizon)",
      yLabel: "Green-churn rate (% of churned, 95% CI)", groups: horizons.map(horizonLabel),
      series: series.map { GroupedBarChart.Series(name: $0.name, colour: $0.colour, bars: $0.rates.map(bar)) },
      maximum: 1)
  }

  /// Green-churn rate per segment, one series per horizon or per model;
  /// a segment a series has no accounts in draws no bar.
  /// - Parameter column: the column the segments are values of, for the axis title.
  package static func segmentGreenChurnChart(
    title: String, column: String, segments: [String], series: [(name: String, colour: String, groups: [GroupMetrics])],
    width: Double = 560
  ) -> GroupedBarChart {
    GroupedBarChart(
      title: title, xLabel: column, yLabel: "Green-churn rate (% of churned, 95% CI)", groups: segments,
      series: series.map { entry in
        GroupedBarChart.Series(
          name: entry.name, colour: entry.colour,
          bars: segments.map { name in entry.groups.first { $0.group == name }.map { bar($0.greenChurn) } ?? GroupedBarChart.Bar(nil) })
      },
      maximum: 1, width: width)
  }

  /// The segment names of audit results, in order of first appearance.
  package static func segmentNames(_ results: [HorizonResult]) -> [String] {
    var seen = Set<String>()
    return results.flatMap { $0.segments.map(\.group) }.filter { seen.insert($0).inserted }
  }

  /// At-risk recall per horizon for one or more models.
  package static func recallChart(horizons: [Int], atRisk: AtRiskRule, series: [(name: String, colour: String, rates: [Rate])]) -> GroupedBarChart {
    GroupedBarChart(
      title: "Churned accounts flagged at risk (\(atRisk == .red ? "red" : "red or amber"); higher is better)",
      xLabel: "Days before churn (horizon)", yLabel: "At-risk recall (% of churned, 95% CI)",
      groups: horizons.map(horizonLabel),
      series: series.map { GroupedBarChart.Series(name: $0.name, colour: $0.colour, bars: $0.rates.map(bar)) },
      maximum: 1)
  }

  /// A ROC curve for a group's ranking.
  package static func rocCurve(name: String, colour: String, dash: String? = nil, metrics: GroupMetrics) -> ROCChart.Curve {
    ROCChart.Curve(name: name, colour: colour, dash: dash, points: ROCChart.points(metrics.rocPoints), auc: metrics.rocAUC)
  }

  /// A group's score distribution, churned against renewed, with `bands`.
  package static func distribution(title: String, metrics: GroupMetrics, bands: Bands, width: Double = 560) -> ScoreDistributionChart {
    ScoreDistributionChart(title: title, histogram: metrics.histogram, bands: bands, width: width)
  }

  /// Churn rate per score decile, one series per horizon; empty deciles are
  /// marked "n/a" rather than drawn as zero.
  package static func decileChart(horizons: [Int], tables: [DecileTable]) -> GroupedBarChart {
    GroupedBarChart(
      title: "Churn rate by score decile (should fall from left to right)",
      xLabel: "Score decile (1 = lowest scores, 10 = highest)", yLabel: "Churn rate (% of accounts in decile)",
      groups: (1...10).map(String.init),
      series: zip(horizons, tables).enumerated().map { index, pair in
        GroupedBarChart.Series(
          name: horizonLabel(pair.0), colour: ChartPalette.series(index),
          bars: pair.1.rows.map { row in
            GroupedBarChart.Bar(
              row.churnRate,
              detail: "\(row.churned) of \(row.count) churned; scores \(NumberFormat.number(row.minScore, digits: 1))–\(NumberFormat.number(row.maxScore, digits: 1))")
          })
      },
      width: 1100)
  }

  /// Lead-time bins in days: 15-day bins up to 90, then "90+".
  static let leadBins: [(label: String, range: Range<Int>)] = [
    ("0–14", 0..<15), ("15–29", 15..<30), ("30–44", 30..<45), ("45–59", 45..<60), ("60–74", 60..<75),
    ("75–89", 75..<90), ("90+", 90..<Int.max),
  ]

  /// How many days before churn each churned account turned at risk for good,
  /// with the never-flagged accounts as a grey bar of their own.
  package static func leadTimeChart(_ lead: LeadTime) -> GroupedBarChart {
    var counts = [Int](repeating: 0, count: leadBins.count)
    var never = 0
    for days in lead.days.values {
      guard let days else {
        never += 1
        continue
      }
      if let bin = leadBins.firstIndex(where: { $0.range.contains(max(0, days)) }) { counts[bin] += 1 }
    }
    let total = lead.churnedCount
    func detail(_ count: Int) -> String {
      "\(count) of \(total) churned accounts (\(NumberFormat.percent(total > 0 ? Double(count) / Double(total) : nil)))"
    }
    var bars = counts.map { GroupedBarChart.Bar(Double($0), detail: detail($0)) }
    bars.append(GroupedBarChart.Bar(Double(never), detail: detail(never), colour: ChartPalette.grey))
    // With no churned account there is nothing to count: no series, so the chart says "No data".
    return GroupedBarChart(
      title: "Lead time: days at risk before churn", xLabel: "Days before churn that the account turned at risk and stayed there",
      yLabel: "Churned accounts (count)", groups: leadBins.map(\.label) + ["never"],
      series: total == 0 ? [] : [GroupedBarChart.Series(name: "churned accounts", colour: ChartPalette.vermillion, bars: bars)],
      format: .number(digits: 0))
  }
}
