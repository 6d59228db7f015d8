import HealthCalFormats

/// A health-score model: weighted components of transformed signals, a
/// missing-value policy, band cut-offs, and optional per-segment overrides.
///
/// The model is plain data. It is read from and written to a versioned JSON
/// schema (see ``HealthModel/init(json:file:)`` and ``HealthModel/json``) so a
/// tuned model loads back into every command unchanged.
public struct HealthModel: Hashable, Sendable {
  /// The schema version this build reads and writes.
  public static let schemaVersion = 1

  /// The model's name, shown in reports.
  public var name: String
  /// Free text for humans.
  public var description: String?
  /// The weighted components, in report order.
  public var components: [Component]
  /// The policy for missing values where a signal does not set its own.
  public var missing: MissingPolicy
  /// The Red / Amber / Green cut-offs.
  public var bands: Bands
  /// Per-segment weights and bands, in file order.
  public var segments: [SegmentOverride]
  /// The snapshot column whose values ``segments`` name: `segment` unless a
  /// model was tuned per region, plan tier or owner.
  public var segmentColumn: String
  /// A calibration record written by `tune`, kept verbatim so it survives a round trip.
  public var calibration: JSONValue?

  /// Creates a model and checks it (see ``validate(file:)``).
  public init(
    name: String, description: String? = nil, components: [Component],
    missing: MissingPolicy = .neutral, bands: Bands = Bands(),
    segments: [SegmentOverride] = [], segmentColumn: String = "segment", calibration: JSONValue? = nil
  ) {
    self.name = name
    self.description = description
    self.components = components
    self.missing = missing
    self.bands = bands
    self.segments = segments
    self.segmentColumn = segmentColumn
    self.calibration = calibration
  }

  /// Every snapshot column the model reads, in first-use order.
  public var columns: [String] {
    var seen = Set<String>()
    var result: [String] = []
    for component in components {
      for signal in component.signals where seen.insert(signal.column).inserted {
        result.append(signal.column)
      }
    }
    return result
  }

  /// The columns read as text labels (by `category` signals).
  public var categoryColumns: Set<String> {
    Set(components.flatMap { $0.signals.filter(\.transform.isCategory).map(\.column) })
  }

  /// The columns whose cells may be percentages.
  public var percentColumns: Set<String> {
    Set(components.flatMap { $0.signals.filter(\.percent).map(\.column) })
  }

  /// The component weights for an account in `segment`, after overrides.
  public func weights(forSegment segment: String?) -> [Double] {
    let override = segment.flatMap { name in segments.first { $0.segment == name } }
    return components.map { override?.weights[$0.name] ?? $0.weight }
  }

  /// The bands for an account in `segment`, after overrides.
  public func bands(forSegment segment: String?) -> Bands {
    let override = segment.flatMap { name in segments.first { $0.segment == name } }
    return override?.bands ?? bands
  }

  /// Checks the invariants that scoring relies on.
  ///
  /// A model that fails here would produce scores outside 0–100 or divide by
  /// zero, so every loader and every constructor path calls this first.
  /// - Throws: ``InputError/invalidModel(_:path:detail:)`` naming the offending field.
  public func validate(file: String) throws(InputError) {
    func fail(_ path: String, _ detail: String) -> InputError {
      .invalidModel(SourceLocation(file: file), path: path, detail: detail)
    }
    guard !components.isEmpty else { throw fail("components", "expected at least one component") }
    var names = Set<String>()
    for (c, component) in components.enumerated() {
      let path = "components[\(c)]"
      guard !component.name.isEmpty else { throw fail("\(path).name", "expected a non-empty name") }
      guard names.insert(component.name).inserted else {
        throw fail("\(path).name", "component \"\(component.name)\" appears twice; expected unique names")
      }
      try Self.checkWeight(component.weight, path: "\(path).weight", file: file)
      guard !component.signals.isEmpty else { throw fail("\(path).signals", "expected at least one signal") }
      for (s, signal) in component.signals.enumerated() {
        let signalPath = "\(path).signals[\(s)]"
        guard !signal.column.isEmpty else { throw fail("\(signalPath).column", "expected a column name") }
        try Self.checkWeight(signal.weight, path: "\(signalPath).weight", file: file)
        try Self.check(signal.transform, path: "\(signalPath).transform", file: file)
      }
      try Self.checkTotal(component.signals.map(\.weight), path: "\(path).signals", what: "signal", file: file)
    }
    let categories = categoryColumns
    for (c, component) in components.enumerated() {
      for (s, signal) in component.signals.enumerated() where categories.contains(signal.column) && !signal.transform.isCategory {
        throw fail(
          "components[\(c)].signals[\(s)].transform",
          "column \"\(signal.column)\" is read as a category by another signal; expected one reading of a column, labels or numbers")
      }
    }
    guard !segmentColumn.isEmpty else { throw fail("segment_column", "expected a column name") }
    try Self.checkTotal(components.map(\.weight), path: "components", what: "component", file: file)
    try Self.check(bands, path: "bands", file: file)
    var segmentNames = Set<String>()
    for (i, override) in segments.enumerated() {
      let path = "segments.\(override.segment)"
      guard segmentNames.insert(override.segment).inserted else {
        throw fail("segments[\(i)]", "segment \"\(override.segment)\" appears twice")
      }
      for (name, weight) in override.weights.sorted(by: { $0.key < $1.key }) {
        guard names.contains(name) else {
          throw fail("\(path).weights.\(name)", "no component named \"\(name)\"; expected one of \(components.map(\.name).joined(separator: ", "))")
        }
        try Self.checkWeight(weight, path: "\(path).weights.\(name)", file: file)
      }
      try Self.checkTotal(weights(forSegment: override.segment), path: "\(path).weights", what: "component", file: file)
      if let bands = override.bands { try Self.check(bands, path: "\(path).bands", file: file) }
    }
  }

