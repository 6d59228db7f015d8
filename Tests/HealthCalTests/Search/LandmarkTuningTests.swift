import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

/// The weight search on a book built to fool it: renewals undated and a
/// `tenure_days` component that only tracks when accounts were scored.
@Suite struct LandmarkTuningTests {
  static let book: (table: SnapshotTable, outcomes: [Outcome]) = {
    var configuration = SyntheticBookConfiguration(accounts: 500, seed: 11)
    configuration.calendarConfound = true
    let directory = try! TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try! SyntheticBook(configuration: configuration).write(to: directory.path)
    let table = try! SnapshotLoader.load(path: directory.appendingPathComponent("snapshots.csv").path)
    return (table, try! OutcomeLoader.load(path: directory.appendingPathComponent("outcomes.csv").path, snapshots: table))
  }()

  static let scorer = try! Scorer(
    model: try! HealthModel.load(path: TestData.fixture("models/chs-4-tenure.json")), table: book.table, modelSource: "m")

  static func configuration(_ design: DesignChoice, validation: TuneConfiguration.Validation = .kFold(3)) -> TuneConfiguration {
    var configuration = TuneConfiguration()
    configuration.audit.design = design
    configuration.audit.bootstrapReplicates = 200
    configuration.step = 10
    configuration.validation = validation
    return configuration
  }

  static let tenure = 4

  @Test func theDefaultDesignNeverRaisesTheCalendarSignal() throws {
    let result = try Tuner(scorer: Self.scorer, outcomes: Self.book.outcomes, configuration: Self.configuration(.auto)).run()
    #expect(result.plan.design == .landmark)
    #expect(result.tunedModel.components[Self.tenure].weight <= 10)
    #expect(result.foldWeights.allSatisfy { $0[Self.tenure] <= 10 })
    #expect(result.notes.contains { $0.contains("only tracks the calendar: tenure") })
    #expect(!result.shouldAdopt || result.recommendation.contains("leakage in tenure_days"))
    #expect(CalibrationRecord.summary(of: result).serialized(pretty: false).contains("\"recommendation\":\"\(result.shouldAdopt ? "adopt" : "keep")\""))
  }

  @Test func theRenewalDesignLearnsTheCalendarAndIsNotAdopted() throws {
    var configuration = Self.configuration(.renewal)
    configuration.audit.design = .renewal
    let result = try Tuner(scorer: Self.scorer, outcomes: Self.book.outcomes, configuration: configuration).run()
    // The confound at work: the search raises tenure and calls the gain certain...
    #expect(result.tunedModel.components[Self.tenure].weight > 10)
    #expect(result.isSignificant)
    // ...and the verdict refuses it, naming why.
    #expect(!result.shouldAdopt)
    #expect(result.recommendation.hasPrefix("Keep the current weights"))
    #expect(result.recommendation.contains("scored at different dates"))
  }

  @Test func aHoldoutWithNoRenewedAccountsToTrainOnIsRefused() throws {
    // Every renewal is undated, so observed until the end: all of them test.
    let configuration = Self.configuration(.renewal, validation: .holdout(after: CalendarDate(iso: "2026-06-01")!))
    #expect {
      _ = try Tuner(scorer: Self.scorer, outcomes: Self.book.outcomes, configuration: configuration).run()
    } throws: { error in
      guard let error = error as? SearchError, case .degenerateSplit(let message) = error else { return false }
      return message.hasPrefix("the training side of --holdout-after 2026-06-01 has no account that did not churn")
    }
  }

  @Test func theLandmarkHoldoutSplitsByDate() throws {
    let configuration = Self.configuration(.landmark, validation: .holdout(after: CalendarDate(iso: "2026-05-01")!))
    let result = try Tuner(scorer: Self.scorer, outcomes: Self.book.outcomes, configuration: configuration).run()
    #expect(result.plan.design == .landmark)
    #expect(result.outOfSample.current.allSatisfy { $0.coverage.churnedScored > 0 && $0.coverage.renewedScored > 0 })
  }

  /// The evaluator's band counts and AUC are the audit's, weighted the same way.
  @Test func evaluatorAgreesWithTheAuditInTheLandmarkDesign() throws {
    let training = TrainingSet(scorer: Self.scorer, outcomes: Self.book.outcomes, configuration: Self.configuration(.landmark).audit)
    let evaluator = CandidateEvaluator(training: training)
    var scratch = evaluator.makeScratch()
    let weights = [30.0, 20, 20, 20, 10]
    let bands = Self.scorer.model.bands
    weights.withUnsafeBufferPointer { evaluator.evaluate(weights: $0, bands: bands, scratch: &scratch) }
    let audited = FittedModel(weights: weights, bands: bands).score(training)
    for (h, observations) in audited.enumerated() {
      var coverage = Coverage()
      for observation in observations { coverage.addScored(isChurned: observation.isChurned) }
      let m = GroupMetrics(group: "all", accounts: observations, coverage: coverage, atRisk: .amber, bootstrapReplicates: 0, seed: 1)
      let candidate = scratch.metrics[h]
      #expect(candidate.churned == m.greenChurn.denominator)
      #expect(candidate.greenChurned == m.greenChurn.numerator)
      #expect(abs(candidate.nonGreenRate! - m.nonGreenRate.value!) < 1e-12)
      #expect(abs(candidate.falseAlarmRate(.amber)! - m.falseAlarmRate.value!) < 1e-12)
      // Histogram buckets are 0.05 points wide: the counting AUC is within a hair of the exact one.
      #expect(abs(candidate.auc! - m.rocAUC!) < 0.002)
    }
  }
}
