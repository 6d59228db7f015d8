import HealthCalFormats

/// Two models audited on the same data, side by side: per horizon, each
/// model's headline rates and ROC AUC, the paired-bootstrap interval of the
/// change (B − A), and every account whose band changed.
///
/// Everything is computed on the accounts *both* models scored at a horizon.
/// Two models can differ in coverage (a model reading a signal that is often
/// missing leaves more accounts unscorable), and comparing a rate over 480
/// accounts with one over 450 would mix a change of model with a change of
/// population. The per-model coverage is kept beside the paired figures, so a
/// model that scores fewer accounts is visible, not silently favoured.
///
/// The candidate (B) is compared against the baseline (A): every difference
/// is B − A, so a negative green-churn difference and a positive AUC
/// difference mean B is better.
///
/// In the landmark design (both audits ran it: the design depends only on
/// the data) the paired units are observations (account, landmark), false
/// alarms and alert rates are weighted with ``LandmarkWeights``, the AUC is
/// ``LandmarkConcordance``, and the bootstrap resamples accounts, each
/// carrying all its landmarks.
public struct ModelComparison: Sendable {
  /// One model's figures at one horizon, on the accounts both models scored.
  public struct ModelMetrics: Hashable, Sendable {
    /// Churned accounts banded green ÷ churned accounts scored by both models.
    public var greenChurn: Rate
    /// Churned accounts flagged at risk ÷ churned accounts scored by both models.
    public var atRiskRecall: Rate
    /// Renewed accounts flagged at risk ÷ renewed accounts scored by both models.
    public var falseAlarmRate: Rate
    /// Accounts flagged at risk ÷ all accounts scored by both models.
    public var alertRate: Rate
    /// ROC AUC of risk = 100 − score, ties counted half; `nil` when a class is empty.
    public var rocAUC: Double?

    /// Computes the figures from each account's band and score; with
    /// `landmarks`, as the landmark design does.
    init(bands: [Band], scores: [Double], isChurned: [Bool], atRisk: AtRiskRule, ranked: RankedScores, landmarks: [Int]?) {
      var churned = 0, renewed = 0, greenChurned = 0, flaggedChurned = 0, flaggedRenewed = 0
      for (band, churn) in zip(bands, isChurned) {
        let flagged = atRisk.isAtRisk(band)
        if churn {
          churned += 1
          if band == .green { greenChurned += 1 }
          if flagged { flaggedChurned += 1 }
        } else {
          renewed += 1
          if flagged { flaggedRenewed += 1 }
        }
      }
      greenChurn = Rate(greenChurned, of: churned)
      atRiskRecall = Rate(flaggedChurned, of: churned)
      falseAlarmRate = Rate(flaggedRenewed, of: renewed)
      alertRate = Rate(flaggedChurned + flaggedRenewed, of: churned + renewed)
      rocAUC = ranked.rocAUC
      if let landmarks {
        let weights = LandmarkWeights.weights(landmarks: landmarks, isChurned: isChurned)
        let flagged = bands.map(atRisk.isAtRisk)
        let controls = isChurned.indices.filter { !isChurned[$0] }
        falseAlarmRate = Rate(weights: controls.map { weights[$0] }, meets: controls.map { flagged[$0] })
        alertRate = Rate(weights: weights, meets: flagged)
        rocAUC = LandmarkConcordance(risk: scores.map { 100 - $0 }, isChurned: isChurned, landmarks: landmarks).rocAUC
      }
    }
  }

  /// The comparison at one horizon.
  public struct Horizon: Sendable {
    /// Days before the outcome.
    public var horizon: Int
    /// Accounts with an outcome that the baseline scored at this horizon.
    public var scoredByBaseline: Int
    /// Accounts with an outcome that the candidate scored at this horizon.
    public var scoredByCandidate: Int
    /// Accounts both models scored: the population of every figure below.
    public var scoredByBoth: Int
    /// Churned accounts among those both models scored.
    public var churnedScoredByBoth: Int
    /// The baseline's (A's) figures.
    public var baseline: ModelMetrics
    /// The candidate's (B's) figures.
    public var candidate: ModelMetrics
    /// Paired bootstrap of AUC(B) − AUC(A); `nil` when bootstrapping was
    /// skipped, a class is empty, or no replicate drew both classes.
    public var rocAUCDifference: PairedBootstrap?
    /// Paired bootstrap of green-churn rate(B) − rate(A); `nil` when
    /// bootstrapping was skipped or no churned account was scored by both.
    /// Negative means B shows fewer churners green.
    public var greenChurnDifference: PairedBootstrap?
    /// Accounts whose band differs between the models at this horizon.
    public var bandChangeCount: Int
  }

