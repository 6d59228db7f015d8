import Testing
import HealthCalTestSupport
@testable import HealthCalCLI
@testable import HealthCal
@testable import HealthCalReports

/// `healthcal export-sql` end to end: the query printed, and bad dialects
/// and table names refused.
@Suite struct ExportSQLCommandTests {
  @Test func exportSQLCommandPrintsTheQuery() throws {
    let run = EndToEndTests.run(["export-sql", "--model", "chs-5", "--dialect", "sqlite", "--table", "warehouse.snaps"])
    #expect(run.status == 0)
    #expect(run.stdout == SQLExpression(model: Presets.chs5, dialect: .sqlite, table: "warehouse.snaps").query)
    let fixture = EndToEndTests.run(["export-sql", "--model", TestData.fixture("models/sql-check.json")])
    #expect(fixture.stdout.hasPrefix("-- healthcal \(HealthCalVersion.current) SQL export of model \"sql-check\" (dialect: ansi)."))
  }

  @Test func exportSQLCommandRejectsBadDialectsAndTables() {
    #expect(EndToEndTests.run(["export-sql", "--dialect", "oracle"]).status == 1)
    #expect(EndToEndTests.run(["export-sql", "--table", "schema..table"]).status == 1)
    #expect(EndToEndTests.run(["export-sql", "--table", ""]).status == 1)
  }
}
