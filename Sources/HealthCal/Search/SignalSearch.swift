/// Tunes the signal weights inside each component with the component weights
/// held fixed (`--tune signals`).
///
/// It runs after the component search, one component at a time in model
/// order (one pass of coordinate descent): every point of that component's
/// signal lattice (0–100 in steps of ``step``) is scored with the objective,
/// the components before it already tuned. A component keeps its current
/// signal weights unless a lattice point ranks strictly ahead of them (lower
/// loss, or equal loss and higher AUC; ranked like ``WeightSearch`` with the
/// move measured on the signal weights). Components with no weight, a single signal,
/// or a lattice larger than ``maxLatticePoints`` are left as they are.
package struct SignalSearch: Sendable {
  /// What one run changed.
  package struct Result: Hashable, Sendable {
    /// Per component, per signal: the weights to use, on 0–100 where tuned,
    /// otherwise the model's own.
    package var signalWeights: [[Double]]
    /// Components whose signal weights changed, in model order.
    package var changed: [Int]
    /// Components skipped because their lattice exceeds ``maxLatticePoints``.
    package var skipped: [Int]
    /// Signal weightings evaluated, over all components.
    package var evaluated: Int
  }

  /// The objective the component search used.
  package var objective: Objective
  /// Lattice step in signal-weight points (must divide 100).
  package var step: Int
  /// The largest signal lattice searched for one component.
  package var maxLatticePoints: Int
  /// Search settings (threads) for the component-weight evaluations.
  package var settings: WeightSearch.Settings

  /// Creates a signal search.
  package init(objective: Objective, step: Int = 10, maxLatticePoints: Int = 5_000, settings: WeightSearch.Settings = .init()) {
    self.objective = objective
    self.step = step
    self.maxLatticePoints = maxLatticePoints
    self.settings = settings
  }

  /// Searches signal weights for every eligible component.
  /// - Parameters:
  ///   - training: the data, with the model's signal weights.
  ///   - current: the model's signal weights, per component.
  ///   - names: the signal columns, per component (for the lattice's space).
  ///   - space: the component-weight space the weights came from.
  ///   - weights: the tuned component weights, held fixed.
  /// - Returns: the chosen signal weights and `training` re-weighted with them.
  /// - Throws: ``SearchError/invalidStep(_:)`` when `step` does not divide 100.
  package func run(
    training: TrainingSet, current: [[Double]], names: [[String]], space: SearchSpace, weights: [Double], bands: Bands
  ) throws(SearchError) -> (result: Result, training: TrainingSet) {
    var data = training
    var signalWeights = current
    var changed: [Int] = []
    var skipped: [Int] = []
    var evaluated = 0
    for c in current.indices where weights[c] > 0 && current[c].count > 1 {
      let signalSpace = try SearchSpace(components: names[c], current: current[c], step: step)
      let lattice = WeightLattice(space: signalSpace)
      guard lattice.count <= maxLatticePoints else {
        skipped.append(c)
        continue
      }
      func rank(_ candidate: [Double]) -> (candidate: WeightSearch.Candidate, signals: [Double])? {
        let reweighted = data.reweightingSignals(ofComponent: c, to: candidate)
        let search = WeightSearch(evaluator: CandidateEvaluator(training: reweighted), objective: objective, space: space, settings: settings)
        guard var scored = search.evaluate([weights], bands: bands)[0] else { return nil }
        scored.shift = zip(candidate, signalSpace.current).reduce(0) { $0 + abs($1.0 - $1.1) }
        scored.weights = candidate
        return (scored, candidate)
      }
      var best = rank(signalSpace.current)
      evaluated += 1
      var improved = false
      lattice.forEach { point in
        evaluated += 1
        guard let candidate = rank(point.map(Double.init)) else { return }
        if let incumbent = best, !candidate.candidate.ranks(before: incumbent.candidate) { return }
        best = candidate
        improved = true
      }
      guard improved, let best else { continue }
      signalWeights[c] = best.signals
      data = data.reweightingSignals(ofComponent: c, to: best.signals)
      changed.append(c)
    }
    return (Result(signalWeights: signalWeights, changed: changed, skipped: skipped, evaluated: evaluated), data)
  }
}