  private static func checkWeight(_ weight: Double, path: String, file: String) throws(InputError) {
    guard weight.isFinite, weight >= 0 else {
      throw .invalidModel(SourceLocation(file: file), path: path, detail: "expected a finite weight ≥ 0, found \(weight)")
    }
  }

  /// Checks that weights have a positive total that scoring can use.
  ///
  /// Scores are `Σ weight · sub-score / Σ weight` with sub-scores up to 100,
  /// so a total whose hundredfold overflows (weights near 1e308, each finite
  /// on its own) would turn every score into ∞ or NaN; NaN then has no rank
  /// and stops the audit. Such a total is rejected here with the others.
  private static func checkTotal(_ weights: [Double], path: String, what: String, file: String) throws(InputError) {
    let total = weights.reduce(0, +)
    guard total > 0 else {
      throw .invalidModel(SourceLocation(file: file), path: path, detail: "\(what) weights sum to 0; expected a positive total")
    }
    guard (total * 100).isFinite else {
      throw .invalidModel(
        SourceLocation(file: file), path: path,
        detail: "\(what) weights sum to \(total), too large to score with; expected a total below 1e306 (weights are relative, 0–100 is usual)")
    }
  }

  private static func check(_ bands: Bands, path: String, file: String) throws(InputError) {
    guard bands.redBelow.isFinite, bands.greenAtOrAbove.isFinite,
      (0...100).contains(bands.redBelow), (0...100).contains(bands.greenAtOrAbove),
      bands.redBelow <= bands.greenAtOrAbove
    else {
      throw .invalidModel(
        SourceLocation(file: file), path: path,
        detail: "expected 0 ≤ red_below ≤ green_at_or_above ≤ 100, found \(bands.redBelow) and \(bands.greenAtOrAbove)")
    }
  }

  private static func check(_ transform: Transform, path: String, file: String) throws(InputError) {
    func fail(_ detail: String) -> InputError {
      .invalidModel(SourceLocation(file: file), path: path, detail: detail)
    }
    func checkScore(_ score: Double, _ name: String) throws(InputError) {
      guard score.isFinite, (0...100).contains(score) else {
        throw fail("\(name) must be a sub-score in 0…100, found \(score)")
      }
    }
    switch transform {
    case .linear(let low, let high):
      // A span that overflows (low -1e308, high 1e308) would score every value 0.
      guard low.isFinite, high.isFinite, low != high else {
        throw fail("linear needs finite low ≠ high, found low \(low), high \(high)")
      }
      guard (high - low).isFinite else {
        throw fail("linear needs high − low to be finite, found low \(low), high \(high)")
      }
    case .delta(let days, let low, let high, let maxGap):
      guard days > 0 else { throw fail("delta needs days > 0, found \(days)") }
      guard maxGap >= 0 else { throw fail("delta needs max_gap ≥ 0, found \(maxGap)") }
      guard low.isFinite, high.isFinite, low != high else {
        throw fail("delta needs finite low ≠ high, found low \(low), high \(high)")
      }
      guard (high - low).isFinite else {
        throw fail("delta needs high − low to be finite, found low \(low), high \(high)")
      }
    case .bands(let thresholds, let scores):
      guard !thresholds.isEmpty else { throw fail("bands needs at least one threshold") }
      guard scores.count == thresholds.count + 1 else {
        throw fail("bands needs one more score than thresholds, found \(thresholds.count) thresholds and \(scores.count) scores")
      }
      guard thresholds.allSatisfy(\.isFinite), zip(thresholds, thresholds.dropFirst()).allSatisfy({ $0 < $1 }) else {
        throw fail("bands thresholds must be finite and strictly increasing")
      }
      for score in scores { try checkScore(score, "bands score") }
    case .boolean(let trueScore, let falseScore):
      try checkScore(trueScore, "true_score")
      try checkScore(falseScore, "false_score")
    case .category(let labels, let scores, let other):
      guard !labels.isEmpty, labels.count == scores.count else { throw fail("category needs at least one label with a score") }
      var keys = Set<String>()
      for label in labels {
        guard !Transform.labelKey(label).isEmpty else { throw fail("category labels must not be empty") }
        guard keys.insert(Transform.labelKey(label)).inserted else {
          throw fail("category label \"\(label)\" appears twice (labels match ignoring case)")
        }
      }
      for score in scores { try checkScore(score, "category score") }
      if let other { try checkScore(other, "other") }
    }
  }
}
