import HealthCalFormats

/// What a recalibration found: the tuned model, how the search ran, and the
/// current and tuned models side by side in and out of sample, with a paired
/// bootstrap of the out-of-sample gain.
public struct TuneResult: Sendable {
  /// Per-horizon metrics of both models on one set of accounts.
  public struct Comparison: Sendable {
    /// The current model, per horizon.
    public var current: [GroupMetrics]
    /// The tuned model, per horizon.
    public var tuned: [GroupMetrics]
  }

  /// The settings used.
  public var configuration: TuneConfiguration
  /// The model before tuning.
  public var currentModel: HealthModel
  /// The model after tuning (no calibration block yet).
  public var tunedModel: HealthModel
  /// The objective, with the budgets of the final fit.
  public var objective: Objective
  /// The final search.
  public var search: WeightSearch.Result
  /// The searched space.
  public var space: SearchSpace
  /// Both models on the accounts the final model was fitted to.
  public var inSample: Comparison
  /// Both models on held-out accounts: pooled cross-validation folds, or the holdout.
  public var outOfSample: Comparison
  /// Out-of-sample objective of current minus tuned (positive: tuned is better), paired bootstrap.
  public var improvement: PairedBootstrap?
  /// The weights each fold chose (one entry for a holdout): how stable the answer is.
  public var foldWeights: [[Double]]
  /// Things the user should know (segment fallbacks, dropped overrides).
  public var notes: [String]
  /// The design the search and its validation ran on, why, and the
  /// calendar and leakage warnings.
  public var plan: TrainingSet.PlanSummary

  /// Whether the out-of-sample gain is significant: the 95% interval of the
  /// improvement lies above zero.
  public var isSignificant: Bool {
    guard let improvement else { return false }
    return improvement.lower > 0
  }

  /// Whether to adopt the tuned weights: only when the out-of-sample gain
  /// is significant and no warning undermines it. A calendar warning under
  /// the renewal design means every comparison the gain rests on is
  /// confounded; a leakage warning on a signal of a component whose weight
  /// the search raised means the gain may be the calendar's.
  public var shouldAdopt: Bool { isSignificant && blockingWarnings.isEmpty }

  /// The warnings that stop an adoption (see ``shouldAdopt``).
  public var blockingWarnings: [EvaluationWarning] {
    plan.warnings.filter { warning in
      switch warning.kind {
      case .calendar:
        return plan.design == .renewal
      case .leakage:
        return raisedComponents.contains { component in component.signals.contains { $0.column == warning.column } }
      }
    }
  }

  /// Components whose weight the tuned model raised.
  private var raisedComponents: [Component] {
    zip(currentModel.components, tunedModel.components).filter { $1.weight > $0.weight }.map(\.1)
  }

  /// The plain-language recommendation; it names every warning that stands.
  public var recommendation: String {
    guard let improvement else {
      return "The out-of-sample gain could not be measured (too few held-out accounts); keep the current weights."
    }
    let ci = "95% CI \(NumberFormat.fixed(improvement.lower, digits: 4)) to \(NumberFormat.fixed(improvement.upper, digits: 4))"
    let better = "better in \(NumberFormat.percent(improvement.probabilityPositive)) of resamples"
    let interval = "\(ci); \(better)"
    let named = Self.distinct(plan.warnings.map { $0.column.map { "leakage in \($0)" } ?? "calendar" })
    if shouldAdopt {
      let caveat = named.isEmpty ? "" : " Warnings stand (\(named.joined(separator: ", "))): the gain was measured on the \(plan.design.rawValue) design; read them before adopting."
      return "Adopt the tuned weights: out of sample, \(objective.gainInWords(improvement.estimate)) (objective gain \(NumberFormat.fixed(improvement.estimate, digits: 4)), \(interval)).\(caveat)"
    }
    if isSignificant {
      let reasons = Self.distinct(blockingWarnings.map { $0.column.map { "the tuned weights raise a component holding \($0), a signal that only tracks the calendar" } ?? "churned and other accounts were scored at different dates, so the gain may be the calendar's (run with --design landmark)" })
      return "Keep the current weights: out of sample, \(objective.gainInWords(improvement.estimate)) (objective gain \(NumberFormat.fixed(improvement.estimate, digits: 4)), \(interval)), but that cannot be trusted: \(reasons.joined(separator: "; "))."
    }
    return "Keep the current weights: out of sample, \(objective.gainInWords(improvement.estimate)), but that is not significant (objective gain \(NumberFormat.fixed(improvement.estimate, digits: 4)), \(ci) includes zero; \(better))."
  }

