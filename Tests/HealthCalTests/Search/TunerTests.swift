import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

@Suite struct TunerTests {
  @Test func aucSearchFindsThePlantedComponent() throws {
    let result = try Tuner(scorer: PlantedBook.planted.scorer, outcomes: PlantedBook.planted.outcomes, configuration: PlantedBook.configuration(.auc)).run()
    // Any weighting dominated by `a` separates perfectly; among those ties the
    // search prefers the smallest move from the current 33/33/33.
    #expect(result.tunedModel.components[0].weight >= 80)
    #expect(result.search.method == .lattice(points: 66))
    #expect(result.inSample.tuned[0].rocAUC == 1)
    #expect(result.outOfSample.tuned[0].rocAUC == 1)
    #expect(result.isSignificant)
    #expect(result.foldWeights.allSatisfy { $0[0] >= 80 })
  }

  @Test func greenChurnSearchBeatsTheCurrentWeightsWithinTheBudget() throws {
    let result = try Tuner(scorer: PlantedBook.planted.scorer, outcomes: PlantedBook.planted.outcomes, configuration: PlantedBook.configuration(.greenChurn)).run()
    let before = result.inSample.current[0], after = result.inSample.tuned[0]
    #expect(after.greenChurn.value! < before.greenChurn.value!)
    let nonGreen = { (m: GroupMetrics) in m.coverage.scored - m.bandCounts[.green]!.churned - m.bandCounts[.green]!.renewed }
    #expect(nonGreen(after) <= nonGreen(before))
  }

  @Test func oneThreadAndTwoThreadsGiveIdenticalResults() throws {
    let one = try Tuner(scorer: PlantedBook.planted.scorer, outcomes: PlantedBook.planted.outcomes, configuration: PlantedBook.configuration(.greenChurn, threads: 1)).run()
    let two = try Tuner(scorer: PlantedBook.planted.scorer, outcomes: PlantedBook.planted.outcomes, configuration: PlantedBook.configuration(.greenChurn, threads: 2)).run()
    #expect(one.search == two.search)
    #expect(one.tunedModel == two.tunedModel)
    #expect(CalibrationRecord.summary(of: one) == CalibrationRecord.summary(of: two))
    #expect(CalibrationRecord.metrics(of: one) == CalibrationRecord.metrics(of: two))
    #expect(one.tunedModel == two.tunedModel)
  }

  @Test func randomSearchWithRefinementReachesTheLatticeOptimum() throws {
    var configuration = PlantedBook.configuration(.auc)
    configuration.step = 5
    configuration.search.maxLatticePoints = 10
    configuration.search.randomSamples = 40
    let result = try Tuner(scorer: PlantedBook.planted.scorer, outcomes: PlantedBook.planted.outcomes, configuration: configuration).run()
    guard case .random(let points, let samples, _) = result.search.method else {
      Issue.record("expected a random search, got \(result.search.method)")
      return
    }
    #expect(points == 231)
    #expect(samples == 40)
    #expect(result.tunedModel.components[0].weight >= 80)
    #expect(result.inSample.tuned[0].rocAUC == 1)
  }

  @Test func recallAtFalseAlarmRefitsTheFlagThreshold() throws {
    var configuration = PlantedBook.configuration(.recallAtFalseAlarm)
    configuration.falseAlarmLimit = 0.05
    let result = try Tuner(scorer: PlantedBook.planted.scorer, outcomes: PlantedBook.planted.outcomes, configuration: configuration).run()
    let m = result.inSample.tuned[0]
    #expect(m.falseAlarmRate.value! <= 0.05)
    #expect(m.atRiskRecall.value! == 1)
  }

  @Test func shuffledOutcomesShowNoSignificantGain() throws {
    var generator = SeededGenerator(seed: 8)
    var outcomes = PlantedBook.planted.outcomes
    var kinds = outcomes.map(\.kind)
    for i in stride(from: kinds.count - 1, to: 0, by: -1) { kinds.swapAt(i, generator.nextInt(below: i + 1)) }
    for i in outcomes.indices { outcomes[i].kind = kinds[i] }
    let result = try Tuner(scorer: PlantedBook.planted.scorer, outcomes: outcomes, configuration: PlantedBook.configuration(.auc)).run()
    #expect(!result.isSignificant)
    #expect(result.recommendation.hasPrefix("Keep the current weights"))
  }

  @Test func foldsNeverLeakAnAccountIntoItsOwnTraining() throws {
    let training = TrainingSet(scorer: PlantedBook.planted.scorer, outcomes: PlantedBook.planted.outcomes, configuration: PlantedBook.configuration(.auc).audit)
    let folds = FoldAssignment.stratified(PlantedBook.planted.outcomes, folds: 4, seed: 1)
    var tested = Set<Int>()
    for fold in 0..<4 {
      let train = Set(training.filter { account, _ in folds[account] != fold }.horizons[0].accounts)
      let test = Set(training.filter { account, _ in folds[account] == fold }.horizons[0].accounts)
      #expect(train.isDisjoint(with: test))
      #expect(tested.isDisjoint(with: test))
      tested.formUnion(test)
    }
    #expect(tested.count == 400)
  }

  @Test func tooFewChurnedIsAClearError() throws {
    let outcomes = PlantedBook.planted.outcomes.map { Outcome(account: $0.account, kind: .renewed, date: $0.date) }
    #expect(throws: SearchError.tooFewChurned(found: 0, needed: 10)) {
      try Tuner(scorer: PlantedBook.planted.scorer, outcomes: outcomes, configuration: PlantedBook.configuration(.auc)).run()
    }
  }

  @Test func perSegmentTuningGivesEachSegmentTheSignalThatSeparatesIt() throws {
    // Segment S churners are separated by `a`, segment E churners by `b`.
    var generator = SeededGenerator(seed: 55)
    var csv = "account_id,as_of,segment,a,b,c\n"
    var churned: [Bool] = []
    for i in 0..<800 {
      let isChurned = i % 4 == 0, isS = i < 400
      churned.append(isChurned)
      let informative = isChurned ? 0.1 + 0.3 * generator.nextUnit() : 0.5 + 0.5 * generator.nextUnit()
      let noise = generator.nextUnit()
      csv += "A\(1000 + i),2025-03-01,\(isS ? "S" : "E"),\(isS ? informative : noise),\(isS ? noise : informative),\(generator.nextUnit())\n"
    }
    let table = try TestData.table(csv)
    let model = HealthModel(name: "abc", components: ["a", "b", "c"].map { name in
      Component(name: name, weight: 100.0 / 3, signals: [Signal(column: name, transform: .linear(low: 0, high: 1))])
    }, bands: Bands(redBelow: 40, greenAtOrAbove: 60))
    let date = CalendarDate(iso: "2025-04-01")!
    let outcomes = (0..<800).map { Outcome(account: table.accountIndex(of: "A\(1000 + $0)")!, kind: churned[$0] ? .churned : .renewed, date: date) }
    var configuration = PlantedBook.configuration(.auc)
    configuration.perSegment = true
    let result = try Tuner(scorer: try Scorer(model: model, table: table, modelSource: "abc"), outcomes: outcomes, configuration: configuration).run()
    let overrides = Dictionary(uniqueKeysWithValues: result.tunedModel.segments.map { ($0.segment, $0.weights) })
    #expect(overrides["S"]!["a"]! >= 80)
    #expect(overrides["E"]!["b"]! >= 80)
    #expect(result.notes.filter { $0.hasSuffix("tuned its own weights.") }.count == 2)
    #expect(result.outOfSample.tuned[0].rocAUC! > 0.95)
  }
}
