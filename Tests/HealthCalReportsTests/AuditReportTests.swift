import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats
@testable import HealthCalReports

@Suite struct AuditReportTests {
  @Test func jsonRoundTripsThroughTheParserAndKeepsFullPrecision() throws {
    let audit = try HandAuditBook.audit(horizons: [30], bootstrap: 50)
    let text = audit.json.serialized(pretty: true)
    let reparsed = try JSONParser.parse(text, file: "report.json")
    #expect(reparsed == audit.json)
    guard case .object(let root) = reparsed, case .array(let horizons)? = root["horizons"],
      case .object(let first)? = horizons.first, case .object(let overall)? = first["overall"],
      case .object(let auc)? = overall["roc_auc"]
    else {
      Issue.record("unexpected shape")
      return
    }
    #expect(auc["value"] == .number(6.0 / 9.0))
    #expect(root.keys == ["report", "schema", "tool", "model", "inputs", "settings", "design", "warnings", "segment_column", "horizons", "lead_time", "misses"])
  }

  @Test func undefinedMetricsAreNullNotZero() throws {
    let audit = try HandAuditBook.audit(horizons: [90])
    guard case .object(let root) = audit.json, case .array(let horizons)? = root["horizons"],
      case .object(let first)? = horizons.first, case .object(let overall)? = first["overall"],
      case .object(let falseAlarm)? = overall["false_alarm_rate"], case .object(let auc)? = overall["roc_auc"]
    else {
      Issue.record("unexpected shape")
      return
    }
    #expect(falseAlarm["value"] == .null)
    #expect(falseAlarm["ci95"] == .null)
    #expect(auc["value"] == .null)
  }

  @Test func tableReportShowsHeadlineAndMisses() throws {
    let audit = try HandAuditBook.audit(horizons: [90, 30])
    let text = AuditTextReport(audit: audit, missLimit: 1).render(.plain)
    #expect(text.contains("30 days     6/8       33.3% (1/3)  6.1–79.2%"))
    #expect(text.contains("B        SMB      300  2025-04-01  90d            90.0       40.0  x +40.0"))
    #expect(text.contains("… and 1 more (2 in all); --format json lists every one."))
  }

  @Test func csvHasOneRowPerHorizonAndGroup() throws {
    let audit = try HandAuditBook.audit(horizons: [90, 30])
    let lines = audit.csv.split(separator: "\n")
    #expect(lines.count == 1 + 2 * 3)
    #expect(lines[0].hasPrefix("horizon_days,group,outcomes,scored"))
  }
}
