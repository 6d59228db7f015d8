import HealthCalFormats

/// The accounts a weight search learns from: for each horizon, the snapshots
/// the audit would score (one per account in the renewal design, one per
/// account and landmark in the landmark design), as a dense sub-score
/// matrix with outcome labels.
///
/// Built once; every candidate weighting is then evaluated against these
/// matrices without touching the snapshot table again.
public struct TrainingSet: Sendable {
  /// One horizon's accounts.
  public struct Horizon: Sendable {
    /// Days before the outcome.
    public var horizon: Int
    /// The design the rows were drawn under.
    public var design: EvaluationDesign
    /// Table account index of each matrix row.
    public var accounts: [Int]
    /// Whether each row is a case (the account churned h days later).
    public var isChurned: [Bool]
    /// The landmark day of each row in the landmark design; all equal in the renewal design.
    public var landmarks: [Int]
    /// The table segment index of each account's scored snapshot (-1 for none).
    public var segments: [Int32]
    /// Component sub-scores and presence, one row per account.
    package var matrix: SubScoreMatrix
    /// Per component: its signals' sub-scores over the same rows, from which
    /// `matrix` is assembled, so signal weights can be tuned without going
    /// back to the snapshot table.
    package var signals: [SubScoreMatrix]

    /// The number of accounts.
    public var count: Int { accounts.count }
  }

  /// The number of components.
  public var componentCount: Int
  /// Per horizon, in configuration order.
  public var horizons: [Horizon]
  /// The design that ran, why, and the calendar and leakage warnings.
  public var plan: PlanSummary

  /// What a report needs of the ``EvaluationPlan`` behind a training set.
  public struct PlanSummary: Sendable {
    /// The design that ran.
    public var design: EvaluationDesign
    /// Why.
    public var reason: String
    /// The calendar and leakage warnings.
    public var warnings: [EvaluationWarning]
    /// The end of observation the evaluation used (see ``RunSettings/observationEnd(of:)``).
    public var observedUntil: CalendarDate
  }

  /// Selects and precomputes every horizon's accounts exactly as ``Audit`` does.
  ///
  /// Accounts whose snapshot has no usable signal under the model's missing
  /// policy stay in the matrix with zero presence; every candidate weighting
  /// then leaves them unscored, as the audit would.
  public init(scorer: Scorer, outcomes: [Outcome], configuration: RunSettings) {
    let table = scorer.table
    let evaluationPlan = EvaluationPlan(table: table, outcomes: outcomes, configuration: configuration)
    let signalWeights = scorer.model.components.map { $0.signals.map(\.weight) }
    componentCount = scorer.componentCount
    plan = PlanSummary(
      design: evaluationPlan.design, reason: evaluationPlan.reason, warnings: evaluationPlan.warnings,
      observedUntil: evaluationPlan.observedUntil)
    horizons = evaluationPlan.samples.map { sample in
      let rows = sample.observations.map(\.row)
      let signals = (0..<scorer.componentCount).map { c in
        SubScoreMatrix(rows: rows, columnCount: scorer.signalCount(component: c)) { scorer.signalScore(row: $0, component: c, signal: $1) }
      }
      return Horizon(
        horizon: sample.horizon, design: sample.design, accounts: sample.observations.map { sample.outcome(of: $0).account },
        isChurned: sample.observations.map(\.isCase), landmarks: sample.observations.map { $0.landmark ?? 0 },
        segments: rows.map { table.rowSegment[$0] },
        matrix: SubScoreMatrix(components: signals, signalWeights: signalWeights, rows: rows), signals: signals)
    }
  }

  private init(componentCount: Int, horizons: [Horizon], plan: PlanSummary) {
    self.componentCount = componentCount
    self.horizons = horizons
    self.plan = plan
  }

  /// The same horizons restricted to the rows `keep(account, segment)` accepts
  /// (a fold, a segment).
  public func filter(_ keep: (_ account: Int, _ segment: Int32) -> Bool) -> TrainingSet {
    filtering { account, segment, _ in keep(account, segment) }
  }

  /// The same horizons restricted to the rows `keep(account, segment, landmark)`
  /// accepts (a time-ordered holdout of the landmark design).
  public func filtering(_ keep: (_ account: Int, _ segment: Int32, _ landmark: Int) -> Bool) -> TrainingSet {
    TrainingSet(componentCount: componentCount, horizons: horizons.map { sample in
      let indices = sample.accounts.indices.filter { keep(sample.accounts[$0], sample.segments[$0], sample.landmarks[$0]) }
      return Horizon(
        horizon: sample.horizon, design: sample.design, accounts: indices.map { sample.accounts[$0] },
        isChurned: indices.map { sample.isChurned[$0] }, landmarks: indices.map { sample.landmarks[$0] },
        segments: indices.map { sample.segments[$0] },
        matrix: sample.matrix.selecting(indices), signals: sample.signals.map { $0.selecting(indices) })
    }, plan: plan)
  }

  /// The same accounts with every component's sub-score recomputed under
  /// `signalWeights` (per component, per signal).
  public func reweightingSignals(_ signalWeights: [[Double]]) -> TrainingSet {
    TrainingSet(componentCount: componentCount, horizons: horizons.map { sample in
      var sample = sample
      sample.matrix = SubScoreMatrix(components: sample.signals, signalWeights: signalWeights, rows: sample.matrix.rows)
      return sample
    }, plan: plan)
  }

  /// The same accounts with one component's sub-score recomputed under
  /// `signalWeights`; the cheap step of a signal-weight search.
  public func reweightingSignals(ofComponent component: Int, to signalWeights: [Double]) -> TrainingSet {
    TrainingSet(componentCount: componentCount, horizons: horizons.map { sample in
      var sample = sample
      sample.matrix = sample.matrix.replacingColumn(component, from: sample.signals[component], signalWeights: signalWeights)
      return sample
    }, plan: plan)
  }

  /// Churned accounts present at the horizon with the fewest of them.
  public var minimumChurned: Int {
    horizons.map { $0.isChurned.reduce(0) { $0 + ($1 ? 1 : 0) } }.min() ?? 0
  }
}
