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

  /// Whether the out-of-sample gain is significant: the 95% interval of the
  /// improvement lies above zero.
  public var isSignificant: Bool {
    guard let improvement else { return false }
    return improvement.lower > 0
  }

  /// The plain-language recommendation.
  public var recommendation: String {
    guard let improvement else {
      return "The out-of-sample gain could not be measured (too few held-out accounts); keep the current weights."
    }
    if isSignificant {
      return "Adopt the tuned weights: out of sample they improve the objective by \(NumberFormat.fixed(improvement.estimate, digits: 4)) (95% CI \(NumberFormat.fixed(improvement.lower, digits: 4)) to \(NumberFormat.fixed(improvement.upper, digits: 4)); better in \(NumberFormat.percent(improvement.probabilityPositive)) of resamples)."
    }
    return "Keep the current weights: the out-of-sample gain of \(NumberFormat.fixed(improvement.estimate, digits: 4)) is not significant (95% CI \(NumberFormat.fixed(improvement.lower, digits: 4)) to \(NumberFormat.fixed(improvement.upper, digits: 4)) includes zero; better in \(NumberFormat.percent(improvement.probabilityPositive)) of resamples)."
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
    }
    var horizons: [Horizon] = []
    for h in current.indices {
      let tunedByAccount = Dictionary(uniqueKeysWithValues: tuned[h].map { ($0.account, $0) })
      let pairs = current[h].compactMap { c in tunedByAccount[c.account].map { (c, $0) } }
      let models = [pairs.map(\.0), pairs.map(\.1)]
      horizons.append(Horizon(
        members: pairs.map { index[$0.0.account]! }, isChurned: pairs.map(\.0.isChurned),
        green: models.map { $0.map { $0.band == .green } },
        flagged: models.map { $0.map { objective.atRisk.isAtRisk($0.band) } },
        ranked: models.map { scored in RankedScores(risk: scored.map { 100 - $0.score }, isChurned: scored.map(\.isChurned)) }))
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
          term = weights.withUnsafeBufferPointer {
            WeightedMetrics.rocAUC(ranked: horizon.ranked[model], isChurned: horizon.isChurned, multiplicities: $0).map { -$0 }
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
