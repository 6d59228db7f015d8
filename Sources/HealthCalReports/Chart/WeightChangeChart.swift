import HealthCal
import HealthCalFormats

/// Component weights before and after tuning, as paired horizontal bars.
///
/// Horizontal bars leave room for component names, and pairing the current
/// and tuned bar of each component makes the size of each move readable
/// without arithmetic; the signed change is printed beside the tuned bar.
package struct WeightChangeChart: Hashable, Sendable {
  /// One component's weights.
  package struct Row: Hashable, Sendable {
    /// The component name.
    package var name: String
    /// The weight before tuning, in points of 100.
    package var current: Double
    /// The weight after tuning, in points of 100.
    package var tuned: Double

    /// Creates a row.
    package init(name: String, current: Double, tuned: Double) {
      self.name = name
      self.current = current
      self.tuned = tuned
    }
  }

  /// Title, axis titles and legend.
  package var frame: ChartFrame
  /// The components, top to bottom.
  package var rows: [Row]
  /// Legend name of the first bar in each pair.
  package var currentName: String
  /// Legend name of the second bar in each pair.
  package var tunedName: String

  /// Creates a chart; its height grows with the number of components.
  package init(title: String, rows: [Row], currentName: String = "current", tunedName: String = "tuned", width: Double = 560) {
    let longest = rows.map(\.name.count).max() ?? 0
    var frame = ChartFrame(
      width: width, height: 100, title: title, xLabel: "Component weight (points of 100)", yLabel: "",
      legend: [
        ChartFrame.LegendEntry(currentName, colour: ChartPalette.blue),
        ChartFrame.LegendEntry(tunedName, colour: ChartPalette.orange),
      ],
      leftMargin: max(64, Double(longest) * 6.5 + 16))
    frame.height = frame.plotTop + Double(max(1, rows.count)) * 46 + 50
    self.frame = frame
    self.rows = rows
    self.currentName = currentName
    self.tunedName = tunedName
  }

  /// The chart as a standalone SVG element.
  package var svg: String {
    let values = rows.flatMap { [$0.current, $0.tuned] }.filter(\.isFinite)
    guard !rows.isEmpty, !values.isEmpty else { return frame.noDataCanvas("No components").svg }
    var canvas = frame.canvas()
    let x = LinearScale(domain: 0...LinearScale.niceMaximum((values.max() ?? 1) * 1.15), range: (frame.plotLeft, frame.plotRight))
    for tick in x.ticks(count: 5) {
      canvas.line(x1: x(tick), y1: frame.plotTop, x2: x(tick), y2: frame.plotBottom, stroke: ChartPalette.grid)
    }
    frame.drawXAxis(x, format: .number(digits: 0), on: &canvas)
    canvas.line(x1: frame.plotLeft, y1: frame.plotTop, x2: frame.plotLeft, y2: frame.plotBottom, stroke: ChartPalette.black)
    for (r, row) in rows.enumerated() {
      let top = frame.plotTop + Double(r) * 46 + 6
      canvas.text(row.name, x: frame.plotLeft - 8, y: top + 20, anchor: .end, size: 12)
      let pairs: [(Double, String, String)] = [
        (row.current, ChartPalette.blue, Self.points(row.current)),
        (row.tuned, ChartPalette.orange, Self.points(row.tuned) + " (" + Self.signed(row.tuned - row.current) + ")"),
      ]
      for (i, (value, colour, label)) in pairs.enumerated() {
        let barTop = top + Double(i) * 17
        let end = x(value.isFinite ? max(0, value) : 0)
        canvas.rect(
          x: frame.plotLeft, y: barTop, width: end - frame.plotLeft, height: 15, fill: colour,
          tooltip: "\(row.name), \(i == 0 ? currentName : tunedName): \(label)")
        canvas.text(label, x: end + 4, y: barTop + 12, size: 11)
      }
    }
    return canvas.svg
  }

  /// A weight as written in reports: whole points unless fractional.
  static func points(_ value: Double) -> String {
    value == value.rounded() ? NumberFormat.fixed(value, digits: 0) : NumberFormat.fixed(value, digits: 1)
  }

  /// A signed change: `+25`, `−20`, `±0`.
  static func signed(_ value: Double) -> String {
    let text = points(abs(value))
    if text == "0" { return "±0" }
    return (value > 0 ? "+" : "−") + text
  }
}
