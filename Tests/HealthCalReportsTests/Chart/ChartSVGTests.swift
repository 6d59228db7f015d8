import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats
@testable import HealthCalReports

/// Every chart renders well-formed XML, with data and without, with text escaped and no NaN.
@Suite struct ChartSVGTests {
  static let nasty = "A & <B> \"quoted\" 'single'"

  static func expectValid(_ svg: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(XMLCheck.svgProblems(svg) == [], sourceLocation: sourceLocation)
  }

  static let ranked = RankedScores(risk: [10, 20, 30, 40, 50, 60], isChurned: [false, true, false, true, true, false])

  @Test func groupedBarsWithWhiskersAndMissingValues() {
    let chart = GroupedBarChart(
      title: Self.nasty, xLabel: "x <unit>", yLabel: "y & z", groups: ["90 days", Self.nasty],
      series: [
        GroupedBarChart.Series(name: "current", colour: ChartPalette.blue, bars: [GroupedBarChart.Bar(0.5, lower: 0.3, upper: 0.7), GroupedBarChart.Bar(nil)]),
        GroupedBarChart.Series(name: Self.nasty, colour: ChartPalette.orange, bars: [GroupedBarChart.Bar(.nan), GroupedBarChart.Bar(0.25, detail: Self.nasty)]),
      ],
      maximum: 1)
    let svg = chart.svg
    Self.expectValid(svg)
    #expect(svg.contains("A &amp; &lt;B&gt; &quot;quoted&quot; &#39;single&#39;"))
    #expect(!svg.contains("<B>"))
    #expect(svg.contains(">n/a</text>"))
    #expect(svg.contains(">50.0%</text>"))
  }

  @Test func emptyChartsSayNoData() {
    let svgs = [
      GroupedBarChart(title: "t", xLabel: "x", yLabel: "y", groups: [], series: []).svg,
      GroupedBarChart(
        title: "t", xLabel: "x", yLabel: "y", groups: ["a"],
        series: [GroupedBarChart.Series(name: "s", colour: ChartPalette.blue, bars: [GroupedBarChart.Bar(nil)])]).svg,
      ROCChart(title: "t", curves: [ROCChart.Curve(name: "90 days", colour: ChartPalette.blue, points: [], auc: nil)]).svg,
      ROCChart(title: "t", curves: []).svg,
      ScoreDistributionChart(title: "t", histogram: ScoreHistogram(scores: [], isChurned: []), bands: Bands()).svg,
      WeightChangeChart(title: "t", rows: []).svg,
      ReportCharts.leadTimeChart(LeadTime(days: [:])).svg,
    ]
    for svg in svgs {
      Self.expectValid(svg)
      #expect(svg.contains("No data") || svg.contains("No components"))
    }
  }

  @Test func rocChartDrawsEachCurveAndNamesTheEmptyOne() {
    let chart = ROCChart(title: "ROC", curves: [
      ROCChart.Curve(name: "90 days", colour: ChartPalette.blue, points: ROCChart.points(Self.ranked.rocPoints), auc: Self.ranked.rocAUC),
      ROCChart.Curve(name: "30 days", colour: ChartPalette.orange, dash: "6 3", points: [], auc: nil),
    ])
    let svg = chart.svg
    Self.expectValid(svg)
    #expect(svg.components(separatedBy: "<polyline").count - 1 == 1)
    #expect(svg.contains("30 days: no data"))
    #expect(svg.contains("90 days (AUC \(NumberFormat.fixed(Self.ranked.rocAUC!, digits: 3)))"))
    // A square plot: the frame's plot area is as tall as it is wide.
    #expect(abs((chart.frame.plotBottom - chart.frame.plotTop) - (chart.frame.plotRight - chart.frame.plotLeft)) < 1e-9)
  }

  @Test func scoreDistributionWithOneEmptyClassStillDraws() {
    let histogram = ScoreHistogram(scores: [12, 55, 71, 100], isChurned: [false, false, false, false])
    let svg = ScoreDistributionChart(title: "t", histogram: histogram, bands: Bands(redBelow: 45, greenAtOrAbove: 72.5)).svg
    Self.expectValid(svg)
    #expect(svg.contains("churned: none scored"))
    #expect(svg.contains("green ≥ 72.50"))
    #expect(!svg.contains("<polyline"))
  }

