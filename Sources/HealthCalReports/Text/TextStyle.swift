/// The two text flavours of a report: the same tables, aligned for a
/// terminal or written as Markdown.
package enum TextStyle: Sendable {
  /// Aligned columns for a terminal.
  case plain
  /// GitHub-flavoured Markdown.
  case markdown

  /// A section heading, with the blank lines around it.
  package func heading(_ text: String) -> String {
    self == .markdown ? "\n## \(text)\n\n" : "\n\(text)\n"
  }

  /// A table: aligned columns, or a Markdown table followed by a blank
  /// line (GitHub-flavoured Markdown would otherwise read the next line of
  /// text as one more table row).
  package func render(_ table: TextTable) -> String {
    self == .markdown ? table.renderMarkdown() + "\n" : table.renderPlain()
  }
}
