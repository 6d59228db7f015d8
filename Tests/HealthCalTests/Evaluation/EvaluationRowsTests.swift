import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

/// Which rows an evaluation keeps, counted by hand. Horizon 30 days,
/// staleness 31, one trajectory signal comparing against 90 days earlier
/// (at most 31 days older).
@Suite struct EvaluationRowsTests {
  static let csv = """
    account_id,as_of,x
    R,2025-01-01,1
    R,2025-02-01,2
    R,2025-03-01,3
    R,2025-04-01,4
    R,2025-05-01,5
    R,2025-05-15,6
    R,2025-06-01,7
    R,2025-06-20,8
    C,2025-01-01,1
    C,2025-02-01,2
    C,2025-03-01,3
    N,2025-01-01,1
    N,2025-02-01,2
    N,2025-03-01,3
    """

  static let model = HealthModel(
    name: "trend",
    components: [Component(name: "x", weight: 100, signals: [Signal(column: "x", transform: .delta(days: 90, low: -5, high: 5, maxGap: 31))])],
    bands: Bands(redBelow: 50, greenAtOrAbove: 70))

  static func keptDates(wholeAccounts: Set<String> = []) throws -> [String: [String]] {
    let table = try TestData.table(csv)
    let outcomes = [
      Outcome(account: table.accountIndex(of: "R")!, kind: .renewed, date: CalendarDate(iso: "2025-07-01")!),
      Outcome(account: table.accountIndex(of: "C")!, kind: .churned, date: CalendarDate(iso: "2025-04-10")!),
    ]
    var configuration = RunSettings()
    configuration.horizons = [30]
    let rows = EvaluationRows(configuration: configuration, models: [model], wholeAccounts: wholeAccounts)
      .rows(of: table, outcomes: outcomes)
    return Dictionary(grouping: rows, by: { table.accountIDs[Int(table.rowAccount[$0])] })
      .mapValues { $0.map { table.date(ofRow: $0).description } }
  }

  @Test func renewedAccountKeepsItsPickTheLookBackAndItsEnds() throws {
    // T − 30 = 2025-06-01 is a snapshot; 90 days before it is 2025-03-03,
    // whose latest snapshot is 2025-03-01. Plus the first and last rows.
    #expect(try Self.keptDates()["R"] == ["2025-01-01", "2025-03-01", "2025-06-01", "2025-06-20"])
  }

  @Test func churnedAccountKeepsItsWholeHistory() throws {
    #expect(try Self.keptDates()["C"] == ["2025-01-01", "2025-02-01", "2025-03-01"])
  }

  @Test func accountWithoutOutcomeKeepsItsFirstAndLastRows() throws {
    #expect(try Self.keptDates()["N"] == ["2025-01-01", "2025-03-01"])
  }

  @Test func wholeAccountKeepsEveryRow() throws {
    #expect(try Self.keptDates(wholeAccounts: ["N", "nobody"])["N"] == ["2025-01-01", "2025-02-01", "2025-03-01"])
  }

  @Test func lookBacksAreCollectedOnceAcrossModels() {
    let rows = EvaluationRows(configuration: RunSettings(), models: [Self.model, Self.model, Presets.chs4])
    #expect(rows.lookBacks == [EvaluationRows.LookBack(days: 90, maxGap: 31)])
  }
}