  /// One account whose band differs between the two models at one horizon.
  public struct BandChange: Hashable, Sendable {
    /// The account id.
    public var accountID: String
    /// Days before the outcome.
    public var horizon: Int
    /// The landmark date the observation is compared at (landmark design only).
    public var landmark: CalendarDate?
    /// Whether the account churned.
    public var isChurned: Bool
    /// The baseline's (A's) score.
    public var baselineScore: Double
    /// The baseline's (A's) band.
    public var baselineBand: Band
    /// The candidate's (B's) score.
    public var candidateScore: Double
    /// The candidate's (B's) band.
    public var candidateBand: Band

    /// Creates a band change.
    public init(
      accountID: String, horizon: Int, isChurned: Bool, baselineScore: Double, baselineBand: Band,
      candidateScore: Double, candidateBand: Band, landmark: CalendarDate? = nil
    ) {
      self.accountID = accountID
      self.landmark = landmark
      self.horizon = horizon
      self.isChurned = isChurned
      self.baselineScore = baselineScore
      self.baselineBand = baselineBand
      self.candidateScore = candidateScore
      self.candidateBand = candidateBand
    }
  }

  /// The baseline model's (A's) name.
  public var baselineName: String
  /// The candidate model's (B's) name.
  public var candidateName: String
  /// The audit settings both models were audited with.
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
  /// Paired-bootstrap resamples per horizon and statistic (0 skips them).
  public var bootstrapReplicates: Int
  /// The seed of the paired bootstrap.
  public var seed: UInt64
  /// Per-horizon comparisons, in the audits' horizon order.
  public var horizons: [Horizon]
  /// Every band change, by horizon (in the audits' horizon order) then
  /// account id (byte order) and landmark; only accounts both models scored.
  public var bandChanges: [BandChange]
  /// The design both audits ran, and why.
  public var design: EvaluationDesign
  /// Why that design ran.
  public var designReason: String
  /// The calendar and leakage warnings (the same for both audits).
  public var warnings: [EvaluationWarning]

