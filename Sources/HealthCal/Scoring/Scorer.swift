import HealthCalFormats

/// A model bound to the columns of one snapshot table, ready to score rows.
///
/// Binding resolves every signal's column once, so scoring a row is index
/// arithmetic with no string lookups, and an unknown column is reported
/// before any account is scored.
public struct Scorer: Sendable {
  /// The model being applied.
  public let model: HealthModel
  /// The snapshots being scored.
  public let table: SnapshotTable
  /// Per component, per signal: the table column it reads.
  private let columns: [[Int]]
  /// Per component, per signal: the effective missing-value policy.
  private let policies: [[MissingPolicy]]
  /// Per component, per signal: the model's signal weight.
  private let signalWeights: [[Double]]
  /// Component weights per table segment index, plus the default at the end.
  private let weightSets: [[Double]]
  /// Bands per table segment index, plus the default at the end.
  private let bandSets: [Bands]
  /// Per component, per signal: for a `category` signal, the position in
  /// the model's labels of each of the table's labels (see
  /// ``Transform/subScore(_:)``); `nil` for signals that read numbers.
  private let labelPositions: [[[Double]?]]

  /// Binds `model` to `table`.
  /// - Parameter modelSource: how the user named the model (a path or a
  ///   preset name), used in error messages.
  /// - Throws: ``InputError/unknownColumn(_:column:available:)`` when the
  ///   model reads a column the snapshots do not have, and
  ///   ``InputError/invalidValue(_:column:expected:found:)`` at the first line
  ///   of a label a `category` signal has no score for.
  public init(model: HealthModel, table: SnapshotTable, modelSource: String) throws(InputError) {
    var columns: [[Int]] = []
    var labelPositions: [[[Double]?]] = []
    for component in model.components {
      var indices: [Int] = []
      var positions: [[Double]?] = []
      for signal in component.signals {
        guard let index = table.signalIndex(of: signal.column) else {
          if let problem = table.unreadColumns[signal.column] { throw problem }
          throw .unknownColumn(SourceLocation(file: modelSource), column: signal.column, available: table.fileColumns)
        }
        indices.append(index)
        positions.append(try Self.positions(of: signal, in: table, column: index))
      }
      columns.append(indices)
      labelPositions.append(positions)
    }
    self.labelPositions = labelPositions
    self.model = model
    self.table = table
    self.columns = columns
    policies = model.components.map { $0.signals.map { $0.missing ?? model.missing } }
    signalWeights = model.components.map { $0.signals.map(\.weight) }
    weightSets = table.segments.map { model.weights(forSegment: $0) } + [model.weights(forSegment: nil)]
    bandSets = table.segments.map { model.bands(forSegment: $0) } + [model.bands]
  }

  /// For a `category` signal, the model position of each of the table's
  /// labels; `nil` for a signal that reads numbers.
  private static func positions(of signal: Signal, in table: SnapshotTable, column: Int) throws(InputError) -> [Double]? {
    guard case .category(let labels, _, let other) = signal.transform else {
      // Label positions read as numbers would score silently wrong.
      guard table.categories[column] == nil else {
        throw .invalidValue(
          SourceLocation(file: table.file), column: signal.column,
          expected: "numbers, as this model's \(signal.transform.kind) transform reads them (another model reads the column as a category)",
          found: "text labels")
      }
      return nil
    }
    guard let levels = table.categories[column] else {
      throw .invalidValue(
        SourceLocation(file: table.file), column: signal.column,
        expected: "text labels, read as a category (load the snapshots with ImportSettings.reading(model))", found: "numbers")
    }
    var positions: [Double] = []
    for (i, label) in levels.labels.enumerated() {
      let position = signal.transform.position(ofLabel: label) ?? labels.count
      if position == labels.count, other == nil {
        let listed = labels.prefix(8).joined(separator: ", ") + (labels.count > 8 ? ", …" : "")
        throw .invalidValue(
          SourceLocation(file: table.file, line: levels.firstLines[i], column: levels.fileColumn), column: signal.column,
          expected: "a label the model scores (\(listed)); add it to the category's \"scores\" or give the transform an \"other\" score",
          found: label)
      }
      positions.append(Double(position))
    }
    return positions
  }

  /// The number of components.
  public var componentCount: Int { model.components.count }

  /// The component weights that apply to a row (after segment overrides).
  public func weights(forRow row: Int) -> [Double] {
    weightSets[weightSetIndex(forRow: row)]
  }

