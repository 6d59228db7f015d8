import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

@Suite struct SignalSearchTests {
  /// The planted accounts (``TunerTests/plantedCSV(seed:blankB:)``) with
  /// signals `a` (informative) and `b` (noise, sometimes blank) in component
  /// `usage` at 50/50, and noise `c` in component `other`.
  static let planted: (scorer: Scorer, outcomes: [Outcome]) = {
    let (csv, churned) = PlantedBook.plantedCSV(seed: 34, blankB: 7)
    let table = try! TestData.table(csv)
    let model = HealthModel(
      name: "usage-other",
      components: [
        Component(name: "usage", weight: 50, signals: [
          Signal(column: "a", weight: 1, transform: .linear(low: 0, high: 1)),
          Signal(column: "b", weight: 1, transform: .linear(low: 0, high: 1), missing: .renormalize),
        ]),
        Component(name: "other", weight: 50, signals: [Signal(column: "c", transform: .linear(low: 0, high: 1))]),
      ],
      bands: Bands(redBelow: 40, greenAtOrAbove: 60))
    let date = CalendarDate(iso: "2025-04-01")!
    let outcomes = (0..<400).map { Outcome(account: table.accountIndex(of: "A\(1000 + $0)")!, kind: churned[$0] ? .churned : .renewed, date: date) }
    return (try! Scorer(model: model, table: table, modelSource: "usage-other"), outcomes)
  }()

  static func configuration() -> TuneConfiguration {
    var configuration = PlantedBook.configuration(.auc)
    configuration.tunesSignals = true
    configuration.locked = ["usage", "other"]
    configuration.step = 10
    return configuration
  }

  @Test func theInformativeSignalGainsWeightWithComponentsLocked() throws {
    let result = try Tuner(scorer: Self.planted.scorer, outcomes: Self.planted.outcomes, configuration: Self.configuration()).run()
    let usage = result.tunedModel.components[0]
    #expect(usage.weight == 50)
    #expect(usage.signals[0].weight >= 80)
    #expect(usage.signals[0].weight + usage.signals[1].weight == 100)
    #expect(result.tunedModel.components[1].signals[0].weight == 1)
    #expect(result.outOfSample.tuned[0].rocAUC! > result.outOfSample.current[0].rocAUC!)
    #expect(result.notes.contains { $0.hasPrefix("Signal weights:") && $0.contains("changed in usage") })
  }

  @Test func theTunedModelScoresExactlyAsTheSearchDid() throws {
    let result = try Tuner(scorer: Self.planted.scorer, outcomes: Self.planted.outcomes, configuration: Self.configuration()).run()
    let tuned = try Scorer(model: result.tunedModel, table: Self.planted.scorer.table, modelSource: "tuned")
    let audit = Audit(scorer: tuned, outcomes: Self.planted.outcomes, configuration: Self.configuration().audit)
    let audited = audit.horizons[0].overall
    #expect(audited.rocAUC == result.inSample.tuned[0].rocAUC)
    #expect(audited.greenChurn == result.inSample.tuned[0].greenChurn)
  }

  @Test func reweightingWithTheModelsOwnWeightsChangesNothing() {
    let training = TrainingSet(scorer: Self.planted.scorer, outcomes: Self.planted.outcomes, configuration: Self.configuration().audit)
    let same = training.reweightingSignals([[1, 1], [1]])
    #expect(same.horizons[0].matrix.subScores == training.horizons[0].matrix.subScores)
    #expect(same.horizons[0].matrix.presence == training.horizons[0].matrix.presence)
    // Scaling signal weights changes sub-scores only by rounding.
    let scaled = training.reweightingSignals(ofComponent: 0, to: [50, 50])
    let difference = zip(scaled.horizons[0].matrix.subScores, training.horizons[0].matrix.subScores).map { abs($0 - $1) }.max()!
    #expect(difference < 1e-12)
  }

  @Test func oversizedSignalLatticesAreSkippedWithANote() throws {
    var search = SignalSearch(objective: Objective(kind: .auc, horizonWeights: [1], alertBudgets: [nil]), step: 1, maxLatticePoints: 50)
    search.settings.threads = 1
    let training = TrainingSet(scorer: Self.planted.scorer, outcomes: Self.planted.outcomes, configuration: Self.configuration().audit)
    let space = try SearchSpace(components: ["usage", "other"], current: [50, 50])
    let found = try search.run(training: training, current: [[1, 1], [1]], names: [["a", "b"], ["c"]], space: space, weights: [50, 50], bands: Bands(redBelow: 40, greenAtOrAbove: 60))
    #expect(found.result.skipped == [0])
    #expect(found.result.signalWeights == [[1, 1], [1]])
  }
}
