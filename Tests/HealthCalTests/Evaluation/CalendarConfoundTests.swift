import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal

/// A book built to fool the renewal design (`synth --calendar-confound`:
/// renewals undated, and a `tenure_days` column that only tracks when an
/// account was scored), and the same book without the confound.
@Suite struct CalendarConfoundTests {
  /// The book's table and outcomes (600 accounts, 12 months, seed 11).
  static func book(confound: Bool) throws -> (table: SnapshotTable, outcomes: [Outcome]) {
    var configuration = SyntheticBookConfiguration(accounts: 600, seed: 11)
    configuration.calendarConfound = confound
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try SyntheticBook(configuration: configuration).write(to: directory.path)
    let table = try SnapshotLoader.load(path: directory.appendingPathComponent("snapshots.csv").path)
    return (table, try OutcomeLoader.load(path: directory.appendingPathComponent("outcomes.csv").path, snapshots: table))
  }

  static func configuration(_ design: DesignChoice) -> RunSettings {
    var audit = RunSettings()
    audit.bootstrapReplicates = 0
    audit.design = design
    return audit
  }

  static func audit(confound: Bool, design: DesignChoice = .auto) throws -> Audit {
    let (table, outcomes) = try book(confound: confound)
    let model = confound ? try HealthModel.load(path: TestData.fixture("models/chs-4-tenure.json")) : Presets.chs4
    return Audit(scorer: try Scorer(model: model, table: table, modelSource: "m"), outcomes: outcomes, configuration: configuration(design))
  }

  @Test func autoRunsTheLandmarkDesignAndNamesTheConfound() throws {
    let audit = try Self.audit(confound: true)
    #expect(audit.design == .landmark)
    #expect(!audit.calendarCheck.passes)
    #expect(audit.calendarCheck.horizons.allSatisfy { $0.dateAUC! > 0.9 })
    #expect(audit.warnings.first?.kind == .calendar)
    let leaks = audit.warnings.filter { $0.kind == .leakage }
    // One warning per column, naming every horizon where it leaks.
    #expect(leaks.map(\.column) == ["tenure_days"])
    #expect(leaks[0].message.contains("at matched dates (90 / 60 / 30 days)"))
  }

  @Test func tenureHasNoSkillAtMatchedDates() throws {
    let (table, outcomes) = try Self.book(confound: true)
    let plan = EvaluationPlan(table: table, outcomes: outcomes, configuration: Self.configuration(.auto))
    let findings = LeakageScreen(table: table, renewal: plan.renewalSamples, landmark: plan.samples).findings
    #expect(findings.map(\.column) == ["tenure_days", "tenure_days", "tenure_days"])
    for finding in findings {
      #expect((0.45...0.55).contains(finding.matchedDatesAUC), "\(finding.horizon) days: \(finding.matchedDatesAUC)")
      #expect(max(finding.acrossDatesAUC, 1 - finding.acrossDatesAUC) > 0.65)
    }
  }

  @Test func withoutTheConfoundAutoKeepsTheRenewalDesign() throws {
    let audit = try Self.audit(confound: false)
    #expect(audit.design == .renewal)
    #expect(audit.warnings.isEmpty)
    let renewal = try Self.audit(confound: false, design: .renewal)
    #expect(Self.figures(audit) == Self.figures(renewal))
    #expect(audit.leadTime == renewal.leadTime)
    #expect(audit.misses == renewal.misses)
    #expect(audit.warnings == renewal.warnings)
  }

  /// Every rate, count and ranking figure of every horizon and segment, in
  /// report order: what two audits must share to read the same.
  static func figures(_ audit: Audit) -> [String] {
    audit.horizons.flatMap { result in
      ([result.overall] + result.segments).map { m in
        let rates = [m.greenChurn, m.atRiskRecall, m.precision, m.falseAlarmRate, m.alertRate, m.nonGreenRate]
        let ranking = [m.rocAUC, m.averagePrecision, m.kolmogorovSmirnov, m.brierScore]
        return "\(result.horizon) \(m.group) \(m.coverage) \(rates) \(ranking) \(m.deciles.rows) \(m.histogram)"
      }
    }
  }

  /// Green churn, recall, the miss list and lead time involve churned
  /// accounts only: the same in both designs.
  @Test func churnedOnlyFiguresAreTheSameInBothDesigns() throws {
    let landmark = try Self.audit(confound: true, design: .landmark)
    let renewal = try Self.audit(confound: true, design: .renewal)
    #expect(landmark.misses == renewal.misses)
    #expect(landmark.leadTime == renewal.leadTime)
    for (a, b) in zip(landmark.horizons, renewal.horizons) {
      #expect(a.overall.greenChurn == b.overall.greenChurn)
      #expect(a.overall.atRiskRecall == b.overall.atRiskRecall)
      #expect(a.overall.greenChurnARR == b.overall.greenChurnARR)
      #expect(a.overall.coverage.churnedUnscored == b.overall.coverage.churnedUnscored)
    }
  }

  @Test func theConfoundOnlyAddsAColumnAndUndatesRenewals() throws {
    let plain = SyntheticBook(configuration: SyntheticBookConfiguration(accounts: 30, seed: 3))
    var configuration = SyntheticBookConfiguration(accounts: 30, seed: 3)
    configuration.calendarConfound = true
    let confounded = SyntheticBook(configuration: configuration)
    var plainText = "", confoundedText = ""
    plain.writeSnapshotsCSV { plainText += String(decoding: $0, as: UTF8.self) }
    confounded.writeSnapshotsCSV { confoundedText += String(decoding: $0, as: UTF8.self) }
    let plainLines = plainText.split(separator: "\n"), confoundedLines = confoundedText.split(separator: "\n")
    #expect(plainLines.count == confoundedLines.count)
    for (a, b) in zip(plainLines, confoundedLines) { #expect(b.hasPrefix(a + ",")) }
    for line in confounded.outcomesCSV().split(separator: "\n").dropFirst() where line.contains(",renewed,") {
      #expect(line.contains(",renewed,,"))
    }
  }
}

/// `compare` on the confounded book: both audits run the landmark design,
/// pairs are (account, landmark) observations and the bootstrap resamples
/// accounts.
@Suite struct LandmarkComparisonTests {
  @Test func comparingAModelWithItselfChangesNothing() throws {
    let (table, outcomes) = try CalendarConfoundTests.book(confound: true)
    let scorer = try Scorer(model: Presets.chs4, table: table, modelSource: "m")
    let audit = Audit(scorer: scorer, outcomes: outcomes, configuration: CalendarConfoundTests.configuration(.auto))
    let comparison = ModelComparison(baseline: audit, candidate: audit, bootstrapReplicates: 50, seed: 1)
    #expect(comparison.design == .landmark)
    #expect(comparison.bandChanges.isEmpty)
    for (h, result) in audit.horizons.enumerated() {
      let paired = comparison.horizons[h]
      #expect(paired.scoredByBoth == result.accounts.count)
      #expect(paired.baseline.rocAUC == result.overall.rocAUC)
      #expect(paired.baseline.falseAlarmRate.value == result.overall.falseAlarmRate.value)
      #expect(paired.rocAUCDifference?.estimate == 0)
      #expect(paired.rocAUCDifference?.probabilityPositive == 0.5)
    }
  }
}
