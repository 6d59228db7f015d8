import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats
@testable import HealthCalReports

/// The audit HTML page: every chart present and well-formed, user text escaped, same bytes every time.
@Suite struct AuditHTMLReportTests {
  /// A small audit whose churned account has an id full of markup characters and is green at 30 days.
  static func nastyAudit() throws -> Audit {
    let csv = #"""
      account_id,as_of,segment,arr,x
      "Smith & <Sons> ""Ltd""",2025-03-01,<Enterprise>,100,80
      B,2025-03-01,SMB,300,40
      C,2025-03-01,<Enterprise>,200,60
      D,2025-03-01,<Enterprise>,50,90
      """#
    let table = try TestData.table(csv)
    let date = CalendarDate(iso: "2025-04-01")!
    let kinds: [(String, Outcome.Kind)] = [(#"Smith & <Sons> "Ltd""#, .churned), ("B", .churned), ("C", .renewed), ("D", .renewed)]
    let outcomes = kinds.map { Outcome(account: table.accountIndex(of: $0.0)!, kind: $0.1, date: date) }
    var configuration = RunSettings()
    configuration.horizons = [90, 30]
    configuration.bootstrapReplicates = 20
    let scorer = try Scorer(model: TestData.linearModel(), table: table, modelSource: "m")
    return Audit(scorer: scorer, outcomes: outcomes, configuration: configuration)
  }

  @Test func everyChartIsWellFormedXMLAndPresent() throws {
    let html = AuditHTMLReport(audit: try HandAuditBook.audit(horizons: [90, 60, 30], bootstrap: 20), bands: Bands()).html
    let svgs = XMLCheck.svgElements(in: html)
    // green churn, recall, ROC, lead time, deciles, by segment, one distribution per horizon.
    #expect(svgs.count == 6 + 3)
    for svg in svgs { ChartSVGTests.expectValid(svg) }
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(!html.contains("http://") || html.components(separatedBy: "http://").count - 1 == svgs.count)
    #expect(!html.contains("<link") && !html.contains("src="))
  }

  @Test func segmentsGetAChartAndATableWithEveryHorizon() throws {
    let audit = try HandAuditBook.audit(horizons: [90, 30], bootstrap: 0)
    let html = AuditHTMLReport(audit: audit, bands: Bands()).html
    #expect(html.contains("By segment"))
    #expect(html.contains("Churned accounts shown green, by segment"))
    // At 30 days, SMB's churned A (80) is green and B (40) is not; Enterprise's C (60) is amber.
    let smb = try #require(audit.horizons[1].segments.first { $0.group == "SMB" })
    #expect(smb.greenChurn == Rate(1, of: 2))
    #expect(html.contains("<td>SMB</td>"))
    #expect(html.contains(">50.0% (1 of 2)<"))
    #expect(html.contains("Green churn 90d") && html.contains("ROC AUC 30d"))
  }

  @Test func withoutSegmentsThereIsNoSegmentSection() throws {
    var configuration = RunSettings()
    configuration.horizons = [30]
    configuration.bySegment = false
    configuration.bootstrapReplicates = 0
    let base = try HandAuditBook.audit(horizons: [30])
    let table = try TestData.table(HandAuditBook.csv)
    let outcomes = base.horizons[0].accounts.map { Outcome(account: $0.account, kind: $0.isChurned ? .churned : .renewed, date: CalendarDate(iso: "2025-04-01")!) }
    let audit = Audit(scorer: try Scorer(model: TestData.linearModel(), table: table, modelSource: "m"), outcomes: outcomes, configuration: configuration)
    let html = AuditHTMLReport(audit: audit, bands: Bands()).html
    #expect(!html.contains("By segment"))
  }

  @Test func accountNamesAndSegmentsAreEscaped() throws {
    let html = AuditHTMLReport(audit: try Self.nastyAudit(), bands: Bands()).html
    #expect(html.contains("Smith &amp; &lt;Sons&gt; &quot;Ltd&quot;"))
    #expect(!html.contains("<Sons>"))
    #expect(!html.contains("<Enterprise>"))
    #expect(html.contains("<table class=\"sortable\">"))
    #expect(html.contains("data-sort=\"100.0000\""))
    #expect(html.contains("&lt;Enterprise&gt;"))
  }

  @Test func renderingIsByteIdenticalAcrossRuns() throws {
    let first = AuditHTMLReport(audit: try HandAuditBook.audit(horizons: [90, 30], bootstrap: 50), bands: Bands()).html
    let second = AuditHTMLReport(audit: try HandAuditBook.audit(horizons: [90, 30], bootstrap: 50), bands: Bands()).html
    #expect(first == second)
  }

  @Test func aHorizonWithNoScoredChurnersSaysSoInsteadOfDrawingNaN() throws {
    // At 90 days only B and G have a snapshot old enough; pick a horizon where nobody is scored.
    let html = AuditHTMLReport(audit: try HandAuditBook.audit(horizons: [400]), bands: Bands()).html
    for svg in XMLCheck.svgElements(in: html) { ChartSVGTests.expectValid(svg) }
    #expect(html.contains("No data"))
  }

  /// Every figure of the text report is on the page, in the section named
  /// for it, and the lead-time sentence sits by the lead-time chart.
  @Test func theTextReportsFiguresAreOnThePage() throws {
    let audit = try HandAuditBook.audit(horizons: [90, 60, 30], bootstrap: 20)
    let html = AuditHTMLReport(audit: audit, bands: Bands()).html
    for header in ["PR AUC", "KS", "Brier", "Deciles monotonic", "Churned ARR scored", "Accounts without ARR",
                   "no snapshot before horizon", "stale snapshot", "no usable signal"] {
      #expect(html.contains(header), "\(header)")
    }
    let m = audit.horizons[0].overall
    #expect(html.contains(NumberFormat.number(m.kolmogorovSmirnov, digits: 3)))
    let leadSentence = try #require(html.range(of: "churned accounts were at risk at their last snapshot"))
    let leadChart = try #require(html.range(of: "Lead time: days at risk before churn"))
    let deciles = try #require(html.range(of: "Churn rate by score decile"))
    #expect(leadChart.lowerBound < leadSentence.lowerBound && leadSentence.lowerBound < deciles.lowerBound)
  }
}

