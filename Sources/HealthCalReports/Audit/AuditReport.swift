import HealthCal
import HealthCalFormats

/// The quarterly audit as a report, in every ``ReportFormat``.
public struct AuditReport: Report {
  /// The audit to render.
  public var audit: Audit
  /// The model's bands, drawn as the cut-offs in the HTML charts.
  public var bands: Bands
  /// How many miss-list entries the table and Markdown show; JSON, CSV and
  /// HTML list every miss.
  public var missLimit: Int

  /// Creates a report; `bands` are usually `scorer.model.bands`.
  public init(audit: Audit, bands: Bands, missLimit: Int = 10) {
    self.audit = audit
    self.bands = bands
    self.missLimit = missLimit
  }

  public static let formats = ReportFormat.allCases

  public func rendered(as format: ReportFormat) -> String {
    switch format {
    case .table: AuditTextReport(audit: audit, missLimit: missLimit).render(.plain)
    case .markdown: AuditTextReport(audit: audit, missLimit: missLimit).render(.markdown)
    case .json: audit.json.reportText
    case .csv: audit.csv
    case .html: AuditHTMLReport(audit: audit, bands: bands).html
    }
  }
}
