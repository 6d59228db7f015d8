import HealthCal
import HealthCalFormats

/// Two models compared on the same accounts, as a report in every
/// ``ReportFormat``.
public struct ComparisonReport: Report {
  /// The comparison to render.
  public var comparison: ModelComparison
  /// Model A's audit, whose curves and segments the HTML page draws.
  public var baseline: Audit
  /// Model B's audit.
  public var candidate: Audit
  /// Model A's bands, drawn as its cut-offs.
  public var baselineBands: Bands
  /// Model B's bands.
  public var candidateBands: Bands
  /// How many band changes the table and Markdown list; JSON and CSV have
  /// all of them.
  public var changeLimit: Int

  /// Creates a report from the comparison and the two audits it compared.
  public init(
    comparison: ModelComparison, baseline: Audit, candidate: Audit, baselineBands: Bands, candidateBands: Bands,
    changeLimit: Int = 20
  ) {
    self.comparison = comparison
    self.baseline = baseline
    self.candidate = candidate
    self.baselineBands = baselineBands
    self.candidateBands = candidateBands
    self.changeLimit = changeLimit
  }

  public static let formats = ReportFormat.allCases

  public func rendered(as format: ReportFormat) -> String {
    switch format {
    case .table: ComparisonTextReport(comparison: comparison, changeLimit: changeLimit).render(.plain)
    case .markdown: ComparisonTextReport(comparison: comparison, changeLimit: changeLimit).render(.markdown)
    case .json: comparison.json.reportText
    case .csv: comparison.csv
    case .html:
      ComparisonHTMLReport(
        comparison: comparison, baseline: baseline, candidate: candidate, baselineBands: baselineBands,
        candidateBands: candidateBands
      ).html
    }
  }
}
