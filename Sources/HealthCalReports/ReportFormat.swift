/// The forms a report can take: one list, so `--format`'s choices, its help
/// and every report's renderer agree.
public enum ReportFormat: String, CaseIterable, Sendable {
  /// Aligned columns for a terminal.
  case table
  /// One JSON document with a fixed key order, for machines.
  case json
  /// One CSV table, for a spreadsheet.
  case csv
  /// GitHub-flavoured Markdown, for a wiki page or a pull request.
  case markdown
  /// One self-contained HTML page with inline SVG charts.
  case html
}
