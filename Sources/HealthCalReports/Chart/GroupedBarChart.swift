import HealthCal
import HealthCalFormats

/// Vertical bars in groups (one group per horizon, one bar per model), with
/// optional interval whiskers and the value printed on each bar.
///
/// The whisker is what keeps a CS leader from reading 48% against 26% as a
/// certain improvement when each rests on 66 churned accounts: the interval
/// is drawn on the same axis as the bar. A bar with no value (a rate with no
/// denominator) is marked "n/a" at the baseline instead of being drawn as 0.
package struct GroupedBarChart: Hashable, Sendable {
  /// One bar.
  package struct Bar: Hashable, Sendable {
    /// The height, `nil` when undefined.
    package var value: Double?
    /// The lower end of the interval whisker, if any.
    package var lower: Double?
    /// The upper end of the interval whisker, if any.
    package var upper: Double?
    /// Hover text with the counts behind the value (`32 of 66 churned`).
    package var detail: String?
    /// A fill overriding the series colour, to set one bar apart (such as
    /// "never flagged" in a lead-time histogram).
    package var colour: String?

    /// Creates a bar.
    package init(_ value: Double?, lower: Double? = nil, upper: Double? = nil, detail: String? = nil, colour: String? = nil) {
      self.value = value
      self.lower = lower
      self.upper = upper
      self.detail = detail
      self.colour = colour
    }
  }

  /// One series: a model, drawn in one colour across every group.
  package struct Series: Hashable, Sendable {
    /// The legend name.
    package var name: String
    /// The fill colour.
    package var colour: String
    /// One bar per group, in group order.
    package var bars: [Bar]

    /// Creates a series.
    package init(name: String, colour: String, bars: [Bar]) {
      self.name = name
      self.colour = colour
      self.bars = bars
    }
  }

  /// Title, axis titles and legend.
  package var frame: ChartFrame
  /// Group labels along the x axis.
  package var groups: [String]
  /// The series, drawn left to right within each group.
  package var series: [Series]
  /// How values and ticks are written.
  package var format: TickFormat
  /// A fixed top of the y axis (1 for rates that may reach 100%), or `nil` to fit the data.
  package var maximum: Double?

  /// Creates a chart; the legend is built from the series.
  package init(
    title: String, xLabel: String, yLabel: String, groups: [String], series: [Series],
    format: TickFormat = .percent, maximum: Double? = nil, width: Double = 560, height: Double = 330
  ) {
    frame = ChartFrame(
      width: width, height: height, title: title, xLabel: xLabel, yLabel: yLabel,
      legend: series.count > 1 ? series.map { ChartFrame.LegendEntry($0.name, colour: $0.colour) } : [])
    self.groups = groups
    self.series = series
    self.format = format
    self.maximum = maximum
  }

  /// The chart as a standalone SVG element.
  package var svg: String {
    let values = series.flatMap { $0.bars.flatMap { [$0.value, $0.upper].compactMap { $0 } } }.filter(\.isFinite)
    guard !groups.isEmpty, !series.isEmpty, !values.isEmpty else {
      return frame.noDataCanvas("No data to chart").svg
    }
    var canvas = frame.canvas()
    let top = maximum ?? LinearScale.niceMaximum(values.max() ?? 1)
    let y = LinearScale(domain: 0...top, range: (frame.plotBottom, frame.plotTop))
    frame.drawYAxis(y, format: format, on: &canvas)

    let groupWidth = (frame.plotRight - frame.plotLeft) / Double(groups.count)
    let barWidth = min(56, groupWidth * 0.8 / Double(series.count))
    var centres: [Double] = []
    for g in groups.indices {
      let centre = frame.plotLeft + groupWidth * (Double(g) + 0.5)
      centres.append(centre)
      let start = centre - barWidth * Double(series.count) / 2
      for (s, item) in series.enumerated() {
        let bar = g < item.bars.count ? item.bars[g] : Bar(nil)
        let x = start + Double(s) * barWidth
        let middle = x + barWidth / 2
        guard let value = bar.value, value.isFinite else {
          canvas.text("n/a", x: middle, y: frame.plotBottom - 5, anchor: .middle, size: 10, fill: "#555555")
          continue
        }
        let tooltip = "\(item.name), \(groups[g]): \(format.label(value))" + (bar.detail.map { " (\($0))" } ?? "")
        canvas.rect(
          x: x + 1, y: y(min(value, top)), width: barWidth - 2, height: frame.plotBottom - y(min(value, top)),
          fill: bar.colour ?? item.colour, tooltip: tooltip)
        var labelY = y(min(value, top)) - 4
        if let lower = bar.lower, let upper = bar.upper, lower.isFinite, upper.isFinite {
          let (yLow, yHigh) = (y(min(lower, top)), y(min(upper, top)))
          canvas.line(x1: middle, y1: yLow, x2: middle, y2: yHigh, stroke: ChartPalette.black, width: 1.2)
          canvas.line(x1: middle - 5, y1: yHigh, x2: middle + 5, y2: yHigh, stroke: ChartPalette.black, width: 1.2)
          canvas.line(x1: middle - 5, y1: yLow, x2: middle + 5, y2: yLow, stroke: ChartPalette.black, width: 1.2)
          labelY = min(labelY, yHigh - 4)
        }
        canvas.text(
          Self.valueLabel(value, format), x: middle, y: max(frame.plotTop - 2, labelY), anchor: .middle,
          size: barWidth < 32 ? 8.5 : 10)
      }
    }
    frame.drawCategories(groups, at: centres, on: &canvas)
    return canvas.svg
  }

  /// Bar labels carry one more decimal than tick labels for rates (`48.5%`).
  static func valueLabel(_ value: Double, _ format: TickFormat) -> String {
    switch format {
    case .percent: return NumberFormat.percent(value)
    case .number: return format.label(value)
    }
  }
}
