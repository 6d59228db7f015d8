import HealthCal
import HealthCalFormats

/// A table for the HTML report, optionally sortable by clicking a header.
///
/// Each cell can carry a sort key beside its display text, so "1,234,567"
/// sorts as a number and "72.5 green" sorts by its score; the sort script
/// reads only these keys and never parses formatted text.
package struct HTMLTable: Hashable, Sendable {
  /// One column.
  package struct Column: Hashable, Sendable {
    /// The header text.
    package var title: String
    /// Whether the column holds numbers: right-aligned, sorted numerically.
    package var isNumeric: Bool

    /// Creates a column.
    package init(_ title: String, isNumeric: Bool = false) {
      self.title = title
      self.isNumeric = isNumeric
    }
  }

  /// One cell.
  package struct Cell: Hashable, Sendable {
    /// Markup shown in the cell; build it with ``HTMLTable/text(_:)`` or
    /// ``HTMLTable/band(_:score:)`` so user text is escaped.
    package var markup: String
    /// The value sorted on, when it differs from the shown text.
    package var sortKey: String?

    /// Creates a cell from ready-made markup.
    package init(markup: String, sortKey: String? = nil) {
      self.markup = markup
      self.sortKey = sortKey
    }
  }

  /// The columns.
  package var columns: [Column]
  /// The rows, each with one cell per column.
  package var rows: [[Cell]] = []
  /// Whether clicking a header sorts the rows.
  package var isSortable: Bool

  /// Creates an empty table.
  package init(columns: [Column], isSortable: Bool = false) {
    self.columns = columns
    self.isSortable = isSortable
  }

  /// Appends a row.
  package mutating func append(_ row: [Cell]) {
    rows.append(row)
  }

  /// A cell showing `text` escaped, sorted by `sortKey` if given.
  package static func text(_ text: String, sortKey: Double? = nil) -> Cell {
    Cell(markup: Markup.escape(text), sortKey: sortKey.map { NumberFormat.fixed($0, digits: 4) })
  }

  /// A score with its band as a labelled chip (`72.5 green`), sorted by score.
  ///
  /// The band is spelled out, not only coloured, so it survives greyscale
  /// printing and colour-blind readers.
  package static func band(_ band: Band, score: Double) -> Cell {
    Cell(
      markup: "\(NumberFormat.fixed(score, digits: 1)) <span class=\"band band-\(band.rawValue)\">\(band.rawValue)</span>",
      sortKey: NumberFormat.fixed(score, digits: 4))
  }

  /// The table element.
  package var html: String {
    var out = "<table\(isSortable ? " class=\"sortable\"" : "")>\n<thead><tr>"
    for column in columns {
      var attributes = column.isNumeric ? " class=\"num\" data-type=\"number\"" : ""
      if isSortable { attributes += " title=\"Click to sort\"" }
      out += "<th\(attributes)>\(Markup.escape(column.title))</th>"
    }
    out += "</tr></thead>\n<tbody>\n"
    for row in rows {
      out += "<tr>"
      for (c, cell) in row.enumerated() {
        var attributes = c < columns.count && columns[c].isNumeric ? " class=\"num\"" : ""
        if let key = cell.sortKey { attributes += " data-sort=\"\(Markup.escape(key))\"" }
        out += "<td\(attributes)>\(cell.markup)</td>"
      }
      out += "</tr>\n"
    }
    out += "</tbody>\n</table>"
    return out
  }
}