  @Test func histogramBinsTheWholeScaleAndMatchesTheRanking() {
    let histogram = ScoreHistogram(scores: [0, 4.99, 5, 99.9, 100, -3, 140], isChurned: [true, false, true, false, true, false, false])
    #expect(histogram.churned[0] == 1 && histogram.renewed[0] == 2)
    #expect(histogram.churned[1] == 1)
    #expect(histogram.churned[19] == 1 && histogram.renewed[19] == 2)
    #expect(histogram.churnedTotal + histogram.renewedTotal == 7)
    let fromRanking = ScoreHistogram(ranked: Self.ranked)
    let direct = ScoreHistogram(scores: [90, 80, 70, 60, 50, 40], isChurned: [false, true, false, true, true, false])
    #expect(fromRanking == direct)
  }

  @Test func weightChangeChartLabelsSignedChanges() {
    let svg = WeightChangeChart(title: "Weights", rows: [
      WeightChangeChart.Row(name: "product_engagement", current: 40, tuned: 20),
      WeightChangeChart.Row(name: "relationship <depth>", current: 25, tuned: 65),
      WeightChangeChart.Row(name: "nps", current: 15, tuned: 15),
    ]).svg
    Self.expectValid(svg)
    #expect(svg.contains(">20 (−20)</text>"))
    #expect(svg.contains(">65 (+40)</text>"))
    #expect(svg.contains(">15 (±0)</text>"))
    #expect(svg.contains("relationship &lt;depth&gt;"))
  }

  @Test func leadTimeHistogramCountsBinsAndNeverFlagged() {
    let lead = LeadTime(days: [0: 3, 1: 14, 2: 15, 3: 200, 4: nil, 5: nil])
    let chart = ReportCharts.leadTimeChart(lead)
    let bars = chart.series[0].bars.map(\.value)
    #expect(bars == [2, 1, 0, 0, 0, 0, 1, 2])
    #expect(chart.series[0].bars.last?.colour == ChartPalette.grey)
    Self.expectValid(chart.svg)
  }

  @Test func scaleTicksAreRoundAndInsideTheDomain() {
    let scale = LinearScale(domain: 0...1, range: (300, 0))
    #expect(scale.ticks(count: 5).map { TickFormat.percent.label($0) } == ["0%", "20%", "40%", "60%", "80%", "100%"])
    #expect(LinearScale.niceMaximum(0.73) == 0.8)
    #expect(LinearScale.niceMaximum(27) == 30)
    #expect(LinearScale.niceMaximum(0) == 1)
    #expect(scale(0.5) == 150)
  }

  @Test func markupEscapesAndDropsControlCharacters() {
    #expect(Markup.escape("a<b>&\"c'\u{01}\td") == "a&lt;b&gt;&amp;&quot;c&#39;\td")
    #expect(Markup.number(12.345) == "12.3")
    #expect(Markup.number(-0.04) == "0")
    #expect(Markup.number(7) == "7")
    #expect(Markup.number(.nan) == "0")
  }
}

/// Charts drawn side by side share one share axis, so equal heights mean
/// equal shares across the row.
@Suite struct SharedScaleTests {
  @Test func sideBySideDistributionsShareTheirAxis() {
    let tall = ScoreDistributionChart(
      title: "tall", histogram: ScoreHistogram(scores: [10, 10, 10, 90], isChurned: [true, true, true, false]), bands: Bands())
    let flat = ScoreDistributionChart(
      title: "flat", histogram: ScoreHistogram(scores: [10, 30, 50, 70, 90], isChurned: [true, true, false, false, true]), bands: Bands())
    #expect(tall.peakShare == 1 && flat.peakShare < 1)
    let shared = ScoreDistributionChart.sharingScale([tall, flat])
    #expect(shared.map(\.yMaximum) == [1, 1])
    // The top tick of both axes is the same label.
    let topTicks = shared.map { chart in chart.svg.components(separatedBy: ">100%<").count - 1 }
    #expect(topTicks[0] > 0 && topTicks[0] == topTicks[1])
  }
}
