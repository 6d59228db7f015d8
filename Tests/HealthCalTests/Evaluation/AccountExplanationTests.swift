import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

/// A hand-computed explanation of ``ExplanationBook``.
@Suite struct AccountExplanationTests {
  @Test func greenAccountShowsContributionsSignalsAndTheDropToAmber() throws {
    let explanation = try ExplanationBook.explain("acme")
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
    let shift = try #require(try ExplanationBook.explain("bolt").horizons[1].shifts.first)
    #expect(shift.band == .amber)
    #expect(shift.scoreChange == 50)
    // a needs 50 / 0.6 = 83.3 ≤ 100; b would need 125, off the scale.
    #expect(shift.levers.map(\.component) == ["a"])
    #expect(abs(shift.levers[0].requiredSubScore - 50 / 0.6) < 1e-9)
  }

  @Test func renormalizedSignalIsLeftOutAndNamedMissing() throws {
    // core: a = 60; b has y missing (renormalize, left out) and z false = 0, so b = 0; score 36 → red.
    let at30 = try ExplanationBook.explain("core").horizons[1]
    #expect(at30.scored?.score == 36)
    let signals = at30.components[1].signals
    #expect(signals[0].rawValue == nil && signals[0].subScore == nil && signals[0].share == 0)
    #expect(signals[1].share == 1)
  }

  @Test func amberAccountShowsTheFallToRedAndTheRiseToGreen() throws {
    // dale: a = 60, b = (60 + 100) / 2 = 80; score 0.6·60 + 0.4·80 = 68.
    let at30 = try ExplanationBook.explain("dale").horizons[1]
    #expect(at30.scored?.band == .amber)
    #expect(at30.shifts.map(\.band) == [.red, .green])
    #expect(abs(at30.shifts[0].scoreChange + 18) < 1e-9)
    #expect(abs(at30.shifts[1].scoreChange - 2) < 1e-9)
    #expect(at30.shifts[0].levers.map { ($0.requiredSubScore * 1e6).rounded() / 1e6 } == [30, 35])
    #expect(at30.shifts[1].levers.map { ($0.requiredSubScore * 1e6).rounded() / 1e6 } == [63.333333, 85])
  }

  @Test func unknownAccountIsAnErrorNamingIt() throws {
    #expect(throws: UnknownAccountError(accountID: "nobody", file: "snapshots.csv")) { try ExplanationBook.explain("nobody") }
  }
}
