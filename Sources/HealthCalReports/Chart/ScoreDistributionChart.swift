import HealthCal
import HealthCalFormats

/// Where churned and renewed accounts' scores fell, with the band cut-offs.
///
/// Each class is drawn as its share per 5-point bin, not as a raw count:
/// there are typically six renewals for every churn, and raw counts would
/// flatten the churned curve into the axis. Renewed accounts are filled bars,
/// churned accounts a heavy outline, so the two stay apart in greyscale. The
/// red and green cut-offs are drawn as dashed lines: the churned mass right
/// of the green line is the green-churn rate.
package struct ScoreDistributionChart: Hashable, Sendable {
  /// Title, axis titles and legend.
  package var frame: ChartFrame
  /// The binned scores.
  package var histogram: ScoreHistogram
  /// The band cut-offs to draw.
  package var bands: Bands
  /// The top of the share axis when the chart sits in a row with others
  /// (see ``sharingScale(_:)``), so equal heights mean equal shares across
  /// the row; `nil` fits the axis to this chart alone.
  package var yMaximum: Double?

  /// Creates a chart.
  package init(title: String, histogram: ScoreHistogram, bands: Bands, width: Double = 560, height: Double = 320) {
    let churnedLabel = histogram.churnedTotal == 0 ? "churned: none scored" : "churned (n = \(histogram.churnedTotal))"
    let renewedLabel = histogram.renewedTotal == 0 ? "renewed: none scored" : "renewed (n = \(histogram.renewedTotal))"
    frame = ChartFrame(
      width: width, height: height, title: title, xLabel: "Health score (points, 0–100)",
      yLabel: "Share of the group (%)",
      legend: [
        ChartFrame.LegendEntry(renewedLabel, colour: ChartPalette.skyBlue),
        ChartFrame.LegendEntry(churnedLabel, colour: ChartPalette.vermillion, style: .line(dash: nil)),
        ChartFrame.LegendEntry("band cut-offs", colour: ChartPalette.black, style: .line(dash: "5 3")),
      ])
    self.histogram = histogram
    self.bands = bands
  }

  /// The largest share of either group in one bin: the height this chart needs.
  package var peakShare: Double {
    func peak(_ counts: [Int], _ total: Int) -> Double { total > 0 ? Double(counts.max() ?? 0) / Double(total) : 0 }
    return max(peak(histogram.churned, histogram.churnedTotal), peak(histogram.renewed, histogram.renewedTotal))
  }

  /// The same charts with one share axis, fitted to the tallest: charts
  /// side by side (current vs tuned, A vs B) are compared by eye, and
  /// different scales make a shorter bar look taller.
  package static func sharingScale(_ charts: [ScoreDistributionChart]) -> [ScoreDistributionChart] {
    let top = charts.map(\.peakShare).max()
    return charts.map { chart in
      var shared = chart
      shared.yMaximum = top
      return shared
    }
  }

  /// The chart as a standalone SVG element.
  package var svg: String {
    let churnedTotal = histogram.churnedTotal, renewedTotal = histogram.renewedTotal
    guard churnedTotal + renewedTotal > 0 else {
      return frame.noDataCanvas("No data: no account was scored").svg
    }
    func shares(_ counts: [Int], _ total: Int) -> [Double] {
      total > 0 ? counts.map { Double($0) / Double(total) } : []
    }
    var canvas = frame.canvas()
    let top = LinearScale.niceMaximum(max(yMaximum ?? 0, peakShare))
    let churned = shares(histogram.churned, churnedTotal)
    let renewed = shares(histogram.renewed, renewedTotal)
    let x = LinearScale(domain: 0...100, range: (frame.plotLeft, frame.plotRight))
    // The band names and cut-off labels sit in a strip at the top that no
    // bar or curve reaches, so none is ever drawn over the data.
    let y = LinearScale(domain: 0...top, range: (frame.plotBottom, frame.plotTop + Self.labelStrip))
    frame.drawYAxis(y, format: .percent, on: &canvas)

    let zones: [(String, Double, Double, String)] = [
      ("Red", 0, bands.redBelow, ChartPalette.vermillion),
      ("Amber", bands.redBelow, bands.greenAtOrAbove, ChartPalette.orange),
      ("Green", bands.greenAtOrAbove, 100, ChartPalette.bluishGreen),
    ]
    for (name, from, to, colour) in zones where to > from {
      canvas.rect(x: x(from), y: frame.plotTop - 8, width: x(to) - x(from), height: 5, fill: colour)
      if x(to) - x(from) > 36 {
        canvas.text(name, x: (x(from) + x(to)) / 2, y: frame.plotTop + 9, anchor: .middle, size: 10, fill: "#444444")
      }
    }

    let width = ScoreHistogram.binWidth
    for (bin, share) in renewed.enumerated() where share > 0 {
      let from = Double(bin) * width
      canvas.rect(
        x: x(from) + 0.5, y: y(share), width: x(from + width) - x(from) - 1, height: frame.plotBottom - y(share),
        fill: ChartPalette.skyBlue, opacity: 0.75,
        tooltip: "renewed, score \(Int(from))–\(Int(from + width)): \(histogram.renewed[bin]) accounts (\(NumberFormat.percent(share)))")
    }
    if !churned.isEmpty {
      var outline: [(x: Double, y: Double)] = [(x(0), y(0))]
      for (bin, share) in churned.enumerated() {
        let from = Double(bin) * width
        outline.append((x(from), y(share)))
        outline.append((x(from + width), y(share)))
      }
      outline.append((x(100), y(0)))
      canvas.polyline(outline, stroke: ChartPalette.vermillion, width: 2.5, tooltip: "churned accounts by score bin")
    }
    for (cut, label) in [(bands.redBelow, "red < \(Self.cutLabel(bands.redBelow))"), (bands.greenAtOrAbove, "green ≥ \(Self.cutLabel(bands.greenAtOrAbove))")] {
      canvas.line(x1: x(cut), y1: frame.plotTop, x2: x(cut), y2: frame.plotBottom, stroke: ChartPalette.black, width: 1.5, dash: "5 3")
      canvas.text(label, x: x(cut) + 4, y: frame.plotTop + 22, size: 10)
    }
    frame.drawXAxis(x, format: .number(digits: 0), ticks: 10, on: &canvas)
    return canvas.svg
  }

  /// Points at the top of the plot kept for labels.
  static let labelStrip = 30.0

  /// A cut-off as written in the model (`70`, or `62.5`).
  static func cutLabel(_ value: Double) -> String {
    value == value.rounded() ? NumberFormat.fixed(value, digits: 0) : NumberFormat.fixed(value, digits: 2)
  }
}
