/// The fewest bins of a column whose churn rates move one way and whose
/// neighbours differ significantly: the cut-offs a `bands` transform needs.
///
/// 1. Pre-bins: up to ``Settings/prebins`` groups of about equal count, cut
///    only between distinct values (tied values always share a bin).
/// 2. Monotonic: adjacent groups whose churn rates run against ``Trend`` are
///    pooled (pool-adjacent-violators, the least-squares monotonic fit).
/// 3. Size: a bin holding less than ``Settings/minimumShare`` of the present
///    observations, or no churned or no other observation, is merged into
///    the neighbour with the closer churn rate.
/// 4. Significance: while some neighbours' churn rates do not differ at
///    ``Settings/significance`` divided by the number of candidate cuts
///    (two-sided two-proportion z-test, Bonferroni-corrected), the pair
///    with the largest p-value is merged; then, while there are more than
///    ``Settings/maximumBins``, likewise.
///
/// The correction matters: the cuts are chosen where the data differ most,
/// so an uncorrected test finds a "significant" split in pure noise about
/// as often as there are candidates × 5%. On the calendar-confounded book
/// (600 accounts, 68 cases at 90 days) `tenure_days`, independent of churn
/// at any one date, got a split with IV 0.15 ("medium") without it.
///
/// Merging neighbours of a monotonic sequence keeps it monotonic, so every
/// step preserves the trend. Each step is deterministic, so the bins depend
/// only on the multiset of (value, class, weight). `optbinning` solves a
/// similar problem by mixed-integer programming (maximum IV under the same
/// constraints) and can choose other cut-offs; see the README.
public enum MonotonicBinning {
  /// The limits of a binning.
  public struct Settings: Hashable, Sendable {
    /// The most bins (missing values apart).
    public var maximumBins = 6
    /// The smallest share of the present observations a bin may hold.
    public var minimumShare = 0.05
    /// Pre-bins before merging.
    public var prebins = 20
    /// Neighbours whose churn rates differ with a p-value above this,
    /// divided by the number of candidate cuts, are merged.
    public var significance = 0.05

    /// The defaults: at most 6 bins of at least 5%, 20 pre-bins, p < 0.05.
    public init() {}
  }

  /// Which way churn moves with the column.
  public enum Trend: String, Hashable, Sendable {
    /// Churn rises with the value.
    case ascending
    /// Churn falls as the value rises.
    case descending
  }

  /// A run of sorted observations.
  struct Group {
    var minimum: Double
    var count: Int
    var cases: Int
    var controls: Double
    var total: Double { Double(cases) + controls }
    var rate: Double { total > 0 ? Double(cases) / total : 0 }

    mutating func absorb(_ other: Group) {
      minimum = min(minimum, other.minimum)
      count += other.count
      cases += other.cases
      controls += other.controls
    }
  }

  /// The thresholds of the bins (each the smallest value of a bin after the
  /// first, so `value ≥ threshold` moves up a bin); empty when one bin is
  /// all the data supports.
  /// - Parameters:
  ///   - values: the present values.
  ///   - isCase: whether each observation is churned.
  ///   - weights: each observation's weight (cases weigh 1); `nil` for 1 each.
  public static func thresholds(
    values: [Double], isCase: [Bool], weights: [Double]?, trend: Trend, settings: Settings = Settings()
  ) -> [Double] {
    precondition(values.count == isCase.count && (weights?.count ?? values.count) == values.count, "one value per observation")
    guard !values.isEmpty else { return [] }
    // Sorted by value alone: pre-bin cuts depend only on how many values lie
    // below, so the order among equal values does not matter.
    var order = Array(values.indices)
    values.withUnsafeBufferPointer { v in order.sort { v[$0] < v[$1] } }
    // Distinct values, then pre-bins of about n / prebins observations.
    var groups: [Group] = []
    let n = values.count
    var position = 0
    var nextCut = 1
    var previous = -Double.infinity
    for i in order {
      let value = values[i]
      // A cut falls at the first new value once a pre-bin's share is reached.
      if groups.isEmpty || (value != previous && position * settings.prebins >= nextCut * n) {
        groups.append(Group(minimum: value, count: 0, cases: 0, controls: 0))
        while nextCut * n <= position * settings.prebins { nextCut += 1 }
      }
      groups[groups.count - 1].count += 1
      if isCase[i] { groups[groups.count - 1].cases += 1 } else { groups[groups.count - 1].controls += weights?[i] ?? 1 }
      position += 1
      previous = value
    }
    let level = settings.significance / Double(max(groups.count - 1, 1))
    groups = poolViolators(groups, trend: trend)
    groups = mergeSmall(groups, minimumCount: settings.minimumShare * Double(n))
    while groups.count > 1 {
      let pValues = zip(groups, groups.dropFirst()).map { pValue($0, $1) }
      let worst = pValues.indices.max { (pValues[$0], $1) < (pValues[$1], $0) }!
      guard pValues[worst] > level || groups.count > settings.maximumBins else { break }
      groups[worst].absorb(groups[worst + 1])
      groups.remove(at: worst + 1)
    }
    return groups.dropFirst().map(\.minimum)
  }

  /// Pool-adjacent-violators: merges neighbours until rates follow `trend`.
  static func poolViolators(_ groups: [Group], trend: Trend) -> [Group] {
    var stack: [Group] = []
    for group in groups {
      stack.append(group)
      while stack.count > 1 {
        let last = stack[stack.count - 1]
        let previous = stack[stack.count - 2]
        let violates = trend == .ascending ? previous.rate > last.rate : previous.rate < last.rate
        guard violates else { break }
        stack.removeLast()
        stack[stack.count - 1].absorb(last)
      }
    }
    return stack
  }

  /// Merges bins below `minimumCount` observations, or without one of the
  /// classes, smallest first, into the neighbour with the closer rate.
  static func mergeSmall(_ groups: [Group], minimumCount: Double) -> [Group] {
    var groups = groups
    func isTooSmall(_ g: Group) -> Bool { Double(g.count) < minimumCount || g.cases == 0 || g.controls <= 0 }
    while groups.count > 1 {
      let small = groups.indices.filter { isTooSmall(groups[$0]) }
      guard let i = small.min(by: { (groups[$0].count, $0) < (groups[$1].count, $1) }) else { break }
      let j: Int
      if i == 0 {
        j = 1
      } else if i == groups.count - 1 {
        j = i - 1
      } else {
        j = abs(groups[i - 1].rate - groups[i].rate) <= abs(groups[i + 1].rate - groups[i].rate) ? i - 1 : i + 1
      }
      let (low, high) = (min(i, j), max(i, j))
      groups[low].absorb(groups[high])
      groups.remove(at: high)
    }
    return groups
  }

  /// The two-sided p-value of the two-proportion z-test between two bins'
  /// churn rates (1 when both rates are 0 or both 1).
  static func pValue(_ a: Group, _ b: Group) -> Double {
    TwoProportionTest.pValue(Double(a.cases), of: a.total, Double(b.cases), of: b.total)
  }
}
