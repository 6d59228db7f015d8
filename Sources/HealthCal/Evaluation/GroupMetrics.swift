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
  /// Threshold-free ranking metrics over risk = 100 − score.
  ///
  /// Its per-observation ``RankedScores/bucket`` is released once the
  /// metrics are computed; the per-value tallies stay.
  public var ranked: RankedScores
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
  public var calibration: LogisticCalibration?
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
    self.group = group
    var accounts = accounts
    var weights: [Double]?
    var coverage = coverage
    if accounts.contains(where: { $0.landmark != nil }) {
      // A canonical order (not account order) keeps every floating-point sum
      // the same however the accounts were named or the rows ordered.
      // Indices are sorted, not the observations, so only the kept ones are copied.
      let order = accounts.indices.sorted { i, j in
        let a = accounts[i], b = accounts[j]
        return (a.landmark ?? Int.min, a.isChurned ? 1 : 0, a.score, a.arr ?? -1) < (b.landmark ?? Int.min, b.isChurned ? 1 : 0, b.score, b.arr ?? -1)
      }
      let all = LandmarkWeights.weights(landmarks: order.map { accounts[$0].landmark ?? Int.min }, isChurned: order.map { accounts[$0].isChurned })
      let kept = order.indices.filter { all[$0] > 0 }
      accounts = kept.map { accounts[order[$0]] }
      weights = kept.map { all[$0] }
      coverage.renewedScored = accounts.count - coverage.churnedScored
    }
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
    let risk = scores.map { 100 - $0 }
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
      ranked = RankedScores(risk: risk, isChurned: labels, renewedWeights: weights)
      let concordance = LandmarkConcordance(risk: risk, isChurned: labels, landmarks: accounts.map { $0.landmark ?? Int.min })
      rocAUC = concordance.rocAUC
      rocAUCInterval = bootstrapReplicates > 0
        ? concordance.bootstrap(accounts: accounts.map(\.account), replicates: bootstrapReplicates, seed: seed) : nil
    } else {
      precision = Rate(flaggedChurned, of: flaggedChurned + flaggedRenewed)
      falseAlarmRate = Rate(flaggedRenewed, of: renewed)
      alertRate = Rate(flaggedChurned + flaggedRenewed, of: churned + renewed)
      nonGreenRate = Rate(accounts.count - accounts.filter { $0.band == .green }.count, of: accounts.count)
      falseAlarmARR = ARRShare(flaggedRenewedARR, of: renewedARR)
      ranked = RankedScores(risk: risk, isChurned: labels)
      rocAUC = ranked.rocAUC
      rocAUCInterval = bootstrapReplicates > 0 ? BootstrapInterval.rocAUC(ranked, replicates: bootstrapReplicates, seed: seed) : nil
    }
    averagePrecision = ranked.averagePrecision
    kolmogorovSmirnov = ranked.kolmogorovSmirnov
    // With one class empty a calibrated probability is trivially 0 or 1 and its
    // Brier score near 0, which would read as a perfect score; leave both undefined.
    calibration = churned > 0 && renewed > 0 ? LogisticCalibration(scores: scores, isChurned: labels, weights: weights) : nil
    brierScore = calibration?.brierScore(scores: scores, isChurned: labels, weights: weights)
    deciles = DecileTable(scores: scores, isChurned: labels, weights: weights)
    ranked.releaseBuckets()
  }
}
