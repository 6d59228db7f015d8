/// Component sub-scores for a set of snapshot rows, dense and row-major, so a
/// health score for any weighting is one pass of multiply-adds.
///
/// Weight search evaluates millions of weightings on the same accounts; the
/// transforms, look-ups and missing-value rules are paid once here, and each
/// candidate only computes `Σ w·s / Σ w·p` per row. A component missing under
/// `renormalize` has sub-score 0 and presence 0, which makes the division
/// reweight the components present without a branch.
package struct SubScoreMatrix: Sendable {
  /// The number of components (columns).
  package let componentCount: Int
  /// The snapshot row behind each matrix row.
  package let rows: [Int]
  /// `rows.count × componentCount` sub-scores in 0…100 (0 where absent).
  package let subScores: [Double]
  /// `rows.count × componentCount` presence flags (1 present, 0 absent).
  package let presence: [Double]

  /// Builds the matrix for `rows` with `scorer`.
  /// - Complexity: O(rows × signals), plus O(log k) per trajectory signal.
  package init(scorer: Scorer, rows: [Int]) {
    self.init(rows: rows, columnCount: scorer.componentCount) { scorer.componentScore(row: $0, component: $1) }
  }

  /// Builds a matrix whose cell for snapshot row `row` and column `column`
  /// is `cell(row, column)`, absent where it returns `nil`.
  ///
  /// The same layout serves one component's signals when signal weights are
  /// tuned: a component's sub-score is then ``score(row:weights:)`` of its
  /// signal matrix.
  package init(rows: [Int], columnCount k: Int, cell: (_ row: Int, _ column: Int) -> Double?) {
    var subScores = [Double](repeating: 0, count: rows.count * k)
    var presence = [Double](repeating: 0, count: rows.count * k)
    for (i, row) in rows.enumerated() {
      for c in 0..<k {
        if let sub = cell(row, c) {
          subScores[i * k + c] = sub
          presence[i * k + c] = 1
        }
      }
    }
    self.init(componentCount: k, rows: rows, subScores: subScores, presence: presence)
  }

  private init(componentCount: Int, rows: [Int], subScores: [Double], presence: [Double]) {
    self.componentCount = componentCount
    self.rows = rows
    self.subScores = subScores
    self.presence = presence
  }

  /// The matrix restricted to the given matrix rows, in that order.
  package func selecting(_ indices: [Int]) -> SubScoreMatrix {
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

  /// Component sub-scores assembled from each component's signal matrix
  /// (all over the same rows) under the given signal weights: column `c` is
  /// ``score(row:weights:)`` of `signals[c]` with `signalWeights[c]`, the
  /// same formula ``Scorer/componentScore(row:component:signalWeights:)`` uses.
  package init(components signals: [SubScoreMatrix], signalWeights: [[Double]], rows: [Int]) {
    let k = signals.count
    var subScores = [Double](repeating: 0, count: rows.count * k)
    var presence = [Double](repeating: 0, count: rows.count * k)
    for (c, matrix) in signals.enumerated() {
      for i in 0..<rows.count {
        if let sub = matrix.score(row: i, weights: signalWeights[c]) {
          subScores[i * k + c] = sub
          presence[i * k + c] = 1
        }
      }
    }
    self.init(componentCount: k, rows: rows, subScores: subScores, presence: presence)
  }

  /// The matrix with column `column` recomputed from that component's signal
  /// matrix `signals` (over the same rows) under `signalWeights`.
  package func replacingColumn(_ column: Int, from signals: SubScoreMatrix, signalWeights: [Double]) -> SubScoreMatrix {
    var subScores = self.subScores
    var presence = self.presence
    for i in 0..<rows.count {
      let sub = signals.score(row: i, weights: signalWeights)
      subScores[i * componentCount + column] = sub ?? 0
      presence[i * componentCount + column] = sub == nil ? 0 : 1
    }
    return SubScoreMatrix(componentCount: componentCount, rows: rows, subScores: subScores, presence: presence)
  }

  /// The score of matrix row `i` under `weights`, `nil` when no weighted
  /// component is present. The one formula every scoring path shares.
  @inlinable
  package func score(row i: Int, weights: [Double]) -> Double? {
    var numerator = 0.0
    var denominator = 0.0
    for c in 0..<componentCount {
      numerator += weights[c] * subScores[i * componentCount + c]
      denominator += weights[c] * presence[i * componentCount + c]
    }
    return denominator > 0 ? Self.score(numerator: numerator, denominator: denominator) : nil
  }

  /// `numerator / denominator` kept within 0…100.
  ///
  /// With sub-scores in 0…100 the weighted mean can leave that range only by
  /// rounding (all sub-scores 100 can give 100.00000000000001), but every
  /// consumer of a health score relies on 0–100; band cut-offs are within
  /// 0…100, so the clamp never changes a band.
  @inlinable
  package static func score(numerator: Double, denominator: Double) -> Double {
    min(100, max(0, numerator / denominator))
  }

  /// Health scores for every matrix row under per-row weights.
  ///
  /// - Parameters:
  ///   - weightSets: candidate weight vectors, each `componentCount` long.
  ///   - assignment: for each matrix row, which weight set applies.
  /// - Returns: one score per row, `nil` where no component is present.
  /// - Complexity: O(rows × components).
  package func scores(weightSets: [[Double]], assignment: [Int]) -> [Double?] {
    (0..<rows.count).map { score(row: $0, weights: weightSets[assignment[$0]]) }
  }
}
