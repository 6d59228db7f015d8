import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

/// A hand-computed audit. Model: score = x, red < 50, green ≥ 70. Every outcome is on 2025-04-01.
@Suite struct AuditTests {
  @Test func thirtyDayRatesMatchTheHandCount() throws {
    let m = try HandAuditBook.audit(horizons: [30]).horizons[0].overall
    // Scored: churned A 80 green, B 40 red, C 60 amber; renewed D 90 green, E 45 red, F 75 green.
    #expect(m.greenChurn == Rate(1, of: 3))
    #expect(m.atRiskRecall == Rate(1, of: 3))
    #expect(m.precision == Rate(1, of: 2))
    #expect(m.falseAlarmRate == Rate(1, of: 3))
    #expect(m.alertRate == Rate(2, of: 6))
    #expect(m.bandCounts[.green]! == (churned: 1, renewed: 2))
    #expect(m.bandCounts[.amber]! == (churned: 1, renewed: 0))
    #expect(m.bandCounts[.red]! == (churned: 1, renewed: 1))
  }

  @Test func thirtyDayARRSharesCountOnlyKnownARR() throws {
    let m = try HandAuditBook.audit(horizons: [30]).horizons[0].overall
    #expect(m.greenChurnARR == ARRShare(100, of: 600))
    #expect(m.atRiskRecallARR == ARRShare(300, of: 600))
    #expect(m.falseAlarmARR == ARRShare(0, of: 60))
    #expect(m.accountsWithoutARR == 1)
  }

  @Test func thirtyDayAUCCountsConcordantPairs() throws {
    // risk = 100 − x. Churned 20, 60, 40 vs renewed 10, 55, 25: 1 + 3 + 2 = 6 of 9 pairs.
    let m = try HandAuditBook.audit(horizons: [30]).horizons[0].overall
    #expect(m.rocAUC == 6.0 / 9.0)
  }

  @Test func coverageGapsAreCountedNotDropped() throws {
    let result = try HandAuditBook.audit(horizons: [30]).horizons[0]
    let c = result.overall.coverage
    #expect(c.outcomes == 8)
    #expect(c.scored == 6)
    #expect(c.churnedUnscored == 1)
    #expect(c.renewedUnscored == 1)
    #expect(c.gaps == [.stale: 1, .noSnapshotYet: 1])
  }

  @Test func amberCountsAsAtRiskWhenAsked() throws {
    let m = try HandAuditBook.audit(horizons: [30], atRisk: .amber).horizons[0].overall
    #expect(m.atRiskRecall == Rate(2, of: 3))
    #expect(m.precision == Rate(2, of: 3))
    #expect(m.falseAlarmRate == Rate(1, of: 3))
    #expect(m.alertRate == Rate(3, of: 6))
    #expect(m.greenChurn == Rate(1, of: 3))
  }

  @Test func ninetyDayHorizonWithOneClassEmpty() throws {
    let m = try HandAuditBook.audit(horizons: [90]).horizons[0].overall
    // Target 2025-01-01: only B (90, green) and G (20, red) have a snapshot; both churned.
    #expect(m.greenChurn == Rate(1, of: 2))
    #expect(m.falseAlarmRate == Rate(0, of: 0))
    #expect(m.falseAlarmRate.value == nil)
    #expect(m.falseAlarmRate.interval == nil)
    #expect(m.rocAUC == nil)
    #expect(m.brierScore == nil)
  }

  @Test func missListHasEveryGreenChurnerLargestARRFirst() throws {
    let audit = try HandAuditBook.audit(horizons: [90, 30])
    #expect(audit.misses.map(\.accountID) == ["B", "A"])
    #expect(audit.misses[0].greenHorizons == [90])
    #expect(audit.misses[1].greenHorizons == [30])
    #expect(audit.misses[0].horizons.map(\.horizon) == [90, 30])
    #expect(audit.misses[1].horizons[0].topContributions.first?.name == "x")
  }

  @Test func leadTimeIsTheStartOfTheFinalAtRiskRun() throws {
    let lead = try HandAuditBook.audit(horizons: [30]).leadTime
    let table = try TestData.table(HandAuditBook.csv)
    func days(_ id: String) -> Int?? { lead.days[table.accountIndex(of: id)!] }
    #expect(days("A") == .some(nil))
    #expect(days("B") == .some(59))   // red since 2025-02-01
    #expect(days("C") == .some(nil))  // amber is not at risk under the red rule
    #expect(days("G") == .some(90))   // red at 2025-01-01
    #expect(lead.churnedCount == 4)
    #expect(lead.flaggedCount == 2)
    #expect(lead.medianDays == 74.5)
    #expect(lead.flagged(atLeast: 60) == Rate(1, of: 4))
  }

  @Test func segmentsAddUpToTheOverallCounts() throws {
    let result = try HandAuditBook.audit(horizons: [30]).horizons[0]
    #expect(result.segments.map(\.group) == ["Enterprise", "SMB"])
    #expect(result.segments.map(\.coverage.outcomes).reduce(0, +) == result.overall.coverage.outcomes)
    #expect(result.segments.map(\.greenChurn.numerator).reduce(0, +) == result.overall.greenChurn.numerator)
    #expect(result.segments.map(\.greenChurn.denominator).reduce(0, +) == result.overall.greenChurn.denominator)
  }

  @Test func allAccountsUnscoredGivesUndefinedNotZero() throws {
    let m = try HandAuditBook.audit(horizons: [400]).horizons[0].overall
    #expect(m.coverage.scored == 0)
    #expect(m.coverage.outcomes == 8)
    #expect(m.greenChurn.value == nil)
    #expect(m.rocAUC == nil)
    #expect(m.averagePrecision == nil)
  }

  @Test func reportIsIdenticalWhateverTheRowOrder() throws {
    var generator = SeededGenerator(seed: 3)
    var lines = HandAuditBook.csv.split(separator: "\n").map(String.init)
    let header = lines.removeFirst()
    for i in stride(from: lines.count - 1, to: 0, by: -1) { lines.swapAt(i, generator.nextInt(below: i + 1)) }
    let shuffled = try TestData.table(([header] + lines).joined(separator: "\n"))
    let original = try TestData.table(HandAuditBook.csv)
    #expect(shuffled.accountIDs == original.accountIDs)
    #expect(shuffled.values == original.values)
    #expect(shuffled.rowDate == original.rowDate)
  }
}
