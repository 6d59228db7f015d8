import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

/// `drift` on synthetic books with and without a planted shift.
@Suite struct DriftCheckTests {
  static let shiftDate = CalendarDate(year: 2026, month: 4, day: 1)!

  static func check(shift: Bool, outcomes withOutcomes: Bool, minimumChurned: Int = 10) throws -> DriftCheck {
    var configuration = SyntheticBookConfiguration(accounts: 1_000, months: 18, seed: 5)
    configuration.usageShiftAfter = shift ? shiftDate : nil
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try SyntheticBook(configuration: configuration).write(to: directory.path)
    let table = try SnapshotLoader.load(path: directory.appendingPathComponent("snapshots.csv").path, settings: ImportSettings().reading(Presets.chs4))
    let outcomes = withOutcomes ? try OutcomeLoader.load(path: directory.appendingPathComponent("outcomes.csv").path, snapshots: table) : []
    return DriftCheck(
      scorer: try Scorer(model: Presets.chs4, table: table, modelSource: "chs-4"), outcomes: outcomes, referenceBefore: shiftDate,
      configuration: RunSettings(), maximumGreenChurn: 0.25, minimumChurned: minimumChurned)
  }

  @Test func aPlantedShiftSaysRecalibrateAndNamesTheSignal() throws {
    let check = try Self.check(shift: true, outcomes: false)
    #expect(check.verdict == .recalibrate)
    let major = check.signals.filter { $0.stability.reading == .major }.map(\.column)
    #expect(major == ["dau_mau"])
    #expect(check.reasons.contains { $0.hasPrefix("dau_mau's PSI is") })
    #expect(check.signals.filter { $0.column != "dau_mau" }.allSatisfy { $0.stability.index < 0.1 })
  }

  @Test func anUnshiftedBookSaysKeep() throws {
    let check = try Self.check(shift: false, outcomes: false)
    #expect(check.verdict == .keep)
    #expect(check.signals.allSatisfy { $0.stability.index < 0.1 })
    #expect(check.score.index < 0.1)
    #expect(check.greenChurn.allSatisfy { $0.current.denominator == 0 })
  }

  @Test func greenChurnAboveTheLimitSaysRecalibrate() throws {
    let check = try Self.check(shift: false, outcomes: true)
    let rate = try #require(check.greenChurn[0].current.value)
    #expect(rate > 0.25)
    #expect(check.verdict == .recalibrate)
    #expect(check.reasons[0].hasPrefix("green-churn rate"))
    // The periods split the churned accounts by churn date.
    #expect(check.greenChurn[0].reference.denominator > 0)
  }

  /// A rate over fewer churners than the minimum is shown but not judged.
  @Test func tooFewChurnersAreNotJudged() throws {
    let check = try Self.check(shift: false, outcomes: true, minimumChurned: 100_000)
    #expect(check.greenChurn[0].current.value! > 0.25)
    #expect(check.verdict == .keep)
    #expect(check.reasons.last!.hasPrefix("too few churned accounts were scored in the current period to judge green churn ("))
    #expect(check.reasons.last!.hasSuffix("; the rule needs 100000)"))
  }

  /// The periods partition the rows, and the band mix counts every row once.
  @Test func periodsPartitionTheRows() throws {
    let check = try Self.check(shift: true, outcomes: false)
    #expect(check.reference.last! < Self.shiftDate && check.current.first! >= Self.shiftDate)
    #expect(check.bandMix.map(\.reference).reduce(0, +) == check.reference.rows)
    #expect(check.bandMix.map(\.current).reduce(0, +) == check.current.rows)
  }
}
