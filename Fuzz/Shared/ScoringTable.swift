@testable import HealthCal
@testable import HealthCalFormats

/// A small snapshot table with whatever columns a fuzzed model reads, for
/// scoring it.
///
/// Values cycle through the cases transforms must survive: missing, zero,
/// ±1, fractions, large and tiny magnitudes and booleans; dates are spaced so
/// `delta` transforms find an earlier snapshot at some rows and not at
/// others; rows fall in every segment the model overrides, in one it does
/// not, and in none. A column a `category` signal reads holds its labels
/// (and one it does not list, when the transform scores `other`), or none.
enum ScoringTable {
  static let cycle: [Double] = [.nan, 0, 1, -1, 0.5, 37.25, 100, -250, 1e6, -1e12, 1e-300, 1e300, -1e300, .nan, 73]
  static let offsets: [Int32] = [0, 1, 7, 30, 31, 60, 90, 91, 365]

  /// Builds the table for `model`: three accounts, one row per offset each.
  static func make(for model: HealthModel) -> SnapshotTable {
    let columns = model.columns
    let segments = model.segments.map(\.segment)
    // Per column: the labels it holds when a category signal reads it.
    let labels: [[String]?] = columns.map { column in
      let transforms = model.components.flatMap(\.signals).filter { $0.column == column }.map(\.transform)
      guard case .category(let listed, _, _)? = transforms.first(where: \.isCategory) else { return nil }
      let everyOneHasOther = transforms.allSatisfy { if case .category(_, _, let other) = $0 { other != nil } else { true } }
      return listed + (everyOneHasOther ? ["zz-unlisted"] : [])
    }
    let segmentNames = Array(Set(segments + ["zz-unmodelled"])).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    var rowAccount: [Int32] = []
    var rowDate: [Int32] = []
    var rowSegment: [Int32] = []
    var values: [Double] = []
    for account in 0..<3 {
      for (o, offset) in offsets.enumerated() {
        let row = rowAccount.count
        rowAccount.append(Int32(account))
        rowDate.append(20_000 + offset)
        rowSegment.append(account == 2 ? -1 : Int32((account + o) % segmentNames.count))
        for c in columns.indices {
          let value = cycle[(row * 7 + c * 3) % cycle.count]
          if let levels = labels[c] {
            values.append(value.isNaN ? .nan : Double((row + c) % levels.count))
          } else {
            values.append(value)
          }
        }
      }
    }
    let n = rowAccount.count
    var table = SnapshotTable(
      file: "fuzz", signalNames: columns, accountIDs: ["a", "b", "c"], rowAccount: rowAccount, rowDate: rowDate,
      rowLine: (0..<n).map { Int32($0 + 2) }, rowSegment: rowSegment, segments: segmentNames,
      rowARR: [Double](repeating: .nan, count: n), values: values)
    table.categories = labels.map { levels in
      levels.map { levels in
        var category = CategoryLevels(fileColumn: nil)
        for label in levels { _ = category.intern(label, line: 2) }
        return category
      }
    }
    return table
  }
}
