import HealthCalFormats

/// Why one account scored what it did at each horizon, and what it would
/// have taken to change its band.
///
/// The audit says *that* a churned account was green 90 days out; a CS lead
/// then asks *why*, and whether the model was close. This answers both from
/// the same scorer and horizon rule as the audit: the snapshot used, each
/// component's sub-score, share of the weight and points, each signal's raw
/// value and sub-score, and the smallest score move that would have changed
/// the band, with the components that could have made that move alone.
public struct AccountExplanation: Sendable {
  /// One signal of a component, as read from the snapshot.
  public struct SignalDetail: Hashable, Sendable {
    /// The snapshot column.
    public var column: String
    /// How the raw value became a sub-score.
    public var transform: Transform
    /// The value the transform read (for `delta`, the change over its
    /// look-back, for `category` the label's position in the model's
    /// labels); `nil` when the cell, or the earlier snapshot, was missing.
    public var rawValue: Double?
    /// The text a `category` signal read, `nil` otherwise.
    public var label: String?
    /// The 0–100 sub-score after the missing-value policy; `nil` when the
    /// signal was missing under `renormalize` and left out.
    public var subScore: Double?
    /// The signal's share of its component: its weight over the weights of
    /// the component's signals that had a sub-score; 0 when left out.
    public var share: Double

    /// Creates a signal detail.
    public init(column: String, transform: Transform, rawValue: Double?, subScore: Double?, share: Double) {
      self.column = column
      self.transform = transform
      self.rawValue = rawValue
      self.subScore = subScore
      self.share = share
    }
  }

  /// One component's contribution, with its signals.
  public struct ComponentDetail: Hashable, Sendable {
    /// The component's sub-score, share and points, as the scorer computed them.
    public var contribution: ComponentContribution
    /// Its signals, in model order.
    public var signals: [SignalDetail]

    /// Creates a component detail.
    public init(contribution: ComponentContribution, signals: [SignalDetail]) {
      self.contribution = contribution
      self.signals = signals
    }
  }

  /// A single component whose sub-score, moved alone, would change the band.
  public struct Lever: Hashable, Sendable {
    /// The component's name.
    public var component: String
    /// Its sub-score now.
    public var currentSubScore: Double
    /// The sub-score it would need: strictly below this for a fall, at
    /// least this for a rise.
    public var requiredSubScore: Double

    /// Creates a lever.
    public init(component: String, currentSubScore: Double, requiredSubScore: Double) {
      self.component = component
      self.currentSubScore = currentSubScore
      self.requiredSubScore = requiredSubScore
    }
  }

  /// What it would take to move the score into a neighbouring band.
  public struct BandShift: Hashable, Sendable {
    /// The band it would move to.
    public var band: Band
    /// The cut-off to cross.
    public var cutOff: Double
    /// Points the score must move: negative for a fall (the score must end
    /// strictly below `cutOff`, so it must fall by *more* than this), positive
    /// for a rise (the score must reach `cutOff`, so by at least this).
    public var scoreChange: Double
    /// Components that could make the move alone, others held fixed, in
    /// model order. Empty when no single component has enough weight: its
    /// sub-score would have to leave 0–100.
    public var levers: [Lever]

    /// Creates a band shift.
    public init(band: Band, cutOff: Double, scoreChange: Double, levers: [Lever]) {
      self.band = band
      self.cutOff = cutOff
      self.scoreChange = scoreChange
      self.levers = levers
    }
  }

  /// The account at one horizon.
  public struct Horizon: Sendable {
    /// Days before the reference date.
    public var horizon: Int
    /// The reference date minus the horizon: the latest date a snapshot may have.
    public var targetDate: CalendarDate
    /// The snapshot used, or `nil` with ``gap`` set.
    public var snapshotDate: CalendarDate?
    /// Why there is no score, when there is none.
    public var gap: HorizonPicker.Gap?
    /// The score, band and contributions, when scored.
    public var scored: ScoredSnapshot?
    /// The band cut-offs that applied (after segment overrides).
    public var bands: Bands
    /// Each component with its signals (empty when unscored).
    public var components: [ComponentDetail]
    /// The moves into each neighbouring band (empty when unscored).
    public var shifts: [BandShift]
  }

  /// The account id.
  public var accountID: String
  /// The segment of its latest snapshot, if any.
  public var segment: String?
  /// Its ARR (outcomes file first, then the latest snapshot), if known.
  public var arr: Double?
  /// Its outcome, `nil` when the outcomes file does not mention it.
  public var outcome: Outcome?
  /// The date the horizons count back from: the outcome date, or the end of
  /// observation for an account without one (renewed with no date, or no outcome).
  public var referenceDate: CalendarDate
  /// The model's name.
  public var modelName: String
  /// One entry per configured horizon, in configuration order.
  public var horizons: [Horizon]

