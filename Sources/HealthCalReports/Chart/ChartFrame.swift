import HealthCal
/// The parts every chart shares: title, legend, axes with ticks and grid
/// lines, axis titles with units, and the "no data" note.
///
/// Charts differ only in what they draw inside the plot area; keeping the
/// frame in one place is what makes every chart in a report carry a title,
/// labelled axes and a legend in the same position and type size.
package struct ChartFrame: Hashable, Sendable {
  /// One legend item.
  package struct LegendEntry: Hashable, Sendable {
    /// How the key is drawn.
    package enum Style: Hashable, Sendable {
      /// A filled square, for bars.
      case box
      /// A short line, dashed when `dash` is set, for curves and thresholds.
      case line(dash: String?)
    }

    /// The series name.
    package var label: String
    /// The series colour.
    package var colour: String
    /// The key's shape.
    package var style: Style

    /// Creates a legend item.
    package init(_ label: String, colour: String, style: Style = .box) {
      self.label = label
      self.colour = colour
      self.style = style
    }
  }

  /// Total width in pixels.
  package var width: Double
  /// Total height in pixels.
  package var height: Double
  /// The chart title, which says what is measured.
  package var title: String
  /// The x-axis title, with its unit.
  package var xLabel: String
  /// The y-axis title, with its unit.
  package var yLabel: String
  /// Legend items, drawn in one or more rows under the title.
  package var legend: [LegendEntry]
  /// Extra space on the left of the plot (for long category labels).
  package var leftMargin: Double

  /// Creates a frame.
  package init(
    width: Double = 560, height: Double = 330, title: String, xLabel: String, yLabel: String,
    legend: [LegendEntry] = [], leftMargin: Double = 64
  ) {
    self.width = width
    self.height = height
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.legend = legend
    self.leftMargin = leftMargin
  }

  /// Legend rows: entries laid out left to right, wrapping at the plot width,
  /// with text width estimated at 6.5 px a character (12 px Helvetica).
  private var legendRows: [[(entry: LegendEntry, x: Double)]] {
    var rows: [[(entry: LegendEntry, x: Double)]] = []
    var current: [(entry: LegendEntry, x: Double)] = []
    var x = leftMargin
    for entry in legend {
      let itemWidth = 22 + Double(entry.label.count) * 6.5 + 16
      if !current.isEmpty, x + itemWidth > width - 12 {
        rows.append(current)
        current = []
        x = leftMargin
      }
      current.append((entry, x))
      x += itemWidth
    }
    if !current.isEmpty { rows.append(current) }
    return rows
  }

  /// The top of the plot area, below the title and legend rows.
  package var plotTop: Double { 34 + Double(legendRows.count) * 18 + 8 }
  /// The bottom of the plot area, above tick labels and the x-axis title.
  package var plotBottom: Double { height - 50 }
  /// The left edge of the plot area.
  package var plotLeft: Double { leftMargin }
  /// The right edge of the plot area.
  package var plotRight: Double { width - 18 }

  /// A canvas with the title and legend drawn.
  package func canvas() -> SVGCanvas {
    var canvas = SVGCanvas(width: width, height: height, label: title)
    canvas.rect(x: 0, y: 0, width: width, height: height, fill: "#FFFFFF")
    canvas.text(title, x: 12, y: 22, size: 15, weight: "bold")
    for (r, row) in legendRows.enumerated() {
      let y = 34 + Double(r) * 18 + 9
      for (entry, x) in row {
        switch entry.style {
        case .box:
          canvas.rect(x: x, y: y - 6, width: 12, height: 12, fill: entry.colour)
        case .line(let dash):
          canvas.line(x1: x, y1: y, x2: x + 16, y2: y, stroke: entry.colour, width: 2.5, dash: dash)
        }
        canvas.text(entry.label, x: x + 20, y: y + 4, size: 12)
      }
    }
    return canvas
  }

  /// Horizontal grid lines, tick labels and the y-axis title for `scale`.
  package func drawYAxis(_ scale: LinearScale, format: TickFormat, ticks: Int = 5, on canvas: inout SVGCanvas) {
    for tick in scale.ticks(count: ticks) {
      let y = scale(tick)
      canvas.line(x1: plotLeft, y1: y, x2: plotRight, y2: y, stroke: ChartPalette.grid)
      canvas.text(format.label(tick), x: plotLeft - 6, y: y + 4, anchor: .end, size: 11)
    }
    canvas.line(x1: plotLeft, y1: plotTop, x2: plotLeft, y2: plotBottom, stroke: ChartPalette.black)
    let middle = (plotTop + plotBottom) / 2
    canvas.text(yLabel, x: 16, y: middle, anchor: .middle, size: 12, rotation: -90)
  }

  /// Tick marks and labels along the bottom for a numeric `scale`, and the x-axis title.
  package func drawXAxis(_ scale: LinearScale, format: TickFormat, ticks: Int = 5, on canvas: inout SVGCanvas) {
    canvas.line(x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom, stroke: ChartPalette.black)
    for tick in scale.ticks(count: ticks) {
      let x = scale(tick)
      canvas.line(x1: x, y1: plotBottom, x2: x, y2: plotBottom + 4, stroke: ChartPalette.black)
      canvas.text(format.label(tick), x: x, y: plotBottom + 17, anchor: .middle, size: 11)
    }
    drawXTitle(on: &canvas)
  }

  /// Category labels centred under each x position, and the x-axis title.
  ///
  /// Labels wider than the space between categories (column names such as
  /// `license_utilization` side by side) would run into each other, so every
  /// other one then drops to a second row, and the axis title moves below it.
  package func drawCategories(_ labels: [String], at centres: [Double], on canvas: inout SVGCanvas) {
    canvas.line(x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom, stroke: ChartPalette.black)
    let spacing = zip(centres, centres.dropFirst()).map { $1 - $0 }.min() ?? .infinity
    let staggers = labels.contains { 0.6 * 11 * Double($0.count) > spacing - 4 }
    for (i, (label, x)) in zip(labels, centres).enumerated() {
      canvas.text(label, x: x, y: plotBottom + (staggers && i % 2 == 1 ? 30 : 17), anchor: .middle, size: 11)
    }
    drawXTitle(on: &canvas, belowSecondRow: staggers)
  }

  /// The x-axis title under the tick labels (under a second row of them
  /// when `belowSecondRow`).
  package func drawXTitle(on canvas: inout SVGCanvas, belowSecondRow: Bool = false) {
    canvas.text(xLabel, x: (plotLeft + plotRight) / 2, y: height - (belowSecondRow ? 3 : 12), anchor: .middle, size: 12)
  }

  /// A framed empty plot with `note` in the middle, for charts with nothing
  /// to draw: an empty chart that says so cannot be mistaken for a zero.
  package func noDataCanvas(_ note: String) -> SVGCanvas {
    var canvas = canvas()
    canvas.rect(
      x: plotLeft, y: plotTop, width: plotRight - plotLeft, height: plotBottom - plotTop, fill: "#F7F7F7",
      stroke: ChartPalette.grid)
    canvas.text(note, x: (plotLeft + plotRight) / 2, y: (plotTop + plotBottom) / 2, anchor: .middle, size: 13, fill: "#555555")
    drawXTitle(on: &canvas)
    canvas.text(yLabel, x: 16, y: (plotTop + plotBottom) / 2, anchor: .middle, size: 12, rotation: -90)
    return canvas
  }
}