  /// Each value once, in first-seen order (a signal is named at every horizon).
  private static func distinct(_ values: [String]) -> [String] {
    var seen = Set<String>()
    return values.filter { seen.insert($0).inserted }
  }

  /// The paired bootstrap of the objective's out-of-sample loss, current
  /// minus tuned, over the accounts scored by both models at each horizon.
  ///
  /// Accounts are resampled once per replicate across all horizons, so an
  /// account's 90-, 60- and 30-day scores move together, as they should.
  static func pairedImprovement(
    objective: Objective, current: [[ScoredAccount]], tuned: [[ScoredAccount]], replicates: Int, seed: UInt64
  ) -> PairedBootstrap? {
    var index: [Int: Int] = [:]
    for accounts in current + tuned {
      for account in accounts where index[account.account] == nil { index[account.account] = index.count }
    }
    struct Horizon: Sendable {
      var members: [Int]
      var isChurned: [Bool]
      var green: [[Bool]]
      var flagged: [[Bool]]
      var ranked: [RankedScores]
      /// The landmark design's within-landmark AUC per model, `nil` in the renewal design.
      var concordance: [LandmarkConcordance]?
    }
    var horizons: [Horizon] = []
    for h in current.indices {
      // One observation per account, or per account and landmark.
      struct Key: Hashable { var account: Int, landmark: Int? }
      let tunedByObservation = Dictionary(uniqueKeysWithValues: tuned[h].map { (Key(account: $0.account, landmark: $0.landmark), $0) })
      let pairs = current[h].compactMap { c in tunedByObservation[Key(account: c.account, landmark: c.landmark)].map { (c, $0) } }
      let models = [pairs.map(\.0), pairs.map(\.1)]
      let isLandmark = pairs.contains { $0.0.landmark != nil }
      horizons.append(Horizon(
        members: pairs.map { index[$0.0.account]! }, isChurned: pairs.map(\.0.isChurned),
        green: models.map { $0.map { $0.band == .green } },
        flagged: models.map { $0.map { objective.atRisk.isAtRisk($0.band) } },
        ranked: models.map { scored in RankedScores(risk: scored.map { 100 - $0.score }, isChurned: scored.map(\.isChurned)) },
        concordance: isLandmark ? models.map { scored in
          LandmarkConcordance(risk: scored.map { 100 - $0.score }, isChurned: scored.map(\.isChurned), landmarks: scored.map { $0.landmark ?? 0 })
        } : nil))
    }
    let frozen = horizons
    return PairedBootstrap.run(accounts: index.count, replicates: replicates, seed: seed) { multiplicities, isCandidate in
      // The statistic is minus the loss, so candidate − baseline is the
      // current loss minus the tuned loss: positive when tuned is better.
      var loss = 0.0
      for (h, horizon) in frozen.enumerated() {
        let weights = horizon.members.map { multiplicities[$0] }
        let model = isCandidate ? 1 : 0
        let term: Double?
        switch objective.kind {
        case .greenChurn:
          term = weights.withUnsafeBufferPointer {
            WeightedMetrics.rate(numerator: zip(horizon.green[model], horizon.isChurned).map { $0 && $1 }, denominator: horizon.isChurned, multiplicities: $0)
          }
        case .auc:
          term = weights.withUnsafeBufferPointer { multiplicities in
            let auc = horizon.concordance.map { $0[model].auc(multiplicity: multiplicities) }
              ?? WeightedMetrics.rocAUC(ranked: horizon.ranked[model], isChurned: horizon.isChurned, multiplicities: multiplicities)
            return auc.map { -$0 }
          }
        case .recallAtFalseAlarm:
          term = weights.withUnsafeBufferPointer {
            WeightedMetrics.rate(numerator: zip(horizon.flagged[model], horizon.isChurned).map { $0 && $1 }, denominator: horizon.isChurned, multiplicities: $0).map { -$0 }
          }
        }
        guard let term else { return nil }
        loss += objective.horizonWeights[h] * term
      }
      return -loss
    }
  }
}
