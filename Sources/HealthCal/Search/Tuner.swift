/// The quarterly recalibration: searches weights (and optionally bands and
/// per-segment weights) that would have caught churn earlier, and measures
/// the gain on accounts the search never saw.
public struct Tuner: Sendable {
  /// The current model bound to the data.
  public let scorer: Scorer
  /// The outcomes.
  public let outcomes: [Outcome]
  /// The run's settings.
  public let configuration: TuneConfiguration

  /// Creates a tuner.
  public init(scorer: Scorer, outcomes: [Outcome], configuration: TuneConfiguration) {
    self.scorer = scorer
    self.outcomes = outcomes
    self.configuration = configuration
  }

  /// The current model as a fit: its own weights, bands and overrides.
  public var currentFit: FittedModel {
    let model = scorer.model
    var segments: [Int32: FittedModel.SegmentFit] = [:]
    for (index, name) in scorer.table.segments.enumerated() where model.segments.contains(where: { $0.segment == name }) {
      segments[Int32(index)] = FittedModel.SegmentFit(weights: model.weights(forSegment: name), bands: model.bands(forSegment: name))
    }
    return FittedModel(weights: model.weights(forSegment: nil), bands: model.bands, segments: segments)
  }

  /// Runs the search on all the data (or the training side of a holdout),
  /// validates it out of sample, and compares it with the current model.
  /// - Parameter progress: called between batches of the main search.
  /// - Throws: ``SearchError`` when the space is empty or too few accounts churned.
  public func run(progress: ((WeightSearch.Progress) -> Void)? = nil) throws(SearchError) -> TuneResult {
    let training = TrainingSet(scorer: scorer, outcomes: outcomes, configuration: configuration.audit)
    guard training.minimumChurned >= configuration.minimumChurned else {
      throw .tooFewChurned(found: training.minimumChurned, needed: configuration.minimumChurned)
    }
    let current = currentFit
    var notes: [String] = []
    let capped = guardedBounds(leaking: training.plan.warnings).capped
    if !capped.isEmpty {
      notes.append("Held at or below their current weight, because the leakage screen names a signal in them that only tracks the calendar: \(capped.joined(separator: ", ")).")
    }
    if !scorer.model.segments.isEmpty, !configuration.perSegment {
      notes.append("The current model's segment overrides are not tuned without --per-segment; the tuned model uses one set of weights for every segment.")
    }

    let inSampleTraining: TrainingSet
    let outOfSample: (current: [[ScoredAccount]], tuned: [[ScoredAccount]])
    var foldWeights: [[Double]] = []
    let final: Fit
    switch configuration.validation {
    case .kFold(let k):
      final = try fit(training, progress: progress, notes: &notes)
      inSampleTraining = training
      let folds = FoldAssignment.stratified(outcomes, folds: k, seed: configuration.search.seed)
      var tunedScores = [[ScoredAccount]](repeating: [], count: training.horizons.count)
      var currentScores = tunedScores
      for fold in 0..<k {
        let train = training.filter { account, _ in folds[account] != fold }
        let test = training.filter { account, _ in folds[account] == fold }
        try Self.checkSplit(train, side: "the training side of fold \(fold + 1) of \(k)", hint: "use fewer folds (--folds)")
        try Self.checkSplit(test, side: "fold \(fold + 1) of \(k)", hint: "use fewer folds (--folds)")
        var foldNotes: [String] = []
        let foldFit = try fit(train, progress: nil, notes: &foldNotes)
        foldWeights.append(foldFit.model.weights)
        for (h, scored) in foldFit.model.score(test).enumerated() { tunedScores[h] += scored }
        for (h, scored) in current.score(test).enumerated() { currentScores[h] += scored }
      }
      outOfSample = (currentScores.map(Self.sorted), tunedScores.map(Self.sorted))
    case .holdout(let date):
      // Renewal design: accounts by outcome date. Landmark design: observations
      // by landmark date, so training only sees comparisons made before the date.
      let isTest = FoldAssignment.holdout(outcomes, after: date)
      let (train, test) = training.horizons.first?.design == .landmark
        ? (training.filtering { _, _, landmark in landmark < date.daysSinceEpoch }, training.filtering { _, _, landmark in landmark >= date.daysSinceEpoch })
        : (training.filter { account, _ in !(isTest[account] ?? false) }, training.filter { account, _ in isTest[account] ?? false })
      try Self.checkSplit(train, side: "the training side of --holdout-after \(date)", hint: "choose a later date")
      try Self.checkSplit(test, side: "the test side of --holdout-after \(date)", hint: "choose an earlier date")
      guard train.minimumChurned >= configuration.minimumChurned else {
        throw .tooFewChurned(found: train.minimumChurned, needed: configuration.minimumChurned)
      }
      final = try fit(train, progress: progress, notes: &notes)
      inSampleTraining = train
      foldWeights.append(final.model.weights)
      outOfSample = (current.score(test), final.model.score(test))
    }

    let replicates = configuration.audit.bootstrapReplicates
    let seed = configuration.audit.seed
    func metrics(_ scored: [[ScoredAccount]], salt: UInt64) -> [GroupMetrics] {
      scored.enumerated().map { h, accounts in
        var coverage = Coverage()
        for account in accounts { coverage.addScored(isChurned: account.isChurned) }
        return GroupMetrics(
          group: "all", accounts: accounts, coverage: coverage, atRisk: configuration.audit.atRisk,
          bootstrapReplicates: replicates, seed: seed &+ salt &+ UInt64(h) &* 7919)
      }
    }
    let inSampleCurrent = current.score(inSampleTraining)
    let inSampleTuned = final.model.score(inSampleTraining)
    let objective = final.objective
    let improvement = TuneResult.pairedImprovement(
      objective: objective, current: outOfSample.current, tuned: outOfSample.tuned,
      replicates: max(replicates, 200), seed: seed &+ 17)
    return TuneResult(
      configuration: configuration, currentModel: scorer.model,
      tunedModel: final.model.apply(to: scorer.model, segmentNames: scorer.table.segments, segmentColumn: scorer.table.segmentColumn),
      objective: objective, search: final.search, space: final.space,
      inSample: .init(current: metrics(inSampleCurrent, salt: 101), tuned: metrics(inSampleTuned, salt: 202)),
      outOfSample: .init(current: metrics(outOfSample.current, salt: 303), tuned: metrics(outOfSample.tuned, salt: 404)),
      improvement: improvement, foldWeights: foldWeights, notes: notes, plan: training.plan)
  }

