import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats
@testable import HealthCalReports

/// The shape of the audit query; its figures are checked against healthcal
/// in real engines by `Tests/Oracle/check_warehouse.py`.
@Suite struct SQLAuditQueryTests {
  static func query(_ settings: SQLAuditQuery.Settings = .init(), model: HealthModel = Presets.chs4, dialect: SQLDialect = .ansi) -> String {
    try! SQLAuditQuery(model: model, dialect: dialect, settings: settings).query
  }

  @Test func horizonsBecomeRowsInReportOrder() {
    var settings = SQLAuditQuery.Settings()
    settings.horizons = [60, 30, 7]
    #expect(Self.query(settings).contains(
      "horizon AS (\n  SELECT 1 AS horizon_position, 60 AS horizon_days\n  UNION ALL SELECT 2 AS horizon_position, 30 AS horizon_days\n"
        + "  UNION ALL SELECT 3 AS horizon_position, 7 AS horizon_days\n),"))
  }

  @Test func picksAreTheLatestSnapshotWithinTheStalenessLimit() {
    var settings = SQLAuditQuery.Settings()
    settings.maxStaleness = 14
    let query = Self.query(settings)
    #expect(query.contains("s.day_number <= o.end_day - h.horizon_days\n    AND s.day_number >= o.end_day - h.horizon_days - 14"))
    #expect(query.contains("MAX(s.day_number) AS day_number"))
    #expect(query.contains("WHERE s.\"score\" IS NOT NULL"))
  }

  @Test func renewalsWithoutADateAreObservedUntilTheSettingOrTheLatestSnapshot() {
    #expect(Self.query().contains(" AS outcome_day, (SELECT MAX(day_number) FROM scored) AS observed_day"))
    #expect(Self.query().contains("COALESCE(outcome_day, observed_day) AS end_day"))
    var settings = SQLAuditQuery.Settings()
    settings.observedUntil = CalendarDate(iso: "1970-01-31")
    #expect(Self.query(settings).contains(" AS outcome_day, 30 AS observed_day"))
  }

  @Test func atRiskChoosesTheFlaggedBands() {
    #expect(Self.query().contains("CAST(c.churned_red AS DOUBLE PRECISION) / NULLIF(c.churned_scored, 0) AS at_risk_recall"))
    #expect(Self.query().contains("CAST(c.renewed_red AS DOUBLE PRECISION) / NULLIF(c.renewed_scored, 0) AS false_alarm_rate"))
    var settings = SQLAuditQuery.Settings()
    settings.atRisk = .amber
    #expect(Self.query(settings).contains("CAST(c.churned_red + c.churned_amber AS DOUBLE PRECISION) / NULLIF(c.churned_scored, 0) AS at_risk_recall"))
    #expect(Self.query(settings).contains("CAST(c.renewed_red + c.renewed_amber AS DOUBLE PRECISION) / NULLIF(c.renewed_scored, 0) AS false_alarm_rate"))
  }

  @Test func aucCountsTiesHalfFromCountsPerDistinctScore() {
    let query = Self.query()
    #expect(query.contains("SUM(churned_here * (2 * renewed_above + renewed_here)) AS half_pairs"))
    #expect(query.contains("ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS renewed_above"))
    #expect(query.contains("CAST(a.half_pairs AS DOUBLE PRECISION) / NULLIF(2 * CAST(w.pairs AS DOUBLE PRECISION), 0) AS roc_auc"))
  }

  @Test func segmentsAreABreakdownUnlessNone() {
    #expect(Self.query().contains("UNION ALL SELECT horizon_position, horizon_days, 1, segment,"))
    #expect(Self.query().contains("COALESCE(NULLIF(TRIM(CAST(s.\"segment\" AS VARCHAR)), ''), '(none)') AS segment"))
    var settings = SQLAuditQuery.Settings()
    settings.segmentColumn = nil
    #expect(!Self.query(settings).contains("UNION ALL SELECT horizon_position, horizon_days, 1"))
  }

  @Test func theLandmarkDesignComparesWithinDates() {
    var settings = SQLAuditQuery.Settings()
    settings.design = .landmark
    let query = Self.query(settings)
    #expect(query.contains("(dialect: ansi, landmark design)"))
    #expect(query.contains("case_pick AS (") && query.contains("control_pick AS ("))
    #expect(query.contains("WHERE k.landmark_day IS NULL OR c.landmark_day < k.landmark_day"))
    #expect(query.contains("MAX(churned) OVER (PARTITION BY horizon_position, horizon_days, is_segment, segment, landmark_day) AS has_case"))
    #expect(query.contains("w.flagged_share / NULLIF(w.weight, 0) AS false_alarm_rate"))
    let renewal = Self.query()
    #expect(renewal.contains("(dialect: ansi, renewal design)") && !renewal.contains("case_pick"))
  }

  @Test func namesAreQuotedForTheDialect() throws {
    let query = try SQLAuditQuery(model: Presets.chs4, dialect: .bigquery, snapshots: "proj.cs.snaps", outcomes: "proj.crm.outcomes").query
    #expect(query.contains("  FROM `proj`.`crm`.`outcomes` o\n"))
    #expect(query.contains("UNIX_DATE(CAST(o.`date` AS DATE))"))
    #expect(throws: SQLError.invalidTableName("crm..outcomes")) {
      try SQLAuditQuery(model: Presets.chs4, outcomes: "crm..outcomes")
    }
  }
}
