/// The lattice of weight vectors in a ``SearchSpace``: every combination of
/// allowed multiples of the step that sums to 100.
///
/// Without bounds there are C(100/step + K − 1, K − 1) points (10,626 for five
/// components at step 5). Points are enumerated in lexicographic order of
/// their weights, which makes "the first best point" a deterministic choice.
package struct WeightLattice: Sendable {
  /// The space being enumerated.
  package let space: SearchSpace
  /// `suffixCounts[i][r]`: points of components `i...` summing to `r` steps.
  private let suffixCounts: [[Int]]

  /// Prepares counting and enumeration for `space`.
  package init(space: SearchSpace) {
    self.space = space
    let units = 100 / space.step
    let k = space.count
    var counts = [[Int]](repeating: [Int](repeating: 0, count: units + 1), count: k + 1)
    counts[k][0] = 1
    for i in stride(from: k - 1, through: 0, by: -1) {
      let range = space.bounds[i]
      for remaining in 0...units {
        var total = 0
        var value = range.lowerBound / space.step
        while value <= range.upperBound / space.step, value <= remaining {
          total = total.addingReportingOverflow(counts[i + 1][remaining - value]).partialValue
          value += 1
        }
        counts[i][remaining] = min(total, Int.max / 2)
      }
    }
    suffixCounts = counts
  }

  /// The number of lattice points.
  package var count: Int { suffixCounts[0][100 / space.step] }

  /// Calls `body` with every point's weights (in points, summing to 100), in
  /// lexicographic order.
  /// - Complexity: O(count × K).
  package func forEach(_ body: ([Int]) throws -> Void) rethrows {
    var weights = [Int](repeating: 0, count: space.count)
    try visit(component: 0, remaining: 100 / space.step, weights: &weights, body)
  }

  private func visit(component i: Int, remaining: Int, weights: inout [Int], _ body: ([Int]) throws -> Void) rethrows {
    let step = space.step
    if i == space.count {
      if remaining == 0 { try body(weights) }
      return
    }
    let range = space.bounds[i]
    var value = range.lowerBound / step
    while value <= range.upperBound / step, value <= remaining {
      if suffixCounts[i + 1][remaining - value] > 0 {
        weights[i] = value * step
        try visit(component: i + 1, remaining: remaining - value, weights: &weights, body)
      }
      value += 1
    }
  }

  /// Every point, flattened: `count × K` weights in points.
  package var points: [Int] {
    var flat: [Int] = []
    flat.reserveCapacity(count * space.count)
    forEach { flat.append(contentsOf: $0) }
    return flat
  }

  /// Whether `weights` (in points) lie on this lattice.
  package func contains(_ weights: [Int]) -> Bool {
    weights.count == space.count && weights.reduce(0, +) == 100
      && zip(weights, space.bounds).allSatisfy { $0 % space.step == 0 && $1.contains($0) }
  }
}
