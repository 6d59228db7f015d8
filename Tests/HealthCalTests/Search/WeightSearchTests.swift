import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal

@Suite struct WeightSearchTests {
  /// Skipping the AUC of candidates whose loss is already beaten must not
  /// change which candidate ranks first, for any thread count.
  @Test(arguments: [1, 2, 3])
  func lazyRankingPicksTheSameWinnerAsFullRanking(threads: Int) throws {
    let training = TrainingSet(scorer: PlantedBook.planted.scorer, outcomes: PlantedBook.planted.outcomes, configuration: PlantedBook.configuration(.greenChurn).audit)
    let space = try SearchSpace(components: ["a", "b", "c"], current: [1, 1, 1], step: 5)
    let objective = Objective(kind: .greenChurn, horizonWeights: [1], alertBudgets: [0.6])
    var settings = WeightSearch.Settings()
    settings.threads = threads
    let search = WeightSearch(evaluator: CandidateEvaluator(training: training), objective: objective, space: space, settings: settings)
    let lattice = WeightLattice(space: space).points
    let weightings = (0..<(lattice.count / 3)).map { i in (0..<3).map { Double(lattice[i * 3 + $0]) } }
    let best = { (candidates: [WeightSearch.Candidate?]) in
      candidates.compactMap { $0 }.min { $0.ranks(before: $1) }
    }
    let lazy = search.evaluate(weightings, bands: Bands(redBelow: 40, greenAtOrAbove: 60))
    let full = search.evaluate(weightings, bands: Bands(redBelow: 40, greenAtOrAbove: 60), ranksEveryCandidate: true)
    #expect(best(lazy) == best(full))
    #expect(lazy.map { $0?.loss } == full.map { $0?.loss })
    #expect(lazy.contains { $0?.meanAUC == -.infinity })
  }
}
