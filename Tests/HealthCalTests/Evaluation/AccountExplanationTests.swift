import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats
@testable import HealthCalReports

/// A hand-computed explanation. Model: component a (weight 60) reads x; component b
/// (weight 40) averages y and a boolean z. Bands: red < 50, green ≥ 70. Outcomes on 2025-04-01.
@Suite struct AccountExplanationTests {
  static let csv = """
    account_id,as_of,segment,arr,x,y,z
    acme,2025-03-01,SMB,1200,90,80,1
    bolt,2025-03-01,SMB,,0,0,0
    core,2025-03-01,SMB,,60,,0
    dale,2025-03-01,SMB,,60,60,1
    """

  static let model = HealthModel(
    name: "two-part",
    components: [
      Component(name: "a", weight: 60, signals: [Signal(column: "x", transform: .linear(low: 0, high: 100))]),
      Component(name: "b", weight: 40, signals: [
        Signal(column: "y", transform: .linear(low: 0, high: 100)),
        Signal(column: "z", transform: .boolean(trueScore: 100, falseScore: 0)),
      ]),
    ],
    missing: .renormalize,
    bands: Bands(redBelow: 50, greenAtOrAbove: 70))

  static func explain(_ id: String, horizons: [Int] = [90, 30]) throws -> AccountExplanation {
    let table = try TestData.table(csv)
    let date = CalendarDate(iso: "2025-04-01")!
    let outcomes = ["acme", "bolt", "core", "dale"].map { Outcome(account: table.accountIndex(of: $0)!, kind: .churned, date: date) }
    var configuration = RunSettings()
    configuration.horizons = horizons
    let scorer = try Scorer(model: model, table: table, modelSource: "m")
    return try AccountExplanation(accountID: id, scorer: scorer, outcomes: outcomes, configuration: configuration)
  }

  @Test func greenAccountShowsContributionsSignalsAndTheDropToAmber() throws {
    let explanation = try Self.explain("acme")
    #expect(explanation.arr == 1200)
    #expect(explanation.segment == "SMB")
    #expect(explanation.horizons.count == 2)
    #expect(explanation.horizons[0].gap == .noSnapshotYet)
    #expect(explanation.horizons[0].scored == nil)

    let at30 = explanation.horizons[1]
    #expect(at30.snapshotDate == CalendarDate(iso: "2025-03-01"))
    #expect(at30.scored?.score == 90)
    #expect(at30.scored?.band == .green)
    let b = at30.components[1]
    #expect(b.contribution.subScore == 90)
    #expect(b.contribution.share == 0.4)
    #expect(b.signals.map(\.rawValue) == [80, 1])
    #expect(b.signals.map(\.subScore) == [80, 100])
    #expect(b.signals.map(\.share) == [0.5, 0.5])

    // 90 → below 70: a fall of more than 20 points; a alone below 90 − 20/0.6, b alone below 90 − 20/0.4.
    #expect(at30.shifts.count == 1)
    let shift = at30.shifts[0]
    #expect(shift.band == .amber)
    #expect(shift.scoreChange == -20)
    #expect(shift.levers.map(\.component) == ["a", "b"])
    #expect(abs(shift.levers[0].requiredSubScore - (90 - 20 / 0.6)) < 1e-9)
    #expect(abs(shift.levers[1].requiredSubScore - 40) < 1e-9)
  }

  @Test func redAccountNamesOnlyTheComponentsThatCouldLiftItAlone() throws {
    let shift = try #require(try Self.explain("bolt").horizons[1].shifts.first)
    #expect(shift.band == .amber)
    #expect(shift.scoreChange == 50)
    // a needs 50 / 0.6 = 83.3 ≤ 100; b would need 125, off the scale.
    #expect(shift.levers.map(\.component) == ["a"])
    #expect(abs(shift.levers[0].requiredSubScore - 50 / 0.6) < 1e-9)
  }

  @Test func renormalizedSignalIsLeftOutAndNamedMissing() throws {
    // core: a = 60; b has y missing (renormalize, left out) and z false = 0, so b = 0; score 36 → red.
    let at30 = try Self.explain("core").horizons[1]
    #expect(at30.scored?.score == 36)
    let signals = at30.components[1].signals
    #expect(signals[0].rawValue == nil && signals[0].subScore == nil && signals[0].share == 0)
    #expect(signals[1].share == 1)
    let text = AccountExplanationReport(explanation: try Self.explain("core")).rendered(as: .table)
    #expect(text.contains("  y                   missing   left out    0.0%"))
    #expect(text.contains("To turn amber: the score would have had to rise by at least 14.0 points (to 50)."))
  }

  @Test func amberAccountShowsTheFallToRedAndTheRiseToGreen() throws {
    // dale: a = 60, b = (60 + 100) / 2 = 80; score 0.6·60 + 0.4·80 = 68.
    let at30 = try Self.explain("dale").horizons[1]
    #expect(at30.scored?.band == .amber)
    #expect(at30.shifts.map(\.band) == [.red, .green])
    #expect(abs(at30.shifts[0].scoreChange + 18) < 1e-9)
    #expect(abs(at30.shifts[1].scoreChange - 2) < 1e-9)
    #expect(at30.shifts[0].levers.map { ($0.requiredSubScore * 1e6).rounded() / 1e6 } == [30, 35])
    #expect(at30.shifts[1].levers.map { ($0.requiredSubScore * 1e6).rounded() / 1e6 } == [63.333333, 85])
  }

  @Test func textReportReadsLikeTheAudit() throws {
    let text = AccountExplanationReport(explanation: try Self.explain("acme")).rendered(as: .table)
    #expect(text.hasPrefix("healthcal explain: account acme, model two-part\nsegment SMB, ARR 1,200, churned on 2025-04-01.\n"))
    #expect(text.contains("90 days before (2025-01-01): not scored: no snapshot on or before this date."))
    #expect(text.contains("30 days before (2025-03-02): snapshot 2025-03-01, score 90.0, GREEN (red below 50, green at or above 70)"))
    #expect(text.contains("  z                       yes      100.0   50.0%"))
    #expect(text.contains("To turn amber: the score would have had to fall by more than 20.0 points (below 70)."))
    #expect(text.contains("  b alone: sub-score below 40.0 (now 90.0)."))
  }

  @Test func unknownAccountIsAnErrorNamingIt() throws {
    #expect(throws: UnknownAccountError(accountID: "nobody", file: "snapshots.csv")) { try Self.explain("nobody") }
  }
}
