import HealthCal
import HealthCalFormats

/// A minimal SVG writer: shapes and text appended in drawing order, rendered
/// as one standalone `<svg>` element.
///
/// Every attribute value passes through ``Markup``, so text is escaped and
/// numbers are written without locale, exponent or NaN; the same drawing
/// calls always produce the same bytes. No element gets an `id`, so several
/// charts can share one HTML page without clashes.
package struct SVGCanvas: Sendable {
  /// Horizontal alignment of a text label relative to its anchor point.
  package enum TextAnchor: String, Sendable {
    /// The text starts at the anchor.
    case start
    /// The text is centred on the anchor.
    case middle
    /// The text ends at the anchor.
    case end
  }

  /// Width in CSS pixels (also the viewBox width).
  package var width: Double
  /// Height in CSS pixels (also the viewBox height).
  package var height: Double
  /// The accessible name (`aria-label` and `<title>`): what the chart shows.
  package var label: String
  private var body: [String] = []

  /// Creates an empty canvas.
  package init(width: Double, height: Double, label: String) {
    self.width = width
    self.height = height
    self.label = label
  }

  /// A rectangle; `opacity` below 1 lets overlapping series show through.
  package mutating func rect(
    x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
    opacity: Double = 1, tooltip: String? = nil
  ) {
    var attributes = "x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, width)))\" height=\"\(n(max(0, height)))\" fill=\"\(e(fill))\""
    if let stroke { attributes += " stroke=\"\(e(stroke))\" stroke-width=\"1\"" }
    if opacity < 1 { attributes += " fill-opacity=\"\(NumberFormat.fixed(opacity, digits: 2))\"" }
    body.append(element("rect", attributes, tooltip: tooltip))
  }

  /// A straight line; `dash` is an SVG dash array such as `"4 3"`.
  package mutating func line(
    x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dash: String? = nil
  ) {
    var attributes = "x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(e(stroke))\" stroke-width=\"\(n(width))\""
    if let dash { attributes += " stroke-dasharray=\"\(e(dash))\"" }
    body.append("<line \(attributes)/>")
  }

  /// An open polyline through `points`.
  package mutating func polyline(
    _ points: [(x: Double, y: Double)], stroke: String, width: Double = 2, dash: String? = nil, tooltip: String? = nil
  ) {
    guard !points.isEmpty else { return }
    let coordinates = points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")
    var attributes = "points=\"\(coordinates)\" fill=\"none\" stroke=\"\(e(stroke))\" stroke-width=\"\(n(width))\" stroke-linejoin=\"round\""
    if let dash { attributes += " stroke-dasharray=\"\(e(dash))\"" }
    body.append(element("polyline", attributes, tooltip: tooltip))
  }

  /// A text label; `rotation` in degrees turns it about its anchor (−90 for a y-axis title).
  package mutating func text(
    _ text: String, x: Double, y: Double, anchor: TextAnchor = .start, size: Double = 12,
    weight: String? = nil, fill: String = ChartPalette.black, rotation: Double = 0
  ) {
    var attributes = "x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" fill=\"\(e(fill))\""
    if anchor != .start { attributes += " text-anchor=\"\(anchor.rawValue)\"" }
    if let weight { attributes += " font-weight=\"\(e(weight))\"" }
    if rotation != 0 { attributes += " transform=\"rotate(\(n(rotation)) \(n(x)) \(n(y)))\"" }
    body.append("<text \(attributes)>\(e(text))</text>")
  }

  /// The standalone SVG element, sized in pixels with a matching viewBox so
  /// CSS can scale it down without distortion.
  package var svg: String {
    var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(e(label))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
    out += "<title>\(e(label))</title>\n"
    for element in body { out += element + "\n" }
    out += "</svg>"
    return out
  }

  private func element(_ name: String, _ attributes: String, tooltip: String?) -> String {
    guard let tooltip else { return "<\(name) \(attributes)/>" }
    return "<\(name) \(attributes)><title>\(e(tooltip))</title></\(name)>"
  }

  private func n(_ value: Double) -> String { Markup.number(value) }
  private func e(_ text: String) -> String { Markup.escape(text) }
}
