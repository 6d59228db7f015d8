import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

@Suite struct CandidateEvaluatorTests {
  /// The evaluator's contract, computed the slow and obvious way: each row
  /// scored by ``SubScoreMatrix/score(row:weights:)``, then counted.
  static func reference(_ training: TrainingSet, weights: [Double], bands: Bands) -> [CandidateMetrics] {
    training.horizons.map { sample in
      var metrics = CandidateMetrics()
      for i in 0..<sample.count {
        guard let score = sample.matrix.score(row: i, weights: weights) else { continue }
        let green = score >= bands.greenAtOrAbove ? 1 : 0, red = score < bands.redBelow ? 1 : 0
        if sample.isChurned[i] {
          metrics.churned += 1; metrics.greenChurned += green; metrics.redChurned += red
        } else {
          metrics.renewed += 1; metrics.greenRenewed += Double(green); metrics.redRenewed += Double(red)
        }
      }
      return metrics
    }
  }

  /// Random books: three components of random signals, sub-scores that land
  /// exactly on the band cut-offs, and (with `renormalize`) missing cells.
  static func training(seed: UInt64, missing: MissingPolicy) throws -> TrainingSet {
    var generator = SeededGenerator(seed: seed)
    var csv = "account_id,as_of,a,b,c\n"
    var outcomes: [(String, Bool)] = []
    for i in 0..<300 {
      let cell = { (g: inout SeededGenerator) -> String in
        let u = g.nextUnit()
        if u < 0.1 { return "" }
        if u < 0.3 { return ["0.5", "0.7", "0.25", "1", "0"][g.nextInt(below: 5)] }
        return "\(g.nextUnit())"
      }
      csv += "A\(i),2025-03-01,\(cell(&generator)),\(cell(&generator)),\(cell(&generator))\n"
      outcomes.append(("A\(i)", generator.nextUnit() < 0.3))
    }
    let table = try TestData.table(csv)
    let model = HealthModel(
      name: "abc",
      components: ["a", "b", "c"].map { Component(name: $0, weight: 1, signals: [Signal(column: $0, transform: .linear(low: 0, high: 1))]) },
      missing: missing, bands: Bands(redBelow: 50, greenAtOrAbove: 70))
    let date = CalendarDate(iso: "2025-04-01")!
    let scorer = try Scorer(model: model, table: table, modelSource: "abc")
    let list = outcomes.map { Outcome(account: table.accountIndex(of: $0.0)!, kind: $0.1 ? .churned : .renewed, date: date) }
    var configuration = RunSettings()
    configuration.horizons = [30, 20]
    return TrainingSet(scorer: scorer, outcomes: list, configuration: configuration)
  }

  @Test(arguments: [MissingPolicy.neutral, .zero, .renormalize])
  func countsMatchTheAuditsScoresExactly(missing: MissingPolicy) throws {
    var generator = SeededGenerator(seed: 99)
    for seed in 1...5 as ClosedRange<UInt64> {
      let training = try Self.training(seed: seed, missing: missing)
      let evaluator = CandidateEvaluator(training: training)
      var scratch = evaluator.makeScratch()
      var weightings: [[Double]] = [[1, 0, 0], [0, 0, 0], [35, 35, 30], [70, 15, 15], [5, 90, 5]]
      for _ in 0..<200 { weightings.append((0..<3).map { _ in Double(generator.nextInt(below: 21) * 5) }) }
      let bandSets = [Bands(redBelow: 50, greenAtOrAbove: 70), Bands(redBelow: 25, greenAtOrAbove: 25), Bands(redBelow: 0, greenAtOrAbove: 100), Bands(redBelow: 33.3, greenAtOrAbove: 66.7)]
      for weights in weightings {
        for bands in bandSets {
          for includesAUC in [false, true] {
            weights.withUnsafeBufferPointer { evaluator.evaluate(weights: $0, bands: bands, includesAUC: includesAUC, scratch: &scratch) }
            for (h, expected) in Self.reference(training, weights: weights, bands: bands).enumerated() {
              var got = scratch.metrics[h]
              #expect((got.auc != nil) == (includesAUC && expected.churned > 0 && expected.renewed > 0))
              got.auc = nil
              #expect(got == expected, "weights \(weights), bands \(bands), horizon \(h)")
            }
          }
        }
      }
    }
  }

  @Test(arguments: [MissingPolicy.neutral, .renormalize])
  func blockCountsMatchOneCandidateAtATime(missing: MissingPolicy) throws {
    var generator = SeededGenerator(seed: 7)
    let training = try Self.training(seed: 11, missing: missing)
    let evaluator = CandidateEvaluator(training: training)
    var scratch = evaluator.makeScratch()
    let bands = Bands(redBelow: 50, greenAtOrAbove: 70)
    for size in [1, 3, 16] {
      let weightings = (0..<size).map { _ in (0..<3).map { _ in Double(generator.nextInt(below: 21) * 5) } }
      let flat = weightings.flatMap { $0 }
      let counts = UnsafeMutableBufferPointer<CandidateMetrics>.allocate(capacity: size * 2)
      defer { counts.deallocate() }
      counts.initialize(repeating: CandidateMetrics())
      flat.withUnsafeBufferPointer { evaluator.countBands(weights: $0, count: size, bands: bands, into: counts, scratch: &scratch) }
      for (b, weights) in weightings.enumerated() {
        for (h, expected) in Self.reference(training, weights: weights, bands: bands).enumerated() {
          #expect(counts[b * 2 + h] == expected, "weights \(weights), horizon \(h)")
        }
      }
    }
  }

  @Test func smallestNumeratorIsTheExactCutOff() {
    var generator = SeededGenerator(seed: 5)
    for _ in 0..<10_000 {
      let denominator = Double(1 + generator.nextInt(below: 100)) * (generator.nextUnit() < 0.5 ? 1 : 0.1)
      let threshold = Double(generator.nextInt(below: 1001)) / 10
      let cut = CandidateEvaluator.smallestNumerator(reaching: threshold, over: denominator)
      guard threshold > 0 else {
        #expect(cut == -.infinity)
        continue
      }
      #expect(cut / denominator >= threshold)
      #expect(cut.nextDown / denominator < threshold)
    }
  }

  @Test func aucOfAPerfectSeparationIsOne() throws {
    let training = TrainingSet(scorer: PlantedBook.planted.scorer, outcomes: PlantedBook.planted.outcomes, configuration: PlantedBook.configuration(.auc).audit)
    let evaluator = CandidateEvaluator(training: training)
    var scratch = evaluator.makeScratch()
    [100.0, 0, 0].withUnsafeBufferPointer { evaluator.evaluate(weights: $0, bands: Bands(redBelow: 40, greenAtOrAbove: 60), scratch: &scratch) }
    #expect(scratch.metrics[0].auc == 1)
  }
}