  /// Explains `accountID` under `scorer` with the audit's horizon rule.
  /// - Throws: ``UnknownAccountError`` when the snapshots have no such account.
  /// - Complexity: O(horizons × signals).
  public init(
    accountID: String, scorer: Scorer, outcomes: [Outcome], configuration: RunSettings
  ) throws(UnknownAccountError) {
    let table = scorer.table
    guard let account = table.accountIndex(of: accountID) else {
      throw UnknownAccountError(accountID: accountID, file: table.file)
    }
    let outcome = outcomes.first { $0.account == account }
    let observedUntil = configuration.observationEnd(of: table)
    let reference = outcome?.date ?? observedUntil
    let picker = configuration.picker
    let rows = table.accountRows[account]
    let latest = rows.isEmpty ? nil : rows.upperBound - 1

    var horizons: [Horizon] = []
    for horizon in configuration.horizons {
      let target = reference.adding(days: -horizon)
      switch picker.pick(in: table, account: account, outcomeDate: reference, horizon: horizon) {
      case .failure(let gap):
        horizons.append(Horizon(
          horizon: horizon, targetDate: target, snapshotDate: nil, gap: gap, scored: nil,
          bands: latest.map(scorer.bands(forRow:)) ?? scorer.model.bands, components: [], shifts: []))
      case .success(let row):
        let bands = scorer.bands(forRow: row)
        guard let scored = scorer.score(row: row) else {
          horizons.append(Horizon(
            horizon: horizon, targetDate: target, snapshotDate: table.date(ofRow: row), gap: .unscorable, scored: nil,
            bands: bands, components: [], shifts: []))
          continue
        }
        let components = scored.contributions.enumerated().map { c, contribution in
          ComponentDetail(contribution: contribution, signals: Self.signals(scorer: scorer, row: row, component: c))
        }
        horizons.append(Horizon(
          horizon: horizon, targetDate: target, snapshotDate: table.date(ofRow: row), gap: nil, scored: scored,
          bands: bands, components: components, shifts: Self.shifts(scored: scored, bands: bands)))
      }
    }

    self.accountID = accountID
    segment = latest.flatMap(table.segment(ofRow:))
    arr = outcome?.arr ?? latest.flatMap { table.rowARR[$0].isNaN ? nil : table.rowARR[$0] }
    self.outcome = outcome
    referenceDate = reference
    modelName = scorer.model.name
    self.horizons = horizons
  }

  /// Each signal's raw value, sub-score and share of its component.
  static func signals(scorer: Scorer, row: Int, component c: Int) -> [SignalDetail] {
    let signals = scorer.model.components[c].signals
    let subScores = signals.indices.map { scorer.signalScore(row: row, component: c, signal: $0) }
    let presentWeight = zip(signals, subScores).reduce(0.0) { $0 + ($1.1 == nil ? 0 : $1.0.weight) }
    return signals.indices.map { s in
      let signal = signals[s]
      var detail = SignalDetail(
        column: signal.column, transform: signal.transform, rawValue: scorer.rawValue(row: row, component: c, signal: s),
        subScore: subScores[s], share: subScores[s] != nil && presentWeight > 0 ? signal.weight / presentWeight : 0)
      detail.label = scorer.label(row: row, component: c, signal: s)
      return detail
    }
  }

  /// The moves into each neighbouring band.
  ///
  /// With the other components fixed, the score moves by `share × Δsub-score`
  /// when one component's sub-score moves, so the component alone can cross
  /// a cut-off `d` points away when `|d| / share` keeps its sub-score inside
  /// 0–100. Components with no sub-score (share 0) can never be levers.
  static func shifts(scored: ScoredSnapshot, bands: Bands) -> [BandShift] {
    let score = scored.score
    var targets: [(band: Band, cutOff: Double)] = []
    switch scored.band {
    case .green: targets = [(.amber, bands.greenAtOrAbove)]
    case .amber: targets = [(.red, bands.redBelow), (.green, bands.greenAtOrAbove)]
    case .red: targets = [(.amber, bands.redBelow)]
    }
    return targets.map { band, cutOff in
      let change = cutOff - score
      let levers = scored.contributions.compactMap { contribution -> Lever? in
        guard let sub = contribution.subScore, contribution.share > 0 else { return nil }
        let required = sub + change / contribution.share
        let possible = change < 0 ? required > 0 : required <= 100
        return possible ? Lever(component: contribution.name, currentSubScore: sub, requiredSubScore: required) : nil
      }
      return BandShift(band: band, cutOff: cutOff, scoreChange: change, levers: levers)
    }
  }
}
