/// The accounts a weight search learns from: for each horizon, the snapshot
/// the audit would score, as a dense sub-score matrix with outcome labels.
///
/// Built once; every candidate weighting is then evaluated against these
/// matrices without touching the snapshot table again.
public struct TrainingSet: Sendable {
  /// One horizon's accounts.
  public struct Horizon: Sendable {
    /// Days before the outcome.
    public var horizon: Int
    /// Table account index of each matrix row.
    public var accounts: [Int]
    /// Whether each account churned.
    public var isChurned: [Bool]
    /// The table segment index of each account's scored snapshot (-1 for none).
    public var segments: [Int32]
    /// Component sub-scores and presence, one row per account.
    public var matrix: SubScoreMatrix
    /// Per component: its signals' sub-scores over the same rows, from which
    /// `matrix` is assembled, so signal weights can be tuned without going
    /// back to the snapshot table.
    public var signals: [SubScoreMatrix]

    /// The number of accounts.
    public var count: Int { accounts.count }
  }

  /// The number of components.
  public var componentCount: Int
  /// Per horizon, in configuration order.
  public var horizons: [Horizon]

  /// Selects and precomputes every horizon's accounts exactly as ``Audit`` does.
  ///
  /// Accounts whose snapshot has no usable signal under the model's missing
  /// policy stay in the matrix with zero presence; every candidate weighting
  /// then leaves them unscored, as the audit would.
  public init(scorer: Scorer, outcomes: [Outcome], configuration: AuditConfiguration) {
    let table = scorer.table
    let observedUntil = configuration.observedUntil ?? table.latestDate ?? CalendarDate(daysSinceEpoch: 0)
    let picker = HorizonPicker(maxStaleness: configuration.maxStaleness)
    let signalWeights = scorer.model.components.map { $0.signals.map(\.weight) }
    componentCount = scorer.componentCount
    horizons = configuration.horizons.map { horizon in
      let picked = picker.select(in: table, outcomes: outcomes, horizon: horizon, observedUntil: observedUntil).picked
      let rows = picked.map(\.row)
      let signals = (0..<scorer.componentCount).map { c in
        SubScoreMatrix(rows: rows, columnCount: scorer.signalCount(component: c)) { scorer.signalScore(row: $0, component: c, signal: $1) }
      }
      return Horizon(
        horizon: horizon, accounts: picked.map(\.outcome.account), isChurned: picked.map(\.outcome.isChurned),
        segments: picked.map { table.rowSegment[$0.row] },
        matrix: SubScoreMatrix(components: signals, signalWeights: signalWeights, rows: rows), signals: signals)
    }
  }

  private init(componentCount: Int, horizons: [Horizon]) {
    self.componentCount = componentCount
    self.horizons = horizons
  }

  /// The same horizons restricted to the rows `keep(account, segment)` accepts
  /// (a fold, a segment).
  public func filter(_ keep: (_ account: Int, _ segment: Int32) -> Bool) -> TrainingSet {
    TrainingSet(componentCount: componentCount, horizons: horizons.map { sample in
      let indices = sample.accounts.indices.filter { keep(sample.accounts[$0], sample.segments[$0]) }
      return Horizon(
        horizon: sample.horizon, accounts: indices.map { sample.accounts[$0] },
        isChurned: indices.map { sample.isChurned[$0] }, segments: indices.map { sample.segments[$0] },
        matrix: sample.matrix.selecting(indices), signals: sample.signals.map { $0.selecting(indices) })
    })
  }

  /// The same accounts with every component's sub-score recomputed under
  /// `signalWeights` (per component, per signal).
  public func reweightingSignals(_ signalWeights: [[Double]]) -> TrainingSet {
    TrainingSet(componentCount: componentCount, horizons: horizons.map { sample in
      var sample = sample
      sample.matrix = SubScoreMatrix(components: sample.signals, signalWeights: signalWeights, rows: sample.matrix.rows)
      return sample
    })
  }

  /// The same accounts with one component's sub-score recomputed under
  /// `signalWeights`; the cheap step of a signal-weight search.
  public func reweightingSignals(ofComponent component: Int, to signalWeights: [Double]) -> TrainingSet {
    TrainingSet(componentCount: componentCount, horizons: horizons.map { sample in
      var sample = sample
      sample.matrix = sample.matrix.replacingColumn(component, from: sample.signals[component], signalWeights: signalWeights)
      return sample
    })
  }

  /// Churned accounts present at the horizon with the fewest of them.
  public var minimumChurned: Int {
    horizons.map { $0.isChurned.reduce(0) { $0 + ($1 ? 1 : 0) } }.min() ?? 0
  }
}
