/// The distinct text labels of one `category` column, as found in the file.
///
/// A table stores a label as its position here, so a table is independent
/// of any model: ``Scorer`` maps positions to a model's sub-scores when it
/// binds, and reports a label the model does not list at the line it first
/// appears.
package struct CategoryLevels: Hashable, Sendable {
  /// Labels in order of first appearance, trimmed.
  package var labels: [String]
  /// Per label: the 1-based line it first appears on.
  package var firstLines: [Int]
  /// The 1-based CSV field of the column, `nil` in JSON Lines.
  package var fileColumn: Int?
  private var lookup: [String: Int32] = [:]

  /// Creates an empty set of labels for a column at `fileColumn`.
  package init(fileColumn: Int?) {
    labels = []
    firstLines = []
    self.fileColumn = fileColumn
  }

  /// The position of `label`, added (first seen on `line`) if new.
  mutating func intern(_ label: String, line: Int) -> Int32 {
    if let index = lookup[label] { return index }
    let index = Int32(labels.count)
    labels.append(label)
    firstLines.append(line)
    lookup[label] = index
    return index
  }
}