  /// One fit: the weights, the bands, the objective it was fitted to, and how the search went.
  struct Fit {
    var model: FittedModel
    var objective: Objective
    var search: WeightSearch.Result
    var space: SearchSpace
  }

  /// Fits weights (then signal weights, bands and per-segment weights) on `training`.
  func fit(_ training: TrainingSet, progress: ((WeightSearch.Progress) -> Void)?, notes: inout [String]) throws(SearchError) -> Fit {
    let global = try fitOne(training, tunesSignals: configuration.tunesSignals, progress: progress, notes: &notes)
    var model = FittedModel(weights: global.weights, bands: global.bands, signalWeights: global.signalWeights)
    if configuration.perSegment {
      for (index, name) in scorer.table.segments.enumerated() {
        var segment = training.filter { _, segment in segment == Int32(index) }
        let churned = segment.minimumChurned
        guard churned >= configuration.minimumChurnedPerSegment else {
          notes.append("Segment \(name): \(churned) churned accounts at the sparsest horizon, fewer than \(configuration.minimumChurnedPerSegment); it keeps the global weights.")
          continue
        }
        if let signalWeights = global.signalWeights { segment = segment.reweightingSignals(signalWeights) }
        var segmentNotes: [String] = []
        // A segment's own weights may not flag more of it than the global
        // fit does, so they can only sharpen the global answer, never buy
        // recall with another segment's workload.
        let fit = try fitOne(segment, tunesSignals: false, budgetReference: (global.weights, global.bands), progress: nil, notes: &segmentNotes)
        guard fit.weights != global.weights || fit.bands != global.bands else {
          notes.append("Segment \(name): \(churned) churned accounts at the sparsest horizon; its best weights are the global ones, so it gets no override.")
          continue
        }
        model.segments[Int32(index)] = FittedModel.SegmentFit(weights: fit.weights, bands: fit.bands)
        notes.append("Segment \(name): \(churned) churned accounts at the sparsest horizon; tuned its own weights.")
      }
    }
    return Fit(model: model, objective: global.objective, search: global.search, space: global.space)
  }

  /// One set of weights, signal weights and bands fitted on `training`.
  private struct OneFit {
    var weights: [Double]
    var signalWeights: [[Double]]?
    var bands: Bands
    var objective: Objective
    var search: WeightSearch.Result
    var space: SearchSpace
  }