  /// Compares two audits of the same data.
  ///
  /// At each horizon the accounts scored by both models are put in account-id
  /// order (so the bootstrap does not depend on the order of the input rows)
  /// and resampled once per replicate for both models: the AUC difference
  /// uses ``WeightedMetrics/rocAUC(ranked:isChurned:multiplicities:)`` over
  /// each model's ranking, the green-churn difference
  /// ``WeightedMetrics/rate(numerator:denominator:multiplicities:)``. Horizon
  /// k is bootstrapped with seed `seed + k · 1000003`, the audit's scheme.
  ///
  /// - Parameters:
  ///   - baseline: The audit of model A (the current model).
  ///   - candidate: The audit of model B, on the same snapshots and outcomes
  ///     with the same horizons and at-risk rule.
  ///   - bootstrapReplicates: Paired resamples per horizon and statistic; 0
  ///     skips the intervals (the point differences remain on the metrics).
  ///   - seed: Fixes every resample.
  /// - Precondition: Both audits cover the same accounts (identical
  ///   `accountIDs`), the same horizons and at-risk rule, and agree on each
  ///   account's outcome.
  /// - Complexity: O(H · (n log n + B · n)) for H horizons, n accounts and B
  ///   replicates, the bootstrap split over the available cores.
  public init(baseline: Audit, candidate: Audit, bootstrapReplicates: Int = RunSettings.defaultBootstrapReplicates, seed: UInt64) {
    precondition(baseline.accountIDs == candidate.accountIDs, "the two audits must be of the same snapshots")
    precondition(baseline.design == candidate.design, "the two audits must run the same design")
    precondition(
      baseline.horizons.map(\.horizon) == candidate.horizons.map(\.horizon)
        && baseline.configuration.atRisk == candidate.configuration.atRisk,
      "the two audits must use the same horizons and at-risk rule")
    let ids = baseline.accountIDs
    let atRisk = baseline.configuration.atRisk
    var horizons: [Horizon] = []
    var bandChanges: [BandChange] = []

    for (h, (resultA, resultB)) in zip(baseline.horizons, candidate.horizons).enumerated() {
      // Paired units: accounts, or (account, landmark) observations.
      struct Key: Hashable { var account: Int, landmark: Int? }
      let byObservation = Dictionary(resultB.accounts.map { (Key(account: $0.account, landmark: $0.landmark), $0) }, uniquingKeysWith: { first, _ in first })
      var pairs = resultA.accounts.compactMap { a in byObservation[Key(account: a.account, landmark: a.landmark)].map { (a: a, b: $0) } }
      pairs.sort { lhs, rhs in
        lhs.a.account == rhs.a.account
          ? (lhs.a.landmark ?? 0) < (rhs.a.landmark ?? 0) : ids[lhs.a.account].utf8.lexicographicallyPrecedes(ids[rhs.a.account].utf8)
      }
      precondition(pairs.allSatisfy { $0.a.isChurned == $0.b.isChurned }, "the two audits disagree on an outcome")

      let isChurned = pairs.map(\.a.isChurned)
      let bandsA = pairs.map(\.a.band), bandsB = pairs.map(\.b.band)
      let scoresA = pairs.map(\.a.score), scoresB = pairs.map(\.b.score)
      let rankedA = RankedScores(risk: scoresA.map { 100 - $0 }, isChurned: isChurned)
      let rankedB = RankedScores(risk: scoresB.map { 100 - $0 }, isChurned: isChurned)
      let greenA = bandsA.map { $0 == .green }, greenB = bandsB.map { $0 == .green }
      let landmarks = baseline.design == .landmark ? pairs.map { $0.a.landmark ?? 0 } : nil
      // The resampled units: each pair's account, numbered in pair order.
      var cluster: [Int: Int] = [:]
      let member = pairs.map { pair in
        if let c = cluster[pair.a.account] { return c }
        cluster[pair.a.account] = cluster.count
        return cluster.count - 1
      }
      let concordance = landmarks.map { landmarks in
        [scoresA, scoresB].map { LandmarkConcordance(risk: $0.map { 100 - $0 }, isChurned: isChurned, landmarks: landmarks) }
      }

      var aucDifference: PairedBootstrap?
      var greenChurnDifference: PairedBootstrap?
      if bootstrapReplicates > 0 {
        let horizonSeed = seed &+ UInt64(h) &* 1_000_003
        /// Runs `statistic` on observation multiplicities drawn by account.
        func paired(_ statistic: @escaping @Sendable (UnsafeBufferPointer<Int32>, Bool) -> Double?) -> PairedBootstrap? {
          guard landmarks != nil else {
            return PairedBootstrap.run(accounts: pairs.count, replicates: bootstrapReplicates, seed: horizonSeed, statistic: statistic)
          }
          return PairedBootstrap.run(accounts: cluster.count, replicates: bootstrapReplicates, seed: horizonSeed) { [member] drawn, isCandidate in
            member.map { drawn[$0] }.withUnsafeBufferPointer { statistic($0, isCandidate) }
          }
        }
        aucDifference = paired { multiplicities, isCandidate in
          concordance.map { $0[isCandidate ? 1 : 0].auc(multiplicity: multiplicities) }
            ?? WeightedMetrics.rocAUC(ranked: isCandidate ? rankedB : rankedA, isChurned: isChurned, multiplicities: multiplicities)
        }
        greenChurnDifference = paired {
          WeightedMetrics.rate(numerator: $1 ? greenB : greenA, denominator: isChurned, multiplicities: $0)
        }
      }

      var changes = 0
      for pair in pairs where pair.a.band != pair.b.band {
        changes += 1
        bandChanges.append(BandChange(
          accountID: ids[pair.a.account], horizon: resultA.horizon, isChurned: pair.a.isChurned,
          baselineScore: pair.a.score, baselineBand: pair.a.band, candidateScore: pair.b.score,
          candidateBand: pair.b.band, landmark: pair.a.landmark.map(CalendarDate.init(daysSinceEpoch:))))
      }
      horizons.append(Horizon(
        horizon: resultA.horizon, scoredByBaseline: resultA.accounts.count, scoredByCandidate: resultB.accounts.count,
        scoredByBoth: pairs.count, churnedScoredByBoth: isChurned.filter { $0 }.count,
        baseline: ModelMetrics(bands: bandsA, scores: scoresA, isChurned: isChurned, atRisk: atRisk, ranked: rankedA, landmarks: landmarks),
        candidate: ModelMetrics(bands: bandsB, scores: scoresB, isChurned: isChurned, atRisk: atRisk, ranked: rankedB, landmarks: landmarks),
        rocAUCDifference: aucDifference, greenChurnDifference: greenChurnDifference, bandChangeCount: changes))
    }

    baselineName = baseline.modelName
    candidateName = candidate.modelName
    configuration = baseline.configuration
    snapshotsFile = baseline.snapshotsFile
    accountCount = baseline.accountCount
    snapshotCount = baseline.snapshotCount
    outcomeCount = baseline.outcomeCount
    churnedCount = baseline.churnedCount
    observedUntil = baseline.observedUntil
    self.bootstrapReplicates = bootstrapReplicates
    self.seed = seed
    self.horizons = horizons
    self.bandChanges = bandChanges
    design = baseline.design
    designReason = baseline.designReason
    warnings = baseline.warnings
  }
}

