/// Churn rate by score decile: decile 1 holds the lowest scores (highest
/// risk), decile 10 the highest.
///
/// A score that predicts churn shows falling churn rates from decile 1 to 10;
/// a bump says the score misorders accounts in that range.
///
/// Deciles are tie-aware and order-invariant. Cutting a sorted list into ten
/// equal slices would split a run of equal scores across two deciles, and
/// which tied account landed where would depend on input order. Instead an
/// observation's decile is
///
///     floor(10 · (number of observations with a strictly lower score) / n) + 1,
///
/// so equal scores always share a decile and the table depends only on the
/// multiset of (score, outcome) pairs. The price is that deciles can be
/// uneven, and some can be empty (with n < 10, or a heavy tie); empty deciles
/// are kept, with count 0 and no rate, so the table always has ten rows.
public struct DecileTable: Hashable, Sendable {
  /// One decile's accounts and churn rate.
  public struct Row: Hashable, Sendable {
    /// 1 (lowest scores) through 10 (highest scores).
    public var decile: Int
    /// Observations in this decile.
    public var count: Int
    /// Churned observations in this decile.
    public var churned: Int
    /// The lowest score in this decile; `nil` when the decile is empty.
    public var minScore: Double?
    /// The highest score in this decile; `nil` when the decile is empty.
    public var maxScore: Double?
    /// `churned / count`; `nil` when the decile is empty (no denominator).
    public var churnRate: Double?

    /// Creates a row.
    public init(
      decile: Int, count: Int, churned: Int, minScore: Double?, maxScore: Double?, churnRate: Double?
    ) {
      self.decile = decile
      self.count = count
      self.churned = churned
      self.minScore = minScore
      self.maxScore = maxScore
      self.churnRate = churnRate
    }
  }

  /// The ten deciles, in order 1 through 10; always ten rows.
  public var rows: [Row]

  /// Builds the table.
  ///
  /// - Parameters:
  ///   - scores: Health scores (low means at risk). Must not contain NaN.
  ///   - isChurned: One outcome per score.
  ///   - weights: A weight per observation (the landmark design's, see
  ///     ``LandmarkWeights``), or `nil` for once each. With weights, an
  ///     observation's decile is `floor(10 · (weight strictly below) / total weight) + 1`
  ///     and the churn rate is the churned weight over the decile's weight;
  ///     counts stay the raw observations. Observations of weight 0 are left out.
  /// - Complexity: O(n log n) for n observations (one sort).
  public init(scores: [Double], isChurned: [Bool], weights: [Double]? = nil) {
    precondition(scores.count == isChurned.count, "scores and isChurned must have the same length")
    precondition(!scores.contains(where: \.isNaN), "scores must not contain NaN")
    let weightOf = { (i: Int) in weights?[i] ?? 1 }
    var count = [Int](repeating: 0, count: 10)
    var churned = [Int](repeating: 0, count: 10)
    var weight = [Double](repeating: 0, count: 10)
    var churnedWeight = [Double](repeating: 0, count: 10)
    var minScore = [Double?](repeating: nil, count: 10)
    var maxScore = [Double?](repeating: nil, count: 10)

    let order = scores.indices.filter { weightOf($0) > 0 }.sorted { scores[$0] < scores[$1] }
    let n = order.count
    let total = weights == nil ? Double(n) : order.reduce(0) { $0 + weightOf($1) }
    var runStart = 0
    var weightBelow = 0.0
    while runStart < n {
      // `runStart` observations have a strictly lower score than this run.
      let score = scores[order[runStart]] + 0.0
      let decile = weights == nil ? 10 * runStart / n : min(9, Int(10 * weightBelow / total))
      var runEnd = runStart
      while runEnd < n, scores[order[runEnd]] == score {
        let w = weightOf(order[runEnd])
        weight[decile] += w
        weightBelow += w
        if isChurned[order[runEnd]] {
          churned[decile] += 1
          churnedWeight[decile] += w
        }
        runEnd += 1
      }
      count[decile] += runEnd - runStart
      minScore[decile] = minScore[decile] ?? score
      maxScore[decile] = score
      runStart = runEnd
    }

    isWeighted = weights != nil
    rows = (0..<10).map { d in
      let rate: Double? = count[d] == 0 ? nil : weights == nil ? Double(churned[d]) / Double(count[d]) : churnedWeight[d] / weight[d]
      return Row(decile: d + 1, count: count[d], churned: churned[d], minScore: minScore[d], maxScore: maxScore[d], churnRate: rate)
    }
  }

  /// Whether the rates are weighted (the landmark design).
  public private(set) var isWeighted = false

  /// Whether the churn rate never increases from decile 1 to decile 10,
  /// comparing each non-empty decile with the previous non-empty one.
  ///
  /// Equal rates are allowed (a flat stretch is not a misordering). Rates are
  /// compared exactly, as `churned₂ · count₁ ≤ churned₁ · count₂`, so two rates
  /// that are equal as fractions are never judged different by rounding.
  /// Empty deciles are skipped; a table with at most one non-empty decile is
  /// monotonic.
  public var isMonotonic: Bool {
    let filled = rows.filter { $0.count > 0 }
    if isWeighted { return zip(filled, filled.dropFirst()).allSatisfy { $1.churnRate! <= $0.churnRate! } }
    return zip(filled, filled.dropFirst()).allSatisfy { previous, next in
      next.churned * previous.count <= previous.churned * next.count
    }
  }
}
