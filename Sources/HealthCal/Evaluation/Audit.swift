import HealthCalFormats

/// The quarterly audit: how well a model's score, taken 90, 60 and 30 days
/// before each outcome, separated the accounts that churned from those that
/// renewed, and which churned accounts it showed green.
public struct Audit: Sendable {
  /// The model's name.
  public var modelName: String
  /// The configuration used.
  public var configuration: RunSettings
  /// The snapshots file.
  public var snapshotsFile: String
  /// Accounts in the snapshots.
  public var accountCount: Int
  /// Snapshot rows.
  public var snapshotCount: Int
  /// Accounts with an outcome.
  public var outcomeCount: Int
  /// Churned accounts.
  public var churnedCount: Int
  /// The end of observation used for renewed accounts without a date.
  public var observedUntil: CalendarDate
  /// Per-horizon results, in configuration order.
  public var horizons: [HorizonResult]
  /// Lead time to the first sustained at-risk flag.
  public var leadTime: LeadTime
  /// Churned accounts shown green at any horizon, largest ARR first.
  public var misses: [Miss]
  /// The account ids, by table index (for renderers).
  public var accountIDs: [String]
  /// The design that ran.
  public var design: EvaluationDesign
  /// One sentence on why that design ran.
  public var designReason: String
  /// The renewal design's scoring dates compared by class (behind `auto`).
  public var calendarCheck: CalendarCheck
  /// What a reader must know before trusting a comparison: the failed
  /// calendar check and signals that only track the calendar.
  public var warnings: [EvaluationWarning]
  /// The column results are broken down by (`segment`, or a `--segment-by`
  /// column such as `plan_tier`), so reports name the dimension.
  public var segmentColumn: String

  /// Runs the audit.
  /// - Parameters:
  ///   - scorer: the model bound to the snapshots.
  ///   - outcomes: the outcomes, tied to table accounts.
  ///   - configuration: horizons, staleness, at-risk rule, seed.
  ///   - plan: the observations to score, when several audits of the same
  ///     data share them (a comparison of two models); drawn from
  ///     `configuration` when `nil`. Must have been drawn on `scorer.table`,
  ///     `outcomes` and `configuration`.
  ///   - keepsScoredAccounts: whether each horizon keeps every scored
  ///   observation (``HorizonResult/accounts``), which a comparison and a
  ///   score listing read and a report does not; a million accounts at 13
  ///   landmarks hold 2 GB of them.
  /// - Complexity: O(outcomes × horizons × signals) to score, plus
  ///   O(B × outcomes) per horizon and group for the bootstrap.
  public init(
    scorer: Scorer, outcomes: [Outcome], configuration: RunSettings, plan: EvaluationPlan? = nil, keepsScoredAccounts: Bool = true
  ) {
    let table = scorer.table
    var evaluationPlan = plan ?? EvaluationPlan(table: table, outcomes: outcomes, configuration: configuration)
    let observedUntil = evaluationPlan.observedUntil
    // Each horizon's sample is released once scored (a million accounts at
    // 13 landmarks hold 0.6 GB of them).
    warnings = evaluationPlan.warnings
    segmentColumn = table.segmentColumn ?? "segment"
    evaluationPlan.renewalSamples = []
    var results: [HorizonResult] = []
    // Per churned account, its scored (horizon, row) and whether it was
    // green; a miss's scores and contributions are recomputed at the end,
    // for the few accounts that are misses.
    var missEntries: [Int: [(horizon: Int, row: Int, isGreen: Bool)]] = [:]

    for (h, horizon) in configuration.horizons.enumerated() {
      // The sample, its rows and scores are released before the metrics run.
      var (accounts, gaps) = Self.score(sample: evaluationPlan.samples[h], scorer: scorer, horizon: horizon, missEntries: &missEntries)
      evaluationPlan.samples[h].observations = []
      let exclusions = evaluationPlan.samples[h].exclusions
      gaps.sort { $0.account < $1.account }
      let churnedAccounts = Set(outcomes.filter(\.isChurned).map(\.account))
      func coverage(_ members: [ScoredAccount], _ memberGaps: [(account: Int, gap: HorizonPicker.Gap)]) -> Coverage {
        var coverage = Coverage()
        for account in members { coverage.addScored(isChurned: account.isChurned) }
        for (account, gap) in memberGaps { coverage.addGap(gap, isChurned: churnedAccounts.contains(account)) }
        return coverage
      }
      let seed = configuration.seed &+ UInt64(h) &* 1_000_003
      let overall = GroupMetrics(
        group: "all", accounts: accounts, coverage: coverage(accounts, gaps), atRisk: configuration.atRisk,
        bootstrapReplicates: configuration.bootstrapReplicates, seed: seed)
      var segments: [GroupMetrics] = []
      if configuration.bySegment, !table.segments.isEmpty {
        // A gap has no scored snapshot, so it is attributed to the segment of the
        // account's latest snapshot; accounts with no segment form "(none)".
        func segmentOf(account: Int) -> String? {
          let range = table.accountRows[account]
          return range.isEmpty ? nil : table.segment(ofRow: range.upperBound - 1)
        }
        // Grouped in one pass as 4-byte indices, so the cost does not grow
        // with segments × accounts; one segment's observations are then
        // copied at a time (copied all at once, a million accounts at 13
        // landmarks would hold a second 0.7 GB).
        var membersBySegment = [[Int32]](repeating: [], count: table.segments.count + 1)
        for (i, account) in accounts.enumerated() {
          let s = Int(table.rowSegment[account.row])
          membersBySegment[s < 0 ? table.segments.count : s].append(Int32(i))
        }
        let gapsBySegment = Dictionary(grouping: gaps, by: { segmentOf(account: $0.account) })
        let hasNone = !membersBySegment[table.segments.count].isEmpty || gapsBySegment[nil] != nil
        let names: [String?] = table.segments + (hasNone ? [nil] : [])
        for (s, name) in names.enumerated() {
          let members = membersBySegment[s].map { accounts[Int($0)] }
          membersBySegment[s] = []
          let memberGaps = gapsBySegment[name] ?? []
          segments.append(GroupMetrics(
            group: name ?? "(none)", accounts: members, coverage: coverage(members, memberGaps), atRisk: configuration.atRisk,
            bootstrapReplicates: configuration.bootstrapReplicates, seed: seed &+ UInt64(s + 1)))
        }
      }
      if !keepsScoredAccounts { accounts = [] }
      var result = HorizonResult(
        horizon: horizon, overall: overall, segments: segments, accounts: accounts, gaps: gaps)
      result.exclusions = exclusions
      results.append(result)
    }

    var misses: [Miss] = []
    for outcome in outcomes where outcome.isChurned {
      guard let found = missEntries[outcome.account], found.contains(where: \.isGreen), let churnDate = outcome.date else { continue }
      let entries = found.compactMap { entry in
        scorer.score(row: entry.row).map { Miss.Horizon(horizon: entry.horizon, asOf: table.date(ofRow: entry.row), scored: $0) }
      }
      let latest = entries.map(\.scored.row).max()!
      let arr = outcome.arr ?? (table.rowARR[latest].isNaN ? nil : table.rowARR[latest])
      misses.append(Miss(
        accountID: table.accountIDs[outcome.account], segment: table.segment(ofRow: latest), arr: arr,
        churnDate: churnDate, horizons: entries))
    }
    misses.sort { lhs, rhs in
      if (lhs.arr ?? -1) != (rhs.arr ?? -1) { return (lhs.arr ?? -1) > (rhs.arr ?? -1) }
      return lhs.accountID.utf8.lexicographicallyPrecedes(rhs.accountID.utf8)
    }

    modelName = scorer.model.name
    self.configuration = configuration
    snapshotsFile = table.file
    accountCount = table.accountIDs.count
    snapshotCount = table.fileRowCount
    outcomeCount = outcomes.count
    churnedCount = outcomes.filter(\.isChurned).count
    self.observedUntil = observedUntil
    horizons = results
    leadTime = LeadTime(scorer: scorer, outcomes: outcomes, atRisk: configuration.atRisk)
    self.misses = misses
    accountIDs = table.accountIDs
    design = evaluationPlan.design
    designReason = evaluationPlan.reason
    calendarCheck = evaluationPlan.calendarCheck
  }
}


