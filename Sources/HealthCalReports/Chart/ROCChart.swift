import HealthCal
import HealthCalFormats

/// ROC curves: true-positive rate (churners caught) against false-positive
/// rate (renewals flagged) as the at-risk cut-off sweeps from strict to lax.
///
/// Drawn on a square plot with the chance diagonal, so a curve hugging the
/// diagonal reads as "no better than a coin" at a glance. Points are joined
/// by straight segments, so a tie between churned and renewed accounts shows
/// as the diagonal step that the half-credit AUC counts. A curve without
/// points (one class empty at that horizon) is named in the legend as having
/// no data rather than drawn.
package struct ROCChart: Hashable, Sendable {
  /// One curve.
  package struct Curve: Hashable, Sendable {
    /// The legend name (a horizon or a model).
    package var name: String
    /// The stroke colour.
    package var colour: String
    /// An SVG dash array, or `nil` for a solid line.
    package var dash: String?
    /// (false-positive rate, true-positive rate) from (0, 0) to (1, 1), as
    /// ``RankedScores/rocPoints`` returns them; empty when a class is empty.
    package var points: [Point]
    /// The area under the curve, shown in the legend.
    package var auc: Double?

    /// Creates a curve.
    package init(name: String, colour: String, dash: String? = nil, points: [Point], auc: Double?) {
      self.name = name
      self.colour = colour
      self.dash = dash
      self.points = points
      self.auc = auc
    }
  }

  /// One point of a curve.
  package struct Point: Hashable, Sendable {
    /// Share of renewed accounts flagged.
    package var falsePositiveRate: Double
    /// Share of churned accounts flagged.
    package var truePositiveRate: Double

    /// Creates a point.
    package init(falsePositiveRate: Double, truePositiveRate: Double) {
      self.falsePositiveRate = falsePositiveRate
      self.truePositiveRate = truePositiveRate
    }
  }

  /// Title, axis titles and legend.
  package var frame: ChartFrame
  /// The curves, drawn in order.
  package var curves: [Curve]

  /// Creates a chart sized so the plot area is square.
  package init(title: String, curves: [Curve], width: Double = 420) {
    let legend = curves.map { curve in
      ChartFrame.LegendEntry(
        curve.points.isEmpty ? "\(curve.name): no data" : "\(curve.name) (AUC \(NumberFormat.number(curve.auc, digits: 3)))",
        colour: curve.colour, style: .line(dash: curve.dash))
    } + [ChartFrame.LegendEntry("chance", colour: ChartPalette.grey, style: .line(dash: "4 4"))]
    var frame = ChartFrame(
      width: width, height: width, title: title, xLabel: "Renewed accounts flagged (false-positive rate, %)",
      yLabel: "Churned flagged (true-positive rate, %)", legend: legend)
    frame.height = frame.plotTop + (frame.plotRight - frame.plotLeft) + 50
    self.frame = frame
    self.curves = curves
  }

  /// Creates curve points from ``RankedScores/rocPoints`` (or its thinned
  /// ``RankedScores/chartROCPoints``, which ``GroupMetrics`` keeps).
  package static func points(_ points: [(falsePositiveRate: Double, truePositiveRate: Double)]) -> [Point] {
    points.map { Point(falsePositiveRate: $0.falsePositiveRate, truePositiveRate: $0.truePositiveRate) }
  }

  /// The chart as a standalone SVG element.
  package var svg: String {
    guard curves.contains(where: { !$0.points.isEmpty }) else {
      return frame.noDataCanvas("No data: needs churned and renewed accounts").svg
    }
    var canvas = frame.canvas()
    let x = LinearScale(domain: 0...1, range: (frame.plotLeft, frame.plotRight))
    let y = LinearScale(domain: 0...1, range: (frame.plotBottom, frame.plotTop))
    frame.drawYAxis(y, format: .percent, on: &canvas)
    frame.drawXAxis(x, format: .percent, on: &canvas)
    canvas.line(x1: x(0), y1: y(0), x2: x(1), y2: y(1), stroke: ChartPalette.grey, width: 1, dash: "4 4")
    for curve in curves where !curve.points.isEmpty {
      let points = curve.points
        .filter { $0.falsePositiveRate.isFinite && $0.truePositiveRate.isFinite }
        .map { (x: x($0.falsePositiveRate), y: y($0.truePositiveRate)) }
      canvas.polyline(
        points, stroke: curve.colour, width: 2.5, dash: curve.dash,
        tooltip: "\(curve.name): AUC \(NumberFormat.number(curve.auc, digits: 3))")
    }
    return canvas.svg
  }
}
