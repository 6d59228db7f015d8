import Testing
import HealthCalTestSupport
@testable import HealthCalCLI
@testable import HealthCal
import HealthCalFormats
@testable import HealthCalReports

/// `healthcal export-sql` end to end: the score and audit queries printed,
/// the audit settings passed through, and bad dialects, tables and names
/// refused with one line.
@Suite struct ExportSQLCommandTests {
  @Test func printsTheScoreQuery() throws {
    let run = EndToEndTests.run(["export-sql", "--model", "chs-5", "--dialect", "sqlite", "--table", "warehouse.snaps"])
    #expect(run.status == 0)
    let expected = try SQLExpression(model: Presets.chs5, dialect: .sqlite, table: "warehouse.snaps").query
    #expect(run.stdout == expected)
    let fixture = EndToEndTests.run(["export-sql", "--model", TestData.fixture("models/sql-check.json")])
    #expect(fixture.stdout.hasPrefix("-- healthcal \(HealthCalVersion.current) SQL export of model \"sql-check\" (dialect: ansi)."))
  }

  @Test func printsTheAuditQueryWithTheAuditsSettings() throws {
    let run = EndToEndTests.run([
      "export-sql", "--audit", "--dialect", "postgres", "--horizons", "60,30", "--max-staleness", "14", "--at-risk", "amber",
      "--observed-until", "2026-09-30", "--outcomes-table", "crm.renewals",
    ])
    #expect(run.status == 0)
    var settings = SQLAuditQuery.Settings()
    settings.horizons = [60, 30]
    settings.maxStaleness = 14
    settings.atRisk = .amber
    settings.observedUntil = CalendarDate(iso: "2026-09-30")
    let expected = try SQLAuditQuery(model: Presets.chs4, dialect: .postgres, outcomes: "crm.renewals", settings: settings).query
    #expect(run.stdout == expected)
    #expect(run.stdout.contains("  FROM \"crm\".\"renewals\" o\n"))
    #expect(run.stdout.contains("(CAST(o.\"date\" AS DATE) - DATE '1970-01-01') AS outcome_day, 20726 AS observed_day"))
    #expect(run.stdout.contains("s.day_number >= o.end_day - h.horizon_days - 14"))
    #expect(run.stdout.contains("CAST(c.churned_red + c.churned_amber AS DOUBLE PRECISION) / NULLIF(c.churned_scored, 0) AS at_risk_recall"))
  }

  @Test func auditOptionsNeedTheAudit() {
    let run = EndToEndTests.run(["export-sql", "--horizons", "30"])
    #expect(run.status == 1)
    #expect(run.stderr.hasPrefix("error: '--horizons' applies to the audit query; add --audit, or leave it out\n"))
  }

  @Test func dbtWrapsEitherQuery() {
    let score = EndToEndTests.run(["export-sql", "--dbt", "--table", "stg_snapshots", "--dialect", "snowflake"])
    #expect(score.stdout.contains("{{ config(materialized='table') }}\n") && score.stdout.contains("FROM {{ ref('stg_snapshots') }} t\n"))
    let audit = EndToEndTests.run(["export-sql", "--dbt", "--audit", "--outcomes-table", "stg_outcomes"])
    #expect(audit.stdout.contains("FROM {{ ref('stg_outcomes') }} o\n"))
  }

  @Test func rejectsBadDialectsTablesAndNames() throws {
    #expect(EndToEndTests.run(["export-sql", "--dialect", "oracle"]).status == 1)
    let doubled = EndToEndTests.run(["export-sql", "--table", "schema..table"])
    #expect(doubled.status == 1)
    #expect(doubled.stderr == "error: the table name \"schema..table\" has an empty part; expected a name, optionally schema-qualified as schema.table\n")
    #expect(EndToEndTests.run(["export-sql", "--table", ""]).status == 1)
    let segment = EndToEndTests.run(["export-sql", "--audit", "--model", TestData.fixture("models/sql-check.json"), "--segment-by", "region"])
    #expect(segment.status == 1)
    #expect(segment.stderr.contains("expected segment, the column the model's segment overrides key on"))
  }
}
