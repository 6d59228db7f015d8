/// Component sub-scores for a set of snapshot rows, dense and row-major, so a
/// health score for any weighting is one pass of multiply-adds.
///
/// Weight search evaluates millions of weightings on the same accounts; the
/// transforms, look-ups and missing-value rules are paid once here, and each
/// candidate only computes `Σ w·s / Σ w·p` per row. A component missing under
/// `renormalize` has sub-score 0 and presence 0, which makes the division
/// reweight the components present without a branch.
public struct SubScoreMatrix: Sendable {
  /// The number of components (columns).
  public let componentCount: Int
  /// The snapshot row behind each matrix row.
  public let rows: [Int]
  /// `rows.count × componentCount` sub-scores in 0…100 (0 where absent).
  public let subScores: [Double]
  /// `rows.count × componentCount` presence flags (1 present, 0 absent).
  public let presence: [Double]

  /// Builds the matrix for `rows` with `scorer`.
  /// - Complexity: O(rows × signals), plus O(log k) per trajectory signal.
  public init(scorer: Scorer, rows: [Int]) {
    let k = scorer.componentCount
    var subScores = [Double](repeating: 0, count: rows.count * k)
    var presence = [Double](repeating: 0, count: rows.count * k)
    for (i, row) in rows.enumerated() {
      for c in 0..<k {
        if let sub = scorer.componentScore(row: row, component: c) {
          subScores[i * k + c] = sub
          presence[i * k + c] = 1
        }
      }
    }
    self.componentCount = k
    self.rows = rows
    self.subScores = subScores
    self.presence = presence
  }

  private init(componentCount: Int, rows: [Int], subScores: [Double], presence: [Double]) {
    self.componentCount = componentCount
    self.rows = rows
    self.subScores = subScores
    self.presence = presence
  }

  /// The matrix restricted to the given matrix rows, in that order.
  public func selecting(_ indices: [Int]) -> SubScoreMatrix {
    let k = componentCount
    var subScores: [Double] = []
    var presence: [Double] = []
    subScores.reserveCapacity(indices.count * k)
    presence.reserveCapacity(indices.count * k)
    for i in indices {
      subScores.append(contentsOf: self.subScores[(i * k)..<(i * k + k)])
      presence.append(contentsOf: self.presence[(i * k)..<(i * k + k)])
    }
    return SubScoreMatrix(componentCount: k, rows: indices.map { rows[$0] }, subScores: subScores, presence: presence)
  }

  /// The score of matrix row `i` under `weights`, `nil` when no weighted
  /// component is present. The one formula every scoring path shares.
  @inlinable
  public func score(row i: Int, weights: [Double]) -> Double? {
    var numerator = 0.0
    var denominator = 0.0
    for c in 0..<componentCount {
      numerator += weights[c] * subScores[i * componentCount + c]
      denominator += weights[c] * presence[i * componentCount + c]
    }
    return denominator > 0 ? numerator / denominator : nil
  }

  /// Health scores for every matrix row under per-row weights.
  ///
  /// - Parameters:
  ///   - weightSets: candidate weight vectors, each `componentCount` long.
  ///   - assignment: for each matrix row, which weight set applies.
  /// - Returns: one score per row, `nil` where no component is present.
  /// - Complexity: O(rows × components).
  public func scores(weightSets: [[Double]], assignment: [Int]) -> [Double?] {
    (0..<rows.count).map { score(row: $0, weights: weightSets[assignment[$0]]) }
  }
}
