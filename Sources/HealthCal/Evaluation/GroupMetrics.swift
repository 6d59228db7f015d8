/// Every metric for one group of accounts (all accounts, or one segment) at
/// one horizon.
///
/// Denominators are spelled out on each property because a rate without its
/// denominator is how a dashboard lies: the green-churn rate is over churned
/// accounts *that were scored*, and the coverage gap is reported beside it.
public struct GroupMetrics: Sendable {
  /// "all", or the segment name.
  public var group: String
  /// Scored and unscored counts.
  public var coverage: Coverage
  /// Scored accounts per band: `[band: (churned, renewed)]`.
  public var bandCounts: [Band: (churned: Int, renewed: Int)]
  /// Churned accounts banded green ÷ churned accounts scored. The headline miss rate.
  public var greenChurn: Rate
  /// Churned accounts flagged at risk ÷ churned accounts scored.
  public var atRiskRecall: Rate
  /// Churned accounts flagged ÷ all accounts flagged.
  public var precision: Rate
  /// Renewed accounts flagged ÷ renewed accounts scored (in the landmark
  /// design: control observations, weighted to the churned accounts' dates).
  public var falseAlarmRate: Rate
  /// Accounts flagged ÷ all accounts scored: the CS team's call list.
  public var alertRate: Rate
  /// Accounts not green ÷ all accounts scored: everyone the CS team is asked
  /// to look at, the share the weight search's alert budget caps.
  public var nonGreenRate: Rate
  /// Churned ARR banded green ÷ churned ARR scored (accounts with known ARR).
  public var greenChurnARR: ARRShare
  /// Churned ARR flagged at risk ÷ churned ARR scored.
  public var atRiskRecallARR: ARRShare
  /// Renewed ARR flagged at risk ÷ renewed ARR scored.
  public var falseAlarmARR: ARRShare
  /// Scored accounts with no ARR in either file (left out of the ARR shares).
  public var accountsWithoutARR: Int
  /// Vertices of the ROC curve over risk = 100 − score, for charts (see
  /// ``RankedScores/chartROCPoints``): the ranking itself is not kept, since
  /// a million accounts at 13 landmarks have about as many distinct scores
  /// and every horizon and segment would hold 32 bytes for each.
  public var rocPoints: [(falsePositiveRate: Double, truePositiveRate: Double)]
  /// Scored observations per 5-point score bin, churned against others
  /// (unweighted counts).
  public var histogram: ScoreHistogram
  /// ROC AUC (ties count half), `nil` when a class is empty; in the
  /// landmark design the pooled within-landmark concordance.
  public var rocAUC: Double?
  /// Percentile bootstrap 95% interval of the AUC.
  public var rocAUCInterval: BootstrapInterval?
  /// Average precision (area under the precision–recall step curve).
  public var averagePrecision: Double?
  /// Kolmogorov–Smirnov statistic between churned and renewed score distributions.
  public var kolmogorovSmirnov: Double?
  /// Platt calibration of score to churn probability, fitted in-sample;
  /// `nil` unless both classes are present.
  package var calibration: LogisticCalibration?
  /// Brier score of the calibrated probability.
  public var brierScore: Double?
  /// Churn rate by score decile.
  public var deciles: DecileTable

  /// Computes the metrics of `accounts`.
  ///
  /// In the landmark design (observations carry a ``ScoredAccount/landmark``)
  /// the comparisons are time-matched: non-churned observations at a
  /// landmark where the group has no churned one are left out (and
  /// `coverage.renewedScored` counts only those compared); the rates over
  /// them (false alarms, alert rate, precision, ARR false alarms), KS,
  /// average precision, calibration, Brier and deciles use
  /// ``LandmarkWeights``; ROC AUC is ``LandmarkConcordance`` and its
  /// interval resamples accounts.
  /// - Parameters:
  ///   - accounts: the scored accounts (observations) in the group.
  ///   - coverage: the group's scored and unscored counts.
  ///   - atRisk: which bands count as flagged.
  ///   - bootstrapReplicates: resamples for the AUC interval (0 to skip).
  ///   - seed: the bootstrap seed.
  public init(
    group: String, accounts: [ScoredAccount], coverage: Coverage, atRisk: AtRiskRule,
    bootstrapReplicates: Int, seed: UInt64
  ) {
    var coverage = coverage
    // In the landmark design the observations are read through `selection`
    // rather than copied: a million accounts at 13 landmarks are 0.7 GB of them.
    var selection: [Int]?
    var weights: [Double]?
    if accounts.contains(where: { $0.landmark != nil }) {
      // A canonical order (not account order) keeps every floating-point sum
      // the same however the accounts were named or the rows ordered.
      let order = accounts.indices.sorted { i, j in
        let a = accounts[i], b = accounts[j]
        return (a.landmark ?? Int.min, a.isChurned ? 1 : 0, a.score, a.arr ?? -1) < (b.landmark ?? Int.min, b.isChurned ? 1 : 0, b.score, b.arr ?? -1)
      }
      let all = LandmarkWeights.weights(landmarks: order.map { accounts[$0].landmark ?? Int.min }, isChurned: order.map { accounts[$0].isChurned })
      let kept = order.indices.filter { all[$0] > 0 }
      selection = kept.map { order[$0] }
      weights = kept.map { all[$0] }
      coverage.renewedScored = kept.count - coverage.churnedScored
    }
    self.init(
      group: group, accounts: accounts, selection: selection, weights: weights, coverage: coverage, atRisk: atRisk,
      bootstrapReplicates: bootstrapReplicates, seed: seed)
  }

