import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalCLI
@testable import HealthCalReports

/// No label is drawn over a data mark: every text's box (from its position,
/// anchor and font size, at 0.6 em a character) is checked against every bar
/// and curve the charts of the demo's HTML reports draw.
@Suite struct LabelOverlapTests {
  struct Box: CustomStringConvertible {
    var left, top, right, bottom: Double
    func contains(_ x: Double, _ y: Double) -> Bool { x > left && x < right && y > top && y < bottom }
    func intersects(_ other: Box) -> Bool { left < other.right && other.left < right && top < other.bottom && other.top < bottom }
    var description: String { "(\(Int(left)),\(Int(top)))–(\(Int(right)),\(Int(bottom)))" }
  }

  /// The labels, bars and curve segments of one chart.
  struct Marks {
    var labels: [(text: String, box: Box)] = []
    var bars: [Box] = []
    var segments: [(Double, Double, Double, Double)] = []

    init(svg: String) {
      func attribute(_ name: String, _ tag: String) -> String? {
        guard let range = tag.range(of: " \(name)=\"") else { return nil }
        return String(tag[range.upperBound...].prefix { $0 != "\"" })
      }
      func number(_ name: String, _ tag: String) -> Double? { attribute(name, tag).flatMap(Double.init) }
      for line in svg.split(separator: "\n").map(String.init) {
        if line.hasPrefix("<text"), attribute("transform", line) == nil, let x = number("x", line), let y = number("y", line) {
          let size = number("font-size", line) ?? 12
          let text = String(line[line.index(after: line.firstIndex(of: ">")!)...].prefix { $0 != "<" })
            .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<")
          let width = 0.6 * size * Double(text.count)
          let left = switch attribute("text-anchor", line) {
          case "middle"?: x - width / 2
          case "end"?: x - width
          default: x
          }
          labels.append((text, Box(left: left, top: y - 0.75 * size, right: left + width, bottom: y + 0.2 * size)))
        } else if line.hasPrefix("<rect"), line.contains("<title>"), let x = number("x", line), let y = number("y", line),
          let w = number("width", line), let h = number("height", line), w > 0, h > 0
        {
          bars.append(Box(left: x, top: y, right: x + w, bottom: y + h))
        } else if line.hasPrefix("<polyline"), let points = attribute("points", line) {
          let coordinates = points.split(separator: " ").map { $0.split(separator: ",").compactMap { Double($0) } }
          for (a, b) in zip(coordinates, coordinates.dropFirst()) where a.count == 2 && b.count == 2 {
            segments.append((a[0], a[1], b[0], b[1]))
          }
        }
      }
    }

    /// Labels that cover part of a bar or a curve (with a pixel of slack).
    var collisions: [String] {
      var found: [String] = []
      for (text, box) in labels {
        let inner = Box(left: box.left + 1, top: box.top + 1, right: box.right - 1, bottom: box.bottom - 1)
        // A label inside its own bar (a bar's value) is not one; none is drawn so.
        if let bar = bars.first(where: { inner.intersects($0) }) {
          found.append("\"\(text)\" \(box) over bar \(bar)")
          continue
        }
        for (x1, y1, x2, y2) in segments {
          let steps = max(1, Int(max(abs(x2 - x1), abs(y2 - y1))))
          if (0...steps).contains(where: { step in
            let t = Double(step) / Double(steps)
            return inner.contains(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t)
          }) {
            found.append("\"\(text)\" \(box) over a curve")
            break
          }
        }
      }
      return found
    }

    /// Pairs of labels drawn over each other.
    var clashes: [String] {
      var found: [String] = []
      for (i, a) in labels.enumerated() {
        let inner = Box(left: a.box.left + 1, top: a.box.top + 1, right: a.box.right - 1, bottom: a.box.bottom - 1)
        for b in labels[(i + 1)...] where inner.intersects(b.box) {
          found.append("\"\(a.text)\" \(a.box) and \"\(b.text)\" \(b.box)")
        }
      }
      return found
    }
  }

  static func charts(_ arguments: [String]) -> [String] {
    let run = EndToEndTests.run(arguments + ["--format", "html", "--quiet"])
    // `drift` exits 3 when it says recalibrate.
    #expect(run.status == 0 || (arguments.first == "drift" && run.status == 3), "\(run.stderr)")
    return XMLCheck.svgElements(in: run.stdout)
  }

  @Test(arguments: [
    ["audit", "--demo", "--bootstrap", "100"],
    ["audit", "--demo", "--bootstrap", "100", "--design", "landmark"],
    ["tune", "--demo", "--step", "10", "--folds", "3", "--bootstrap", "50"],
    ["compare", "--demo", "chs-4", "chs-5", "--bootstrap", "50"],
    ["signals", "--demo", "--bootstrap", "50"],
    ["drift", "--demo", "--reference-before", "2026-04-01"],
  ])
  func noLabelCoversABarOrACurve(_ arguments: [String]) {
    let charts = Self.charts(arguments)
    #expect(!charts.isEmpty)
    for (i, svg) in charts.enumerated() {
      let marks = Marks(svg: svg)
      #expect(marks.collisions.isEmpty, "chart \(i): \(marks.collisions.prefix(4).joined(separator: "; "))")
      #expect(marks.clashes.isEmpty, "chart \(i): \(marks.clashes.prefix(4).joined(separator: "; "))")
    }
  }

  @Test func theCheckSeesALabelOnABar() {
    let svg = """
      <rect x="10" y="10" width="40" height="40" fill="red"><title>bar</title></rect>
      <text x="20" y="30" font-size="10">on it</text>
      <polyline points="100,0 100,100" fill="none"/>
      <text x="95" y="50" font-size="10">across</text>
      <text x="200" y="50" font-size="10">clear</text>
      """
    let collisions = Marks(svg: svg).collisions
    #expect(collisions.count == 2)
    let crowded = """
      <text x="0" y="10" font-size="10">license_utilization</text>
      <text x="60" y="10" font-size="10">champion_changed</text>
      <text x="60" y="30" font-size="10">below</text>
      """
    #expect(Marks(svg: crowded).clashes.count == 1)
  }

  /// Column names wider than their slot drop every other one to a second row.
  @Test func crowdedCategoriesAreStaggered() {
    let chart = GroupedBarChart(
      title: "t", xLabel: "Column", yLabel: "IV",
      groups: ["license_utilization", "champion_changed", "feature_adoption", "escalations_90d", "exec_login_days", "payment_overdue"],
      series: [GroupedBarChart.Series(name: "IV", colour: ChartPalette.blue, bars: (1...6).map { GroupedBarChart.Bar(Double($0) / 10) })],
      format: .number(digits: 2), width: 560)
    let marks = Marks(svg: chart.svg)
    #expect(marks.clashes.isEmpty, "\(marks.clashes)")
    #expect(Set(marks.labels.filter { $0.text.contains("_") }.map(\.box.bottom)).count == 2)
  }
}
