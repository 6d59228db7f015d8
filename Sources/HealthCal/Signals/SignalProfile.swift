/// How one column separates churned from other accounts at one horizon, on
/// the observations an audit compares there.
public struct SignalProfile: Equatable, Sendable {
  /// Which way churn moves with a column.
  public enum Direction: String, Hashable, Sendable {
    /// Higher values go with churn (AUC above 0.5).
    case higherMeansChurn = "higher means churn"
    /// Lower values go with churn (AUC below 0.5).
    case lowerMeansChurn = "lower means churn"
  }

  /// Days before the outcome.
  public var horizon: Int
  /// Observations compared at the horizon.
  public var observations: Int
  /// Observations with a value.
  public var present: Int
  /// ROC AUC of the raw value as a churn predictor (higher value = churn):
  /// in the landmark design the pooled within-landmark concordance.
  public var rocAUC: Double?
  /// Bootstrap interval of ``rocAUC`` (resampling accounts).
  public var rocAUCInterval: BootstrapInterval?
  /// The optimal monotonic bins, with WoE and IV.
  public var bins: SignalBins
  /// Churn rate by decile of the value (decile 1 = lowest values): the cohort plot.
  public var cohorts: DecileTable
  /// A transform built from ``bins``, `nil` when one bin is all the data supports.
  public var suggestion: Transform?
  /// For a `category` column, its labels: bin k (from threshold k) is label
  /// k, and ``rocAUC`` ranks the model's sub-scores for the labels, since
  /// labels have no order of their own. `nil` for a number column.
  public var labels: [String]?

  /// Share of observations with a value.
  public var coverage: Double? { observations > 0 ? Double(present) / Double(observations) : nil }
  /// The direction of ``rocAUC``; `nil` at exactly 0.5, without one, and
  /// for a category (its labels have no order).
  public var direction: Direction? {
    guard labels == nil, let rocAUC, rocAUC != 0.5 else { return nil }
    return rocAUC > 0.5 ? .higherMeansChurn : .lowerMeansChurn
  }
  /// How far ``rocAUC`` is from a coin, whichever way: the ranking key.
  public var separation: Double { rocAUC.map { abs($0 - 0.5) } ?? 0 }
  /// Information value of ``bins``.
  public var informationValue: Double { bins.informationValue }
  /// The reading of ``informationValue``.
  public var strength: SignalStrength { SignalStrength(informationValue: informationValue) }

  /// Profiles `values` at one horizon.
  /// - Parameters:
  ///   - observations: the horizon's compared observations.
  ///   - values: one value per observation, `nil` when missing.
  ///   - isBoolean: whether the column holds only 0 and 1 (suggests a `boolean` transform).
  init(
    horizon: Int, observations: SignalObservations, values: [Double?], isBoolean: Bool, binning: MonotonicBinning.Settings,
    bootstrapReplicates: Int, seed: UInt64
  ) {
    self.horizon = horizon
    self.observations = values.count
    let presentIndices = values.indices.filter { values[$0] != nil }
    present = presentIndices.count
    let present = observations.selecting(presentIndices)
    let presentValues = presentIndices.map { values[$0]! }
    (rocAUC, rocAUCInterval) = present.rocAUC(risk: presentValues, bootstrapReplicates: bootstrapReplicates, seed: seed)
    let trend: MonotonicBinning.Trend = (rocAUC ?? 0.5) < 0.5 ? .descending : .ascending
    let thresholds = MonotonicBinning.thresholds(
      values: presentValues, isCase: present.isCase, weights: present.weights, trend: trend, settings: binning)
    bins = SignalBins(thresholds: thresholds, values: values, isCase: observations.isCase, weights: observations.weights)
    cohorts = DecileTable(scores: presentValues, isChurned: present.isCase, weights: present.weights)
    suggestion = Self.suggestion(bins: bins, isBoolean: isBoolean)
  }

  /// Profiles a `category` column: one bin per label (codes are positions
  /// in `labels`), the AUC of `risk` (100 − the model's sub-score of each
  /// observation's label), and a suggested table of sub-scores for the labels
  /// holding at least the binning's minimum share (the rest fall to `other`:
  /// the model's, else the neutral 50).
  init(
    horizon: Int, observations: SignalObservations, codes: [Double?], labels: [String], risk: [Double?], other: Double?,
    binning: MonotonicBinning.Settings, bootstrapReplicates: Int, seed: UInt64
  ) {
    self.horizon = horizon
    self.observations = codes.count
    self.labels = labels
    present = codes.compactMap { $0 }.count
    let scored = risk.indices.filter { risk[$0] != nil }
    (rocAUC, rocAUCInterval) = observations.selecting(scored)
      .rocAUC(risk: scored.map { risk[$0]! }, bootstrapReplicates: bootstrapReplicates, seed: seed)
    bins = SignalBins(
      thresholds: labels.indices.dropFirst().map(Double.init), values: codes, isCase: observations.isCase, weights: observations.weights)
    cohorts = DecileTable(scores: [], isChurned: [])
    let kept = bins.bins.enumerated().filter { !$1.isMissing && $1.share >= binning.minimumShare && $1.churnRate != nil }
    if let scores = Self.scores(rates: kept.map { $1.churnRate! }) {
      // Labels left out score `other`; without one in the model they would
      // stop every later run, so they take the neutral 50 (as a missing value does).
      let leftOut = kept.count < labels.count
      suggestion = .category(labels: kept.map { labels[$0.offset] }, scores: scores, other: other ?? (leftOut ? 50 : nil))
    }
  }

  /// Sub-scores for churn rates: the lowest rate scores 100, the highest 0,
  /// the others in proportion, rounded to whole points; `nil` for fewer than
  /// two rates or rates that do not differ.
  static func scores(rates: [Double]) -> [Double]? {
    guard rates.count > 1, let low = rates.min(), let high = rates.max(), high > low else { return nil }
    return rates.map { (100 * (high - $0) / (high - low)).rounded() }
  }

  /// Sub-scores from the bins' churn rates: the lowest rate scores 100, the
  /// highest 0, the others in proportion, rounded to whole points.
  static func suggestion(bins: SignalBins, isBoolean: Bool) -> Transform? {
    let rates = bins.bins.filter { !$0.isMissing }.compactMap(\.churnRate)
    guard rates.count == bins.thresholds.count + 1, let scores = scores(rates: rates) else { return nil }
    if isBoolean, bins.thresholds == [1] { return .boolean(trueScore: scores[1], falseScore: scores[0]) }
    return .bands(thresholds: bins.thresholds, scores: scores)
  }
}
