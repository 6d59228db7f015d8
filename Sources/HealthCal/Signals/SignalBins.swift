import Foundation

/// A column's observations cut into bins at thresholds, with each bin's
/// churn rate and weight of evidence, and the column's information value.
///
/// Bins are `value < t₁`, `t₁ ≤ value < t₂`, …, `value ≥ t_k` (the
/// convention of the `bands` transform, so thresholds can be pasted into a
/// model), plus a bin of missing values when there are any. Each bin's
///
///     WoE = ln( (controls in bin ÷ all controls) ÷ (cases in bin ÷ all cases) )
///     IV  = Σ (control share − case share) · WoE
///
/// as in credit scorecards and `optbinning`: a positive WoE marks a bin
/// with fewer churners than average. Controls carry weights (the landmark
/// design's ``LandmarkWeights``, 1 in the renewal design), so shares and
/// rates compare churned accounts with still-customers on the churned
/// accounts' calendar. A bin without churned or without other observations
/// has no WoE and adds nothing to IV (the binning never makes one).
public struct SignalBins: Hashable, Sendable {
  /// One bin.
  public struct Bin: Hashable, Sendable {
    /// The bin's lower threshold (inclusive), `nil` for the first bin and the missing bin.
    public var lower: Double?
    /// The bin's upper threshold (exclusive), `nil` for the last bin and the missing bin.
    public var upper: Double?
    /// Whether this is the bin of missing values.
    public var isMissing: Bool
    /// Observations in the bin.
    public var count: Int
    /// Churned observations (cases) in the bin.
    public var cases: Int
    /// Other observations in the bin, weighted.
    public var controls: Double
    /// Share of all observations (unweighted) in the bin.
    public var share: Double
    /// Cases ÷ (cases + weighted controls).
    public var churnRate: Double?
    /// Weight of evidence, `nil` when the bin lacks a class.
    public var weightOfEvidence: Double?
    /// The bin's term of ``SignalBins/informationValue``.
    public var informationValue: Double
  }

  /// The thresholds, ascending.
  public var thresholds: [Double]
  /// The bins, lowest values first, the missing bin last.
  public var bins: [Bin]
  /// Σ of the bins' terms.
  public var informationValue: Double

  /// Bins `values` at `thresholds`.
  /// - Parameters:
  ///   - values: one value per observation, `nil` when missing.
  ///   - isCase: whether each observation is churned.
  ///   - weights: each observation's weight (cases weigh 1); `nil` for 1 each.
  public init(thresholds: [Double], values: [Double?], isCase: [Bool], weights: [Double]? = nil) {
    precondition(values.count == isCase.count && (weights?.count ?? values.count) == values.count, "one value per observation")
    self.thresholds = thresholds
    let k = thresholds.count + 1
    var counts = [Int](repeating: 0, count: k + 1)
    var cases = [Int](repeating: 0, count: k + 1)
    var controls = [Double](repeating: 0, count: k + 1)
    for i in values.indices {
      let b = values[i].map { Self.bin(of: $0, thresholds: thresholds) } ?? k
      counts[b] += 1
      if isCase[i] { cases[b] += 1 } else { controls[b] += weights?[i] ?? 1 }
    }
    let totalCases = Double(cases.reduce(0, +))
    let totalControls = controls.reduce(0, +)
    var bins: [Bin] = []
    var informationValue = 0.0
    for b in 0...k where b < k || counts[k] > 0 {
      let caseShare = totalCases > 0 ? Double(cases[b]) / totalCases : 0
      let controlShare = totalControls > 0 ? controls[b] / totalControls : 0
      let woe = cases[b] > 0 && controls[b] > 0 ? log(controlShare / caseShare) : nil
      let term = woe.map { (controlShare - caseShare) * $0 } ?? 0
      informationValue += term
      let total = Double(cases[b]) + controls[b]
      bins.append(Bin(
        lower: b == k || b == 0 ? nil : thresholds[b - 1], upper: b >= k - 1 ? nil : thresholds[b], isMissing: b == k,
        count: counts[b], cases: cases[b], controls: controls[b], share: values.isEmpty ? 0 : Double(counts[b]) / Double(values.count),
        churnRate: total > 0 ? Double(cases[b]) / total : nil, weightOfEvidence: woe, informationValue: term))
    }
    self.bins = bins
    self.informationValue = informationValue
  }

  /// The bin index of a present value: how many thresholds lie at or below it.
  static func bin(of value: Double, thresholds: [Double]) -> Int {
    var low = 0
    var high = thresholds.count
    while low < high {
      let mid = (low + high) / 2
      if value >= thresholds[mid] { low = mid + 1 } else { high = mid }
    }
    return low
  }
}
