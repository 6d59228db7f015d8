/// Counts of churned and renewed accounts per 5-point score bin, 0–100.
///
/// Bins are half-open `[5k, 5k + 5)` except the last, which also holds a
/// score of exactly 100, so every score on the scale lands in one of the 20
/// bins. Scores outside 0–100 (impossible from the scorer) are clamped into
/// the end bins rather than dropped, so the counts always add up.
public struct ScoreHistogram: Hashable, Sendable {
  /// Width of a bin in score points.
  public static let binWidth = 5.0
  /// Number of bins covering 0–100.
  public static let binCount = 20

  /// Churned accounts per bin, lowest scores first.
  public var churned: [Int]
  /// Renewed accounts per bin, lowest scores first.
  public var renewed: [Int]

  /// Bins scores with their outcomes.
  public init(scores: [Double], isChurned: [Bool]) {
    churned = Array(repeating: 0, count: Self.binCount)
    renewed = Array(repeating: 0, count: Self.binCount)
    for (score, churn) in zip(scores, isChurned) where !score.isNaN {
      add(score: score, churned: churn ? 1 : 0, renewed: churn ? 0 : 1)
    }
  }

  /// Bins the distinct risk values of a ranking (score = 100 − risk), using
  /// its per-value counts, so a metrics object that kept no per-account list
  /// can still be charted.
  package init(ranked: RankedScores) {
    churned = Array(repeating: 0, count: Self.binCount)
    renewed = Array(repeating: 0, count: Self.binCount)
    for (k, risk) in ranked.distinctRisks.enumerated() {
      add(score: 100 - risk, churned: ranked.positives[k], renewed: ranked.negatives[k])
    }
  }

  /// The bin index of a score.
  public static func bin(of score: Double) -> Int {
    min(binCount - 1, max(0, Int((score / binWidth).rounded(.down))))
  }

  private mutating func add(score: Double, churned churnedCount: Int, renewed renewedCount: Int) {
    let bin = Self.bin(of: score)
    churned[bin] += churnedCount
    renewed[bin] += renewedCount
  }

  /// Churned accounts in all bins.
  public var churnedTotal: Int { churned.reduce(0, +) }
  /// Renewed accounts in all bins.
  public var renewedTotal: Int { renewed.reduce(0, +) }
}