  /// The metrics of `accounts[selection]` (all of `accounts` when `nil`),
  /// weighted as the landmark design weights them when `weights` is given.
  private init(
    group: String, accounts all: [ScoredAccount], selection: [Int]?, weights: [Double]?, coverage: Coverage, atRisk: AtRiskRule,
    bootstrapReplicates: Int, seed: UInt64
  ) {
    self.group = group
    let accounts = ObservationView(all: all, selection: selection)
    self.coverage = coverage
    var bandCounts: [Band: (churned: Int, renewed: Int)] = [:]
    for band in Band.allCases { bandCounts[band] = (0, 0) }
    var greenChurned = 0, flaggedChurned = 0, flaggedRenewed = 0, churned = 0, renewed = 0
    var churnedARR = 0.0, renewedARR = 0.0, greenChurnedARR = 0.0, flaggedChurnedARR = 0.0, flaggedRenewedARR = 0.0
    var withoutARR = 0
    for account in accounts {
      let flagged = atRisk.isAtRisk(account.band)
      if account.isChurned {
        churned += 1
        bandCounts[account.band]!.churned += 1
        if account.band == .green { greenChurned += 1 }
        if flagged { flaggedChurned += 1 }
      } else {
        renewed += 1
        bandCounts[account.band]!.renewed += 1
        if flagged { flaggedRenewed += 1 }
      }
      guard let arr = account.arr else {
        withoutARR += 1
        continue
      }
      if account.isChurned {
        churnedARR += arr
        if account.band == .green { greenChurnedARR += arr }
        if flagged { flaggedChurnedARR += arr }
      } else {
        renewedARR += arr
        if flagged { flaggedRenewedARR += arr }
      }
    }
    self.bandCounts = bandCounts
    greenChurn = Rate(greenChurned, of: churned)
    atRiskRecall = Rate(flaggedChurned, of: churned)
    greenChurnARR = ARRShare(greenChurnedARR, of: churnedARR)
    atRiskRecallARR = ARRShare(flaggedChurnedARR, of: churnedARR)
    accountsWithoutARR = withoutARR

    let scores = accounts.map(\.score)
    let labels = accounts.map(\.isChurned)
    if let weights {
      let flagged = accounts.map { atRisk.isAtRisk($0.band) }
      let controls = accounts.indices.filter { !labels[$0] }
      let flaggedIndices = accounts.indices.filter { flagged[$0] }
      precision = Rate(weights: flaggedIndices.map { weights[$0] }, meets: flaggedIndices.map { labels[$0] })
      falseAlarmRate = Rate(weights: controls.map { weights[$0] }, meets: controls.map { flagged[$0] })
      alertRate = Rate(weights: weights, meets: flagged)
      nonGreenRate = Rate(weights: weights, meets: accounts.map { $0.band != .green })
      let withARR = controls.filter { accounts[$0].arr != nil }
      falseAlarmARR = ARRShare(
        withARR.reduce(0) { $0 + (flagged[$1] ? weights[$1] * accounts[$1].arr! : 0) },
        of: withARR.reduce(0) { $0 + weights[$1] * accounts[$1].arr! })
    } else {
      precision = Rate(flaggedChurned, of: flaggedChurned + flaggedRenewed)
      falseAlarmRate = Rate(flaggedRenewed, of: renewed)
      alertRate = Rate(flaggedChurned + flaggedRenewed, of: churned + renewed)
      nonGreenRate = Rate(accounts.count - accounts.filter { $0.band == .green }.count, of: accounts.count)
      falseAlarmARR = ARRShare(flaggedRenewedARR, of: renewedARR)
    }
    // The ranking is built, read and released before the landmark
    // concordance and its bootstrap build their own tallies.
    var rocAUC: Double?
    var rocAUCInterval: BootstrapInterval?
    (rocPoints, histogram, averagePrecision, kolmogorovSmirnov) = {
      let risk = scores.map { 100 - $0 }
      let ranked = weights.map { RankedScores(risk: risk, isChurned: labels, renewedWeights: $0) } ?? RankedScores(risk: risk, isChurned: labels)
      if weights == nil {
        rocAUC = ranked.rocAUC
        rocAUCInterval = bootstrapReplicates > 0 ? BootstrapInterval.rocAUC(ranked, replicates: bootstrapReplicates, seed: seed) : nil
      }
      return (ranked.chartROCPoints, ScoreHistogram(ranked: ranked), ranked.averagePrecision, ranked.kolmogorovSmirnov)
    }()
    if weights != nil {
      let concordance = LandmarkConcordance(risk: scores.map { 100 - $0 }, isChurned: labels, landmarks: accounts.map { $0.landmark ?? Int.min })
      rocAUC = concordance.rocAUC
      rocAUCInterval = bootstrapReplicates > 0
        ? concordance.bootstrap(accounts: accounts.map(\.account), replicates: bootstrapReplicates, seed: seed) : nil
    }
    self.rocAUC = rocAUC
    self.rocAUCInterval = rocAUCInterval
    // With one class empty a calibrated probability is trivially 0 or 1 and its
    // Brier score near 0, which would read as a perfect score; leave both undefined.
    calibration = churned > 0 && renewed > 0 ? LogisticCalibration(scores: scores, isChurned: labels, weights: weights) : nil
    brierScore = calibration?.brierScore(scores: scores, isChurned: labels, weights: weights)
    deciles = DecileTable(scores: scores, isChurned: labels, weights: weights)
  }
}

/// Observations of a group in the order its metrics read them, without
/// copying them.
private struct ObservationView: RandomAccessCollection {
  let all: [ScoredAccount]
  let selection: [Int]?

  var startIndex: Int { 0 }
  var endIndex: Int { selection?.count ?? all.count }
  subscript(position: Int) -> ScoredAccount { all[selection.map { $0[position] } ?? position] }
}