extension ModelComparison.Horizon {
  /// AUC(B) − AUC(A) on the accounts both scored, or `nil` when either is undefined.
  public var rocAUCChange: Double? {
    guard let a = baseline.rocAUC, let b = candidate.rocAUC else { return nil }
    return b - a
  }

  /// Green-churn rate(B) − rate(A), or `nil` when no churned account was scored by both.
  public var greenChurnChange: Double? {
    ModelComparison.change(baseline.greenChurn, candidate.greenChurn)
  }

  /// At-risk recall(B) − recall(A), or `nil` when no churned account was scored by both.
  public var atRiskRecallChange: Double? {
    ModelComparison.change(baseline.atRiskRecall, candidate.atRiskRecall)
  }

  /// False-alarm rate(B) − rate(A), or `nil` when no renewed account was scored by both.
  public var falseAlarmRateChange: Double? {
    ModelComparison.change(baseline.falseAlarmRate, candidate.falseAlarmRate)
  }

  /// Alert rate(B) − rate(A), or `nil` when no account was scored by both.
  public var alertRateChange: Double? {
    ModelComparison.change(baseline.alertRate, candidate.alertRate)
  }
}

extension ModelComparison {
  /// The band changes at one horizon split so the parts add up to the
  /// total: each change is counted in exactly one part.
  public struct BandChangeBreakdown: Hashable, Sendable {
    /// Churned accounts green under A and not under B (B warns earlier).
    public var churnedLeftGreen = 0
    /// Churned accounts not green under A and green under B (B misses them).
    public var churnedBecameGreen = 0
    /// Churned accounts moving between red and amber.
    public var churnedOther = 0
    /// Other accounts not flagged under A and flagged under B.
    public var otherNewlyFlagged = 0
    /// Other accounts flagged under A and not under B.
    public var otherUnflagged = 0
    /// Other accounts changing band on the same side of the flag.
    public var otherUnchangedFlag = 0

    /// The sum of the parts: every band change at the horizon.
    public var total: Int {
      churnedLeftGreen + churnedBecameGreen + churnedOther + otherNewlyFlagged + otherUnflagged + otherUnchangedFlag
    }
  }

  /// The band changes at `horizon`, split into parts that add up.
  public func bandChangeBreakdown(horizon: Int) -> BandChangeBreakdown {
    var parts = BandChangeBreakdown()
    let atRisk = configuration.atRisk
    for change in bandChanges where change.horizon == horizon {
      let (a, b) = (change.baselineBand, change.candidateBand)
      if change.isChurned {
        if a == .green { parts.churnedLeftGreen += 1 } else if b == .green { parts.churnedBecameGreen += 1 } else { parts.churnedOther += 1 }
      } else if !atRisk.isAtRisk(a) && atRisk.isAtRisk(b) {
        parts.otherNewlyFlagged += 1
      } else if atRisk.isAtRisk(a) && !atRisk.isAtRisk(b) {
        parts.otherUnflagged += 1
      } else {
        parts.otherUnchangedFlag += 1
      }
    }
    return parts
  }

  /// `b − a` when both rates are defined.
  static func change(_ a: Rate, _ b: Rate) -> Double? {
    guard let a = a.value, let b = b.value else { return nil }
    return b - a
  }
}
