import HealthCalFormats

/// The snapshot rows an audit, a comparison, a weight search or a score
/// listing reads.
///
/// An evaluation looks at few rows per account: the one picked at each
/// horizon, the earlier rows its trajectory signals compare against, the
/// first and last rows (for coverage gaps and segments), and the whole
/// history of churned accounts (for lead time). A renewed account of 52
/// weekly snapshots needs about 8 of them, so a million-account book fits in
/// memory if only these are held; ``EvaluationData`` reads the file twice to
/// do that. Every rule here mirrors a lookup elsewhere (``HorizonPicker``,
/// ``Scorer/rawValue(row:component:signal:)``, ``LeadTime``, ``Audit``), and
/// tests check that an evaluation on the kept rows equals one on all rows.
package struct EvaluationRows: Sendable {
  /// One trajectory look-back: `days` earlier, at most `maxGap` days older.
  package struct LookBack: Hashable, Sendable {
    /// How far back the earlier snapshot is sought.
    package var days: Int
    /// How much older than that it may be.
    package var maxGap: Int
  }

  /// Horizons, staleness and end of observation, as the evaluation uses them.
  package var configuration: RunSettings
  /// Every distinct look-back of the models to be scored.
  package var lookBacks: [LookBack]
  /// Accounts whose every row is kept (the one `audit --explain` names).
  package var wholeAccounts: Set<String>
  /// When set, each account's latest row on or before this day (days since
  /// 1970-01-01) is kept with its look-backs: what `healthcal score` lists.
  package var listedOnOrBefore: Int?

  /// The rows `models` need under `configuration`, plus all rows of `wholeAccounts`.
  ///
  /// Segment overrides change weights and bands, never transforms, so the
  /// look-backs of the components cover every segment.
  package init(configuration: RunSettings, models: [HealthModel], wholeAccounts: Set<String> = []) {
    self.configuration = configuration
    var seen = Set<LookBack>()
    lookBacks = models.flatMap { $0.components.flatMap(\.signals) }.compactMap { signal in
      signal.transform.lookBack.map { LookBack(days: $0.days, maxGap: $0.maxGap) }
    }.filter { seen.insert($0).inserted }
    self.wholeAccounts = wholeAccounts
  }

  /// The rows `healthcal score` lists under `models`: each account's latest
  /// snapshot on or before `asOf` (its very latest when `nil`).
  package init(listingAsOf asOf: CalendarDate?, models: [HealthModel]) {
    var configuration = RunSettings()
    configuration.horizons = []
    self.init(configuration: configuration, models: models)
    listedOnOrBefore = asOf?.daysSinceEpoch ?? Int.max
  }

  /// The rows of `table` to keep, ascending. Only dates, accounts and
  /// segments are read, so `table` may hold no signal values.
  /// - Complexity: O(outcomes × horizons × look-backs × log k) for k rows per
  ///   account, plus the rows of churned and whole accounts.
  package func rows(of table: SnapshotTable, outcomes: [Outcome]) -> [Int] {
    var keep = [Bool](repeating: false, count: table.rowCount)
    for range in table.accountRows where !range.isEmpty {
      keep[range.lowerBound] = true
      keep[range.upperBound - 1] = true
    }
    for id in wholeAccounts {
      guard let account = table.accountIndex(of: id) else { continue }
      for row in table.accountRows[account] { keep[row] = true }
    }
    func keepWithLookBacks(_ row: Int) {
      keep[row] = true
      for lookBack in lookBacks {
        let target = Int(table.rowDate[row]) - lookBack.days
        if let earlier = table.latestRow(account: Int(table.rowAccount[row]), onOrBefore: target, notBefore: target - lookBack.maxGap) {
          keep[earlier] = true
        }
      }
    }
    if let listedOnOrBefore {
      for account in table.accountIDs.indices {
        if let row = table.latestRow(account: account, onOrBefore: listedOnOrBefore, notBefore: Int.min) { keepWithLookBacks(row) }
      }
    }
    let observedUntil = configuration.observationEnd(of: table)
    let picker = configuration.picker
    for outcome in outcomes {
      if outcome.isChurned {
        for row in table.accountRows[outcome.account] { keep[row] = true }
        continue
      }
      for horizon in configuration.horizons {
        guard case .success(let row) = picker.pick(
          in: table, account: outcome.account, outcomeDate: outcome.date ?? observedUntil, horizon: horizon)
        else { continue }
        keepWithLookBacks(row)
      }
    }
    // The design is decided here exactly as the evaluation will decide it
    // (the calendar check reads only the renewal picks' dates, kept above).
    if configuration.design != .renewal {
      let plan = EvaluationPlan(table: table, outcomes: outcomes, configuration: configuration, screensLeakage: false)
      for sample in plan.samples where sample.design == .landmark {
        for observation in sample.observations { keepWithLookBacks(observation.row) }
      }
    }
    return keep.indices.filter { keep[$0] }
  }
}