extension Audit {
  /// Scores one horizon's sample: the scored observations, the gaps (the
  /// sample's, plus cases with no usable signal), and each scored case's
  /// entry for the miss list.
  fileprivate static func score(
    sample: DesignSample, scorer: Scorer, horizon: Int, missEntries: inout [Int: [(horizon: Int, row: Int, isGreen: Bool)]]
  ) -> (accounts: [ScoredAccount], gaps: [(account: Int, gap: HorizonPicker.Gap)]) {
    let table = scorer.table
    let rows = sample.observations.map(\.row)
    var gaps = sample.gaps
    // The sub-score matrix lives only as long as the scores take to compute.
    let scores = SubScoreMatrix(scorer: scorer, rows: rows)
      .scores(weightSets: scorer.allWeightSets, assignment: rows.map(scorer.weightSetIndex(forRow:)))
    // Reserved once: grown by doubling, a million accounts' 13 landmarks
    // would briefly hold the old and the new buffer, 1 GB together.
    var accounts: [ScoredAccount] = []
    accounts.reserveCapacity(rows.count)
    for (i, row) in rows.enumerated() {
      let outcome = sample.outcome(of: sample.observations[i])
      guard let score = scores[i] else {
        // A landmark control with no usable signal is simply not compared.
        if sample.design == .renewal || sample.observations[i].isCase { gaps.append((outcome.account, .unscorable)) }
        continue
      }
      let arr = outcome.arr ?? (table.rowARR[row].isNaN ? nil : table.rowARR[row])
      let account = ScoredAccount(
        account: outcome.account, row: row, score: score, band: scorer.bands(forRow: row).band(for: score),
        isChurned: sample.observations[i].isCase, arr: arr, segment: table.segment(ofRow: row),
        landmark: sample.observations[i].landmark)
      accounts.append(account)
      if account.isChurned { missEntries[outcome.account, default: []].append((horizon, row, account.band == .green)) }
    }
    return (accounts, gaps)
  }
}

extension Audit {
  /// Why the audit measured nothing, or `nil`: when no churned account was
  /// scored at any horizon there is no green-churn rate, no recall and no
  /// comparison, and a report of "no misses" would reassure where it should
  /// warn.
  public var unmeasurableReason: String? {
    guard horizons.allSatisfy({ $0.overall.coverage.churnedScored == 0 }) else { return nil }
    return "no churned account could be scored at any horizon (\(outcomeCount) outcomes, \(churnedCount) churned); "
      + "expected churned accounts with a snapshot at least \(configuration.horizons.min() ?? 0) days before their churn date"
  }
}

extension GroupMetrics {
  /// Whether the group can answer "does the score separate churned from
  /// other accounts": both classes were scored.
  public var isMeasurable: Bool { coverage.churnedScored > 0 && coverage.renewedScored > 0 }

  /// What is missing when the group is not measurable, for reports.
  public var notMeasurableReason: String? {
    if coverage.churnedScored == 0 { return "no churned account was scored" }
    if coverage.renewedScored == 0 { return "no other account was scored" }
    return nil
  }
}

