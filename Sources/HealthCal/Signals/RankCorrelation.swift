/// Spearman's rank correlation, and the groups of columns it ties together.
package enum RankCorrelation {
  /// Spearman's ρ over the observations where both values are present:
  /// Pearson's correlation of their ranks, ties given their average rank.
  /// `nil` with fewer than three pairs or a constant column.
  package static func spearman(_ x: [Double?], _ y: [Double?]) -> Double? {
    precondition(x.count == y.count, "one pair per observation")
    let both = x.indices.filter { x[$0] != nil && y[$0] != nil }
    guard both.count >= 3 else { return nil }
    return pearson(ranks(both.map { x[$0]! }), ranks(both.map { y[$0]! }))
  }

  /// Spearman's ρ for every pair of `columns` (one value per observation
  /// each), `matrix[i][j]` for i < j, `nil` elsewhere. A column with no
  /// missing value is ranked once for all its pairs; a pair with a missing
  /// value is ranked on the observations both have.
  package static func matrix(_ columns: [[Double?]]) -> [[Double?]] {
    let complete = columns.map { column in column.allSatisfy { $0 != nil } ? ranks(column.map { $0! }) : nil }
    var matrix: [[Double?]] = Array(repeating: Array(repeating: nil, count: columns.count), count: columns.count)
    for i in columns.indices {
      for j in columns.indices where j > i {
        if let x = complete[i], let y = complete[j], x.count >= 3 {
          matrix[i][j] = pearson(x, y)
        } else {
          matrix[i][j] = spearman(columns[i], columns[j])
        }
      }
    }
    return matrix
  }

  /// Pearson's correlation of two rankings of 1…n (mean (n + 1) / 2).
  static func pearson(_ rx: [Double], _ ry: [Double]) -> Double? {
    let mean = (Double(rx.count) + 1) / 2
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for i in rx.indices {
      let dx = rx[i] - mean, dy = ry[i] - mean
      sxy += dx * dy
      sxx += dx * dx
      syy += dy * dy
    }
    guard sxx > 0, syy > 0 else { return nil }
    return sxy / (sxx * syy).squareRoot()
  }

  /// Ranks from 1, ties sharing their average rank.
  static func ranks(_ values: [Double]) -> [Double] {
    let order = values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
    var ranks = [Double](repeating: 0, count: values.count)
    var start = 0
    while start < order.count {
      var end = start + 1
      while end < order.count, values[order[end]] == values[order[start]] { end += 1 }
      let average = Double(start + end + 1) / 2
      for k in start..<end { ranks[order[k]] = average }
      start = end
    }
    return ranks
  }

  /// Columns joined by a correlation whose magnitude exceeds `threshold`
  /// (single linkage: A–B and B–C put A, B and C together), each group in
  /// `names` order, groups by their first member; columns in no pair are left out.
  /// - Parameter correlations: `correlations[i][j]` for i < j, `nil` where undefined.
  package static func groups(names: [String], correlations: [[Double?]], threshold: Double) -> [[String]] {
    var parent = Array(names.indices)
    func root(_ i: Int) -> Int {
      var i = i
      while parent[i] != i { i = parent[i] }
      return i
    }
    var linked = Set<Int>()
    for i in names.indices {
      for j in names.indices where j > i {
        guard let rho = correlations[i][j], abs(rho) > threshold else { continue }
        linked.formUnion([i, j])
        let (a, b) = (root(i), root(j))
        parent[max(a, b)] = min(a, b)
      }
    }
    let members = Dictionary(grouping: linked.sorted(), by: root)
    return members.keys.sorted().map { members[$0]!.map { names[$0] } }
  }
}
