import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalReports

/// `audit --explain` as text, on the hand-computed ``ExplanationBook``.
@Suite struct AccountExplanationReportTests {
  @Test func missingSignalIsShownLeftOut() throws {
    let text = AccountExplanationReport(explanation: try ExplanationBook.explain("core")).rendered(as: .table)
    #expect(text.contains("  y                   missing   left out    0.0%"))
    #expect(text.contains("To turn amber: the score would have had to rise by at least 14.0 points (to 50)."))
  }

  @Test func textReportReadsLikeTheAudit() throws {
    let text = AccountExplanationReport(explanation: try ExplanationBook.explain("acme")).rendered(as: .table)
    #expect(text.hasPrefix("healthcal explain: account acme, model two-part\nsegment SMB, ARR 1,200, churned on 2025-04-01.\n"))
    #expect(text.contains("90 days before (2025-01-01): not scored: no snapshot on or before this date."))
    #expect(text.contains("30 days before (2025-03-02): snapshot 2025-03-01, score 90.0, GREEN (red below 50, green at or above 70)"))
    #expect(text.contains("  z                       yes      100.0   50.0%"))
    #expect(text.contains("To turn amber: the score would have had to fall by more than 20.0 points (below 70)."))
    #expect(text.contains("  b alone: sub-score below 40.0 (now 90.0)."))
  }
}
