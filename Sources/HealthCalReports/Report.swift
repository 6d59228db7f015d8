/// A result that can be written in one or more ``ReportFormat``s.
///
/// Every report renders through this one seam, so a command asks for
/// `report.rendered(as: format)` and never switches on the format itself:
/// adding a format is a new case here and one branch in each report's
/// renderer, which the compiler points out.
public protocol Report: Sendable {
  /// The formats this report can be written in; the first is the default.
  static var formats: [ReportFormat] { get }

  /// The report in `format`, ending with a newline, exactly as written to a
  /// file or standard output.
  ///
  /// - Precondition: `format` is one of ``formats``.
  func rendered(as format: ReportFormat) -> String
}