  /// - Parameter budgetReference: the weights and bands whose non-green
  ///   share on `training` sets the alert budget, when the user gave none;
  ///   `nil` means the current model's.
  private func fitOne(
    _ training: TrainingSet, tunesSignals: Bool, budgetReference: (weights: [Double], bands: Bands)? = nil, progress: ((WeightSearch.Progress) -> Void)?, notes: inout [String]
  ) throws(SearchError) -> OneFit {
    let model = scorer.model
    let currentBands = model.bands
    let horizons = configuration.audit.horizons
    let currentWeights = model.weights(forSegment: nil)
    // The budget: each horizon's current non-green share on this very data,
    // unless the user set one.
    let evaluator = CandidateEvaluator(training: training)
    var budgets: [Double?] = horizons.map { _ in configuration.alertBudget }
    if configuration.alertBudget == nil {
      let reference = budgetReference ?? (currentWeights, currentBands)
      var scratch = evaluator.makeScratch()
      reference.weights.withUnsafeBufferPointer { evaluator.evaluate(weights: $0, bands: reference.bands, includesAUC: false, scratch: &scratch) }
      budgets = (0..<horizons.count).map { scratch.metrics[$0].nonGreenRate }
    }
    let objective = Objective(
      kind: configuration.objective,
      horizonWeights: configuration.horizonWeights ?? Objective.defaultHorizonWeights(for: horizons),
      alertBudgets: budgets, falseAlarmLimit: configuration.falseAlarmLimit, atRisk: configuration.audit.atRisk)
    let space = try SearchSpace(
      components: model.components.map(\.name), current: currentWeights, step: configuration.step,
      bounds: guardedBounds(leaking: training.plan.warnings).bounds, locked: configuration.locked, maxShift: configuration.maxShift)
    var search = WeightSearch(evaluator: evaluator, objective: objective, space: space, settings: configuration.search)
    let result = search.run(bands: currentBands, progress: progress)
    let weights = result.best.weights

    var tuned = training
    var signalWeights: [[Double]]?
    if tunesSignals {
      let signals = SignalSearch(objective: objective, step: configuration.signalStep, settings: configuration.search)
      let found = try signals.run(
        training: training, current: model.components.map { $0.signals.map(\.weight) },
        names: model.components.map { $0.signals.map(\.column) }, space: space, weights: weights, bands: currentBands)
      tuned = found.training
      signalWeights = found.result.signalWeights
      search = WeightSearch(evaluator: CandidateEvaluator(training: tuned), objective: objective, space: space, settings: configuration.search)
      let changed = found.result.changed.map { model.components[$0].name }
      notes.append("Signal weights: \(found.result.evaluated) weightings evaluated (step \(configuration.signalStep)); " + (changed.isEmpty ? "no component's signals changed." : "changed in \(changed.joined(separator: ", ")).") )
      for c in found.result.skipped {
        notes.append("Signal weights of \(model.components[c].name) were not tuned: its lattice at step \(configuration.signalStep) exceeds \(signals.maxLatticePoints) points; use a larger --signal-step.")
      }
    }

    var bands = currentBands
    switch configuration.objective {
    case .auc:
      let pooled = { (data: TrainingSet, w: [Double]) in data.horizons.flatMap { sample in (0..<sample.count).compactMap { sample.matrix.score(row: $0, weights: w) } } }
      bands = BandFit.matchingShares(of: currentBands, referenceScores: pooled(training, currentWeights), scores: pooled(tuned, weights))
    case .recallAtFalseAlarm:
      var scratch = search.evaluator.makeScratch()
      weights.withUnsafeBufferPointer {
        search.evaluator.evaluate(weights: $0, bands: currentBands, falseAlarmLimit: configuration.falseAlarmLimit, scratch: &scratch)
      }
      if let threshold = scratch.metrics[0].refit?.threshold {
        bands = BandFit.flagging(below: threshold, rule: configuration.audit.atRisk, current: currentBands)
      }
    case .greenChurn:
      if configuration.tunesBands, let fitted = BandFit.search(search, weights: weights, current: currentBands) {
        bands = fitted.bands
      }
    }
    return OneFit(weights: weights, signalWeights: signalWeights, bands: bands, objective: objective, search: result, space: space)
  }

  /// Refuses a split side with no churned or no other observations at
  /// some horizon: its figures would be undefined and its verdict empty.
  private static func checkSplit(_ side: TrainingSet, side name: String, hint: String) throws(SearchError) {
    for horizon in side.horizons {
      let churned = horizon.isChurned.reduce(0) { $0 + ($1 ? 1 : 0) }
      let others = horizon.count - churned
      guard churned > 0, others > 0 else {
        let missing = churned == 0 ? "no churned account" : "no account that did not churn"
        throw .degenerateSplit(
          "\(name) has \(missing) scored at \(horizon.horizon) days (\(churned) churned, \(others) other), so nothing can be compared there; \(hint)")
      }
    }
  }

  /// The search bounds, with every component that holds a signal the
  /// leakage screen named capped at its current weight.
  ///
  /// Such a signal separates churned from other accounts only across dates.
  /// At matched dates it carries nothing, but the green-churn objective's
  /// budget is pooled over landmarks, so a score that moves with the date
  /// can still shift flags from one date to another; and with few churned
  /// accounts the search is free to drift along a direction that carries no
  /// information. Neither is a reason to trust it more, so the search may
  /// lower its weight but never raise it. Returns the capped components' names.
  func guardedBounds(leaking warnings: [EvaluationWarning]) -> (bounds: [String: ClosedRange<Int>], capped: [String]) {
    let leaking = Set(warnings.compactMap(\.column))
    var bounds = configuration.bounds
    var capped: [String] = []
    let weights = scorer.model.weights(forSegment: nil)
    let total = weights.reduce(0, +)
    for (c, component) in scorer.model.components.enumerated() where component.signals.contains(where: { leaking.contains($0.column) }) {
      // In points of 100, as the search space reads the current weights.
      let current = Int((weights[c] * 100 / total).rounded(.down))
      let range = bounds[component.name] ?? 0...100
      bounds[component.name] = range.lowerBound...max(range.lowerBound, min(range.upperBound, current))
      capped.append(component.name)
    }
    return (bounds, capped)
  }

  private static func sorted(_ accounts: [ScoredAccount]) -> [ScoredAccount] {
    accounts.sorted { ($0.account, $0.landmark ?? 0) < ($1.account, $1.landmark ?? 0) }
  }
}
