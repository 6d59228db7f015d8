import HealthCal
/// A table of text cells rendered as aligned columns for a terminal, or as a
/// GitHub-flavoured Markdown table.
///
/// One value feeds both formats so the terminal report and the Markdown
/// report cannot disagree on a number.
package struct TextTable: Hashable, Sendable {
  /// How a column's cells line up.
  package enum Alignment: Hashable, Sendable {
    /// Text columns.
    case left
    /// Number columns, so digits line up.
    case right
  }

  /// Column headings.
  package var headers: [String]
  /// Per column alignment.
  package var alignments: [Alignment]
  /// Rows of cells, each as long as `headers`.
  package var rows: [[String]] = []

  /// Creates an empty table; the first column is left-aligned, the rest right.
  package init(headers: [String], alignments: [Alignment]? = nil) {
    self.headers = headers
    self.alignments = alignments ?? headers.indices.map { $0 == 0 ? .left : .right }
  }

  /// Appends a row.
  package mutating func append(_ row: [String]) {
    precondition(row.count == headers.count, "row has \(row.count) cells, table has \(headers.count) columns")
    rows.append(row)
  }

  /// Aligned plain-text columns separated by two spaces, with a rule under the header.
  package func renderPlain() -> String {
    let widths = headers.indices.map { column in
      ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      cells.indices.map { column in
        let padding = String(repeating: " ", count: widths[column] - cells[column].count)
        return alignments[column] == .left ? cells[column] + padding : padding + cells[column]
      }.joined(separator: "  ").trailingSpacesRemoved()
    }
    var lines = [line(headers), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
    lines += rows.map(line)
    return lines.joined(separator: "\n") + "\n"
  }

  /// A Markdown pipe table; `|` inside cells is escaped.
  package func renderMarkdown() -> String {
    func escape(_ cell: String) -> String { cell.replacingAll("|", with: "\\|") }
    var lines = ["| " + headers.map(escape).joined(separator: " | ") + " |"]
    lines.append("|" + alignments.map { $0 == .left ? " --- |" : " ---: |" }.joined())
    lines += rows.map { "| " + $0.map(escape).joined(separator: " | ") + " |" }
    return lines.joined(separator: "\n") + "\n"
  }
}

extension String {
  func trailingSpacesRemoved() -> String {
    var copy = Substring(self)
    while copy.last == " " { copy.removeLast() }
    return String(copy)
  }
}
