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

  /// Health scores for every matrix row under per-row weights.
  ///
  /// - Parameters:
  ///   - weightSets: candidate weight vectors, each `componentCount` long.
  ///   - assignment: for each matrix row, which weight set applies.
  /// - Returns: one score per row, `nil` where no component is present.
  /// - Complexity: O(rows × components).
  public func scores(weightSets: [[Double]], assignment: [Int]) -> [Double?] {
    let k = componentCount
    return subScores.withUnsafeBufferPointer { sub in
      presence.withUnsafeBufferPointer { present in
        (0..<rows.count).map { i -> Double? in
          let weights = weightSets[assignment[i]]
          var numerator = 0.0
          var denominator = 0.0
          for c in 0..<k {
            numerator += weights[c] * sub[i * k + c]
            denominator += weights[c] * present[i * k + c]
          }
          return denominator > 0 ? numerator / denominator : nil
        }
      }
    }
  }
}
