import Foundation
#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Parses markup as XML, as a strict SVG viewer would, and reports the first error.
package enum XMLCheck {
  final class Delegate: NSObject, XMLParserDelegate {
    var error: String?
    var elements: [String] = []

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
      if error == nil { error = "line \(parser.lineNumber): \(parseError.localizedDescription)" }
    }

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      elements.append(elementName)
    }
  }

  /// `nil` when `text` is well-formed XML, else the parser's complaint; and the element names seen.
  package static func parse(_ text: String) -> (error: String?, elements: [String]) {
    let parser = XMLParser(data: Data(text.utf8))
    let delegate = Delegate()
    parser.delegate = delegate
    let ok = parser.parse()
    return (ok ? delegate.error : delegate.error ?? "parse failed", delegate.elements)
  }

  /// Every `<svg>…</svg>` element in an HTML page.
  package static func svgElements(in html: String) -> [String] {
    var result: [String] = []
    var rest = html[...]
    while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
      result.append(String(rest[start.lowerBound..<end.upperBound]))
      rest = rest[end.upperBound...]
    }
    return result
  }

  /// What is wrong with `svg` as a chart: not well-formed XML, not an `<svg>`
  /// root, a NaN or infinity printed as a coordinate, or no size; empty when
  /// it is a drawable chart.
  package static func svgProblems(_ svg: String) -> [String] {
    let parsed = parse(svg)
    var problems: [String] = []
    if let error = parsed.error { problems.append(error) }
    if parsed.elements.first != "svg" { problems.append("root is \(parsed.elements.first ?? "missing"), not svg") }
    if svg.contains("nan") || svg.contains("NaN") || svg.contains("inf") { problems.append("a number is NaN or infinite") }
    if !svg.contains("width=\"") || svg.contains("width=\"0\" height=\"0\"") { problems.append("no size") }
    return problems
  }
}