  /// The bands that apply to a row (after segment overrides).
  public func bands(forRow row: Int) -> Bands {
    bandSets[weightSetIndex(forRow: row)]
  }

  /// Which weight set (segment override or default) a row uses.
  public func weightSetIndex(forRow row: Int) -> Int {
    let segment = table.rowSegment[row]
    return segment < 0 ? weightSets.count - 1 : Int(segment)
  }

  /// All weight sets: one per table segment, then the default.
  public var allWeightSets: [[Double]] { weightSets }

  /// All band sets, aligned with ``allWeightSets``.
  public var allBandSets: [Bands] { bandSets }

  /// The sub-score (0–100) of one component for a row, or `nil` when every
  /// signal in it is missing under the `renormalize` policy.
  public func componentScore(row: Int, component: Int) -> Double? {
    componentScore(row: row, component: component, signalWeights: signalWeights[component])
  }

  /// The sub-score of one component for a row with `signalWeights` in place
  /// of the model's, so signal-weight tuning shares the scoring formula.
  public func componentScore(row: Int, component: Int, signalWeights: [Double]) -> Double? {
    var total = 0.0
    var weight = 0.0
    for (s, signalWeight) in signalWeights.enumerated() {
      guard let sub = signalScore(row: row, component: component, signal: s) else { continue }
      total += signalWeight * sub
      weight += signalWeight
    }
    return weight > 0 ? total / weight : nil
  }

  /// The number of signals in a component.
  public func signalCount(component: Int) -> Int { columns[component].count }

  /// One signal's sub-score (0–100) for a row after its missing-value
  /// policy: the transformed value, 50 (`neutral`), 0 (`zero`), or `nil`
  /// when it is missing under `renormalize` and must be left out.
  public func signalScore(row: Int, component: Int, signal s: Int) -> Double? {
    let transform = model.components[component].signals[s].transform
    if let raw = rawValue(row: row, component: component, signal: s) {
      return transform.subScore(raw)
    }
    switch policies[component][s] {
    case .neutral: return 50
    case .zero: return 0
    case .renormalize: return nil
    }
  }

  /// The value a signal's transform reads: the cell itself, for `delta` the
  /// change since the account's snapshot `days` earlier, for `category` the
  /// label's position in the model's labels.
  public func rawValue(row: Int, component: Int, signal s: Int) -> Double? {
    let column = columns[component][s]
    guard let current = table.value(row: row, signal: column) else { return nil }
    if let positions = labelPositions[component][s] { return positions[Int(current)] }
    let transform = model.components[component].signals[s].transform
    guard let (days, maxGap) = transform.lookBack else { return current }
    let target = Int(table.rowDate[row]) - days
    guard
      let earlier = table.latestRow(account: Int(table.rowAccount[row]), onOrBefore: target, notBefore: target - maxGap),
      let past = table.value(row: earlier, signal: column)
    else { return nil }
    return current - past
  }

  /// The text label a `category` signal read on a row, `nil` for a missing
  /// cell or a signal that reads numbers.
  public func label(row: Int, component: Int, signal s: Int) -> String? {
    let column = columns[component][s]
    guard let levels = table.categories[column], let code = table.value(row: row, signal: column) else { return nil }
    return levels.labels[Int(code)]
  }

  /// Scores one snapshot row with each component's contribution kept.
  ///
  /// - Returns: `nil` when no component has a usable signal (possible only
  ///   with the `renormalize` policy), because any number would be invented.
  public func score(row: Int) -> ScoredSnapshot? {
    let weights = weights(forRow: row)
    var subScores: [Double?] = []
    var totalWeight = 0.0
    for c in 0..<componentCount {
      let sub = componentScore(row: row, component: c)
      subScores.append(sub)
      if sub != nil { totalWeight += weights[c] }
    }
    guard totalWeight > 0 else { return nil }
    var contributions: [ComponentContribution] = []
    var score = 0.0
    for (c, component) in model.components.enumerated() {
      let share = subScores[c] == nil ? 0 : weights[c] / totalWeight
      let points = (subScores[c] ?? 0) * share
      score += (subScores[c] ?? 0) * weights[c]
      contributions.append(ComponentContribution(name: component.name, subScore: subScores[c], share: share, points: points))
    }
    score = SubScoreMatrix.score(numerator: score, denominator: totalWeight)
    return ScoredSnapshot(row: row, score: score, band: bands(forRow: row).band(for: score), contributions: contributions)
  }
}
