import HealthCal

/// A health model as SQL for one engine, so a warehouse scores accounts
/// where the data lives and gets the same numbers as `healthcal score`.
///
/// The query reproduces ``Scorer`` exactly: the same transforms,
/// missing-value policies, signal and component weighting, segment overrides
/// and band cut-offs, with the arithmetic in the same order and in IEEE
/// doubles (every cell is cast to the engine's double type), so scores agree
/// with healthcal's to about 1e-12.
///
/// It is one pass over the table. The innermost `SELECT` reads each signal
/// cell once (``SQLDialect/number(_:)``, ``SQLDialect/booleanNumber(_:)``,
/// or a category's label position) and finds each trajectory (`delta`)
/// signal's earlier value with a window function: `LAST_VALUE` over the
/// account's rows ordered by day number, in the `RANGE` frame from
/// `days + max_gap` to `days` days before the row, which is the latest
/// snapshot in the look-back window, exactly as healthcal picks it. The
/// middle `SELECT` computes the score from those columns and the outer one
/// the band, so each is evaluated once per row.
///
/// What the snapshot table must look like:
/// - one row per `account_id` and `as_of` (healthcal rejects duplicates; in
///   the warehouse a duplicate would make a look-back ambiguous);
/// - `as_of` a `DATE`, or ISO `YYYY-MM-DD` text (SQLite, or any engine that
///   casts it);
/// - signal columns numeric, booleans as `BOOLEAN`, 0/1 or the words
///   `true/false/yes/no`, `NULL` (or, in SQLite, an empty string) for a
///   missing value; category columns text;
/// - the model's segment column (text) only when it has segment overrides.
///   Segments match exactly; a `NULL` or unlisted segment gets the model's
///   default weights and bands.
public struct SQLExpression: Sendable {
  /// The model exported.
  public let model: HealthModel
  /// The engine written for.
  public let dialect: SQLDialect
  /// The snapshot table as given (possibly schema-qualified), or the dbt
  /// model it refers to.
  public let table: String
  /// Whether the query is a dbt model: a `config` block, and the table
  /// read through `{{ ref('…') }}`.
  public let isDBTModel: Bool

  /// The complete query: one row per row of ``table`` with `account_id`,
  /// `as_of`, the segment column (only when the model has segment
  /// overrides, so a table without it works for models that never read it),
  /// `score` and `band`, ordered by account and date.
  ///
  /// Unlike `healthcal score`, which lists each account's latest snapshot,
  /// every snapshot row is scored; filter on `as_of` for a point in time. A
  /// header of `--` comments names the model, the healthcal version, the
  /// dialect and how missing values are treated.
  public let query: String

  /// The quoted names and reader expressions, resolved once.
  private let names: Names

  /// Prepares the export of `model`.
  ///
  /// - Parameters:
  ///   - model: a model that passed ``HealthModel/validate(file:)``, which
  ///     every loader and preset guarantees; its numbers are finite.
  ///   - dialect: the engine.
  ///   - table: the snapshot table; dots separate database, schema and table
  ///     parts, each quoted on its own. With `dbt`, the dbt model to `ref`.
  ///   - dbt: whether to write a dbt model.
  /// - Throws: ``SQLError`` when a column or the table cannot be named in
  ///   `dialect`.
  public init(model: HealthModel, dialect: SQLDialect = .ansi, table: String = "snapshots", dbt: Bool = false) throws(SQLError) {
    self.model = model
    self.dialect = dialect
    self.table = table
    self.isDBTModel = dbt
    names = try Names(model: model, dialect: dialect, table: table, dbt: dbt)
    query = Self.query(model: model, dialect: dialect, names: names, table: table, dbt: dbt)
  }

  /// The score of the middle `SELECT`'s row `s`, over the signal columns
  /// (`signal_1`, `prior_1`, …) the innermost `SELECT` reads; for tests and
  /// for reading alongside ``query``.
  package var scoreExpression: String { Self.scoreExpression(model: model, dialect: dialect, names: names) }

  // MARK: - The query

  /// ``query``, built once.
  private static func query(model: HealthModel, dialect: SQLDialect, names: Names, table: String, dbt: Bool) -> String {
    let id = names.account, asOf = names.asOf, score = names.score
    var outer = ["scored.\(id)", "scored.\(asOf)"]
    if let segment = names.segment { outer.append("scored.\(segment)") }
    // Clamped as healthcal clamps: rounding can put a mean of all-100
    // sub-scores at 100.00000000000001; the band, from the unclamped score,
    // is the same either way because cut-offs lie within 0–100.
    outer.append("CASE WHEN scored.\(score) > 100.0 THEN 100.0 ELSE scored.\(score) END AS \(score)")
    let band = Self.band(model: model, dialect: dialect, score: "scored.\(score)", segment: names.segment.map { "scored.\($0)" })
    outer.append(indented(band, by: 2) + " AS \(names.band)")
    var lines = header(model: model, dialect: dialect, table: table, dbt: dbt)
    if dbt { lines.append("{{ config(materialized='table') }}") }
    lines.append("SELECT")
    lines.append(outer.map { "  " + $0 }.joined(separator: ",\n"))
    lines.append("FROM (")
    lines.append(indented("  " + scoring(model: model, dialect: dialect, names: names), by: 2))
    lines.append(") scored")
    lines.append("ORDER BY scored.\(id), scored.\(asOf)")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The `SELECT` that scores every row: `account_id`, `as_of`, the
  /// segment column when the model reads one (or the breakdown column),
  /// `day_number` when asked for, and the unclamped `score`, from the signal
  /// columns the innermost `SELECT` reads once per row.
  ///
  /// Shared with ``SQLAuditQuery``, which needs the day number.
  static func scoring(model: HealthModel, dialect: SQLDialect, names: Names, withDayNumber: Bool = false) -> String {
    let id = names.account, asOf = names.asOf
    var inner = ["t.\(id)", "t.\(asOf)"]
    var middle = ["s.\(id)", "s.\(asOf)"]
    if let segment = names.segment ?? names.breakdown {
      inner.append("t.\(segment)")
      middle.append("s.\(segment)")
    }
    if withDayNumber {
      inner.append("\(dialect.dayNumber("t.\(asOf)")) AS day_number")
      middle.append("s.day_number")
    }
    for (k, reader) in names.readers.enumerated() {
      inner.append("\(reader.expression(dialect, "t")) AS \(names.valueColumn(k))")
    }
    for (k, lookBack) in names.lookBacks.enumerated() {
      let value = names.readers[lookBack.reader].expression(dialect, "t")
      let frame = "RANGE BETWEEN \(lookBack.days + lookBack.maxGap) PRECEDING AND \(lookBack.days) PRECEDING"
      inner.append(
        "LAST_VALUE(\(value)) OVER (PARTITION BY t.\(id) ORDER BY \(dialect.dayNumber("t.\(asOf)")) \(frame)) AS \(names.priorColumn(k))")
    }
    middle.append(indented(scoreExpression(model: model, dialect: dialect, names: names), by: 2) + " AS \(names.score)")
    var lines = ["SELECT"]
    lines.append(middle.map { "  " + $0 }.joined(separator: ",\n"))
    lines.append("FROM (")
    lines.append("  SELECT")
    lines.append(inner.map { "    " + $0 }.joined(separator: ",\n"))
    lines.append("  FROM \(names.table) t")
    lines.append(") s")
    return lines.joined(separator: "\n")
  }

  /// The 0–100 score of the row aliased `s` of the signal columns, as a
  /// weighted mean of the components' sub-scores.
  ///
  /// `NULL` only when no component has a usable signal, which is possible
  /// only under the `renormalize` policy; healthcal leaves such a row out
  /// rather than inventing a number, and the SQL says so with `NULL`.
  private static func scoreExpression(model: HealthModel, dialect: SQLDialect, names: Names) -> String {
    let parts = model.components.indices.map { component(model: model, names: names, index: $0) }
    let canBeMissing = parts.contains(where: \.canBeMissing)
    var numerator: [String] = []
    var denominator: [String] = []
    for (c, part) in parts.enumerated() {
      let weight = segmentCase(model: model, dialect: dialect, segment: names.segment.map { "s.\($0)" }, default: model.components[c].weight) {
        $0.weights[model.components[c].name]
      }
      if part.canBeMissing {
        numerator.append("COALESCE(\(part.sql) * \(weight), 0.0)")
        denominator.append("CASE WHEN \(part.sql) IS NULL THEN 0.0 ELSE \(weight) END")
      } else {
        numerator.append("\(part.sql) * \(weight)")
        denominator.append(weight)
      }
    }
    let total = denominator.joined(separator: " + ")
    return "(\n    " + numerator.joined(separator: "\n  + ") + "\n) / "
      + (canBeMissing ? "NULLIF(\(total), 0.0)" : "(\(total))")
  }

  /// The band (`'red'`, `'amber'` or `'green'`) of an already computed
  /// `score`, with per-segment cut-offs read from `segment` when the model
  /// overrides bands; `NULL` when the score is.
  ///
  /// Red is strictly below `red_below`, green at or above
  /// `green_at_or_above`, amber in between.
  static func band(model: HealthModel, dialect: SQLDialect, score: String, segment: String?) -> String {
    let red = segmentCase(model: model, dialect: dialect, segment: segment, default: model.bands.redBelow) { $0.bands?.redBelow }
    let green = segmentCase(model: model, dialect: dialect, segment: segment, default: model.bands.greenAtOrAbove) { $0.bands?.greenAtOrAbove }
    var arms: [String] = []
    if model.components.indices.contains(where: { canBeMissing(model: model, index: $0) }) {
      arms.append("WHEN \(score) IS NULL THEN NULL")
    }
    arms.append("WHEN \(score) < \(red) THEN 'red'")
    arms.append("WHEN \(score) >= \(green) THEN 'green'")
    arms.append("ELSE 'amber'")
    return "CASE\n" + arms.map { "  " + $0 }.joined(separator: "\n") + "\nEND"
  }

  /// Whether component `index` can be `NULL`: only when the signals that are
  /// never dropped (neutral or zero policy) weigh nothing, because then
  /// all-missing renormalized signals leave a zero denominator.
  private static func canBeMissing(model: HealthModel, index: Int) -> Bool {
    model.components[index].signals.filter { ($0.missing ?? model.missing) != .renormalize }.reduce(0) { $0 + $1.weight } == 0
  }

  /// One component's 0–100 sub-score, and whether it can be `NULL`.
  ///
  /// Mirrors ``Scorer/componentScore(row:component:)``: `Σ wᵢ·subᵢ / Σ wᵢ`
  /// over the signals present, summed in signal order.
  private static func component(model: HealthModel, names: Names, index: Int) -> (sql: String, canBeMissing: Bool) {
    var terms: [String] = []
    var weights: [String] = []
    for (s, signal) in model.components[index].signals.enumerated() {
      let policy = signal.missing ?? model.missing
      let weight = literal(signal.weight)
      let raw = names.raw(component: index, signal: s)
      let missing: String
      switch policy {
      case .neutral: missing = "50.0"
      case .zero: missing = "0.0"
      case .renormalize: missing = "NULL"
      }
      let subScore = "CASE WHEN \(raw) IS NULL THEN \(missing) ELSE \(transform(signal.transform, raw: raw)) END"
      let term = "\(weight) * \(subScore)"
      if policy == .renormalize {
        terms.append("COALESCE(\(term), 0.0)")
        weights.append("CASE WHEN \(raw) IS NULL THEN 0.0 ELSE \(weight) END")
      } else {
        terms.append(term)
        weights.append(weight)
      }
    }
    let canBeMissing = canBeMissing(model: model, index: index)
    let total = weights.joined(separator: " + ")
    return ("((\(terms.joined(separator: " + "))) / " + (canBeMissing ? "NULLIF(\(total), 0.0))" : "(\(total)))"), canBeMissing)
  }

  /// The transform applied to a non-`NULL` raw value, in ``Transform/subScore(_:)``'s arithmetic.
  private static func transform(_ transform: Transform, raw: String) -> String {
    switch transform {
    case .linear(let low, let high), .delta(_, let low, let high, _):
      let t = "((\(raw) - \(literal(low))) / (\(literal(high)) - \(literal(low))))"
      return "CASE WHEN \(t) < 0.0 THEN 0.0 WHEN \(t) > 1.0 THEN 100.0 ELSE 100.0 * \(t) END"
    case .bands(let thresholds, let scores):
      let arms = zip(thresholds, scores).map { "WHEN \(raw) < \(literal($0)) THEN \(literal($1))" }
      return "CASE " + arms.joined(separator: " ") + " ELSE \(literal(scores[thresholds.count])) END"
    case .boolean(let trueScore, let falseScore):
      return "CASE WHEN \(raw) <> 0.0 THEN \(literal(trueScore)) ELSE \(literal(falseScore)) END"
    case .category(_, let scores, let other):
      let arms = scores.enumerated().map { "WHEN \(raw) = \($0) THEN \(literal($1))" }
      return "CASE " + arms.joined(separator: " ") + " ELSE \(literal(other ?? 50)) END"
    }
  }

  /// `value` for rows of the default segment, or a `CASE` on `segment` for
  /// the overrides that change it (first override per segment wins, as in
  /// ``HealthModel/weights(forSegment:)``).
  private static func segmentCase(
    model: HealthModel, dialect: SQLDialect, segment: String?, default value: Double, _ override: (SegmentOverride) -> Double?
  ) -> String {
    guard let segment else { return literal(value) }
    var seen = Set<String>()
    let arms = model.segments.compactMap { entry -> String? in
      guard seen.insert(entry.segment).inserted, let replaced = override(entry), replaced != value else { return nil }
      return "WHEN \(dialect.string(entry.segment)) THEN \(literal(replaced))"
    }
    guard !arms.isEmpty else { return literal(value) }
    return "(CASE \(segment) " + arms.joined(separator: " ") + " ELSE \(literal(value)) END)"
  }

  /// The `--` comment lines that open ``query``.
  private static func header(model: HealthModel, dialect: SQLDialect, table: String, dbt: Bool) -> [String] {
    let renormalizes = model.components.contains { $0.signals.contains { ($0.missing ?? model.missing) == .renormalize } }
    let overridden = model.components.flatMap { component in
      component.signals.compactMap { signal in
        signal.missing.flatMap { $0 == model.missing ? nil : "\(signal.column) (\(component.name)) \($0.rawValue)" }
      }
    }
    let source = dbt ? "the dbt model \(table)" : table
    var lines = [
      "healthcal \(HealthCalVersion.current) SQL export of model \"\(model.name)\" (dialect: \(dialect.rawValue)).",
      "Scores every row of \(source): 0-100 score and red/amber/green band, as `healthcal score` computes them.",
      "Components (weight): " + model.components.map { "\($0.name) \(plain($0.weight))" }.joined(separator: ", ") + ".",
      "Bands: red below \(plain(model.bands.redBelow)), green at or above \(plain(model.bands.greenAtOrAbove)).",
      dialect == .sqlite
        ? "Signals are numbers or the words true/false/yes/no; NULL or an empty string is a missing value."
        : "Signals are numeric columns; booleans are BOOLEAN, 0/1 or true/false/yes/no text; NULL is a missing value.",
      "Missing values: " + policyText(model.missing) + " by default"
        + (overridden.isEmpty ? "." : "; per signal: " + overridden.joined(separator: ", ") + "."),
    ]
    if renormalizes {
      lines.append(
        "Renormalized signals are dropped when NULL and their component's other signals reweighted; "
          + "a component with no signal left is dropped and the others reweighted; no component left gives a NULL score and band.")
    }
    if model.components.contains(where: { $0.signals.contains { $0.transform.lookBack != nil } }) {
      lines.append(
        "Delta signals compare with the account's latest row at least N days older and at most max_gap days beyond that "
          + "(a window over the account's rows); none, or a NULL on either side, is a missing value.")
    }
    if !model.segments.isEmpty {
      lines.append(
        "Segment overrides (column \(model.segmentColumn)): " + model.segments.map(\.segment).joined(separator: ", ")
          + "; a NULL or other segment uses the defaults above.")
    }
    return lines.map { "-- " + commentSafe($0) }
  }

  // MARK: - Names

  /// How a signal cell becomes the number its transform reads.
  enum Reader: Hashable, Sendable {
    /// A number (``SQLDialect/number(_:)``).
    case number(column: String)
    /// A 1/0 boolean (``SQLDialect/booleanNumber(_:)``).
    case boolean(column: String)
    /// A category label's position among the model's labels.
    case category(column: String, labels: [String], hasOther: Bool)

    /// The reader applied to the column of row alias `row`.
    ///
    /// A label the model does not list and has no `other` score for is
    /// `NULL`, so the missing-value policy scores it: healthcal refuses such
    /// a file, but a warehouse query has no one to tell.
    func expression(_ dialect: SQLDialect, _ row: String) -> String {
      switch self {
      case .number(let column): return dialect.number("\(row).\(column)")
      case .boolean(let column): return dialect.booleanNumber("\(row).\(column)")
      case .category(let column, let labels, let hasOther):
        let label = "NULLIF(LOWER(TRIM(\(row).\(column))), '')"
        var arms = labels.enumerated().map { "WHEN \(label) = \(dialect.string(Transform.labelKey($1))) THEN \($0)" }
        if hasOther { arms.append("WHEN \(label) IS NOT NULL THEN \(labels.count)") }
        return "(CASE " + arms.joined(separator: " ") + " END)"
      }
    }
  }

  /// Every name the query uses, quoted for the dialect, and the signal
  /// columns the innermost `SELECT` computes: one per distinct reader, one
  /// per distinct look-back.
  struct Names: Sendable {
    var table: String
    var account: String
    var asOf: String
    /// The model's segment column, when it has overrides.
    var segment: String?
    /// A column to carry for a breakdown (the audit's), when not ``segment``.
    var breakdown: String?
    var score: String
    var band: String
    var readers: [Reader] = []
    var lookBacks: [(reader: Int, days: Int, maxGap: Int)] = []
    /// Per component, per signal: the raw value's SQL over the row alias `s`.
    private var raws: [[String]] = []

    init(model: HealthModel, dialect: SQLDialect, table: String, dbt: Bool, breakdown: String? = nil) throws(SQLError) {
      self.table = dbt ? "{{ ref(\(dialect.string(table))) }}" : try dialect.tableName(table)
      account = try dialect.identifier("account_id")
      asOf = try dialect.identifier("as_of")
      segment = model.segments.isEmpty ? nil : try dialect.identifier(model.segmentColumn)
      self.breakdown = try breakdown.map { name throws(SQLError) in try dialect.identifier(name) }
      if self.breakdown == segment { self.breakdown = nil }
      score = try dialect.identifier("score")
      band = try dialect.identifier("band")
      for component in model.components {
        var row: [String] = []
        for signal in component.signals {
          let column = try dialect.identifier(signal.column)
          let reader: Reader
          switch signal.transform {
          case .boolean: reader = .boolean(column: column)
          case .category(let labels, _, let other): reader = .category(column: column, labels: labels, hasOther: other != nil)
          default: reader = .number(column: column)
          }
          let r = readers.firstIndex(of: reader) ?? { readers.append(reader); return readers.count - 1 }()
          guard let (days, maxGap) = signal.transform.lookBack else {
            row.append("s.\(valueColumn(r))")
            continue
          }
          let l = lookBacks.firstIndex { $0.reader == r && $0.days == days && $0.maxGap == maxGap }
            ?? { lookBacks.append((r, days, maxGap)); return lookBacks.count - 1 }()
          row.append("(s.\(valueColumn(r)) - s.\(priorColumn(l)))")
        }
        raws.append(row)
      }
    }

    /// The raw value of signal `signal` of component `component`.
    func raw(component: Int, signal: Int) -> String { raws[component][signal] }

    /// The inner column holding reader `k`'s value of the row.
    func valueColumn(_ k: Int) -> String { "signal_\(k + 1)" }

    /// The inner column holding look-back `k`'s earlier value.
    func priorColumn(_ k: Int) -> String { "prior_\(k + 1)" }
  }

  // MARK: - Lexical helpers

  /// A numeric literal that reads back as exactly `value`.
  ///
  /// Swift's shortest round-trip digits, written without an exponent
  /// (`1e-07` becomes `0.0000001`) because not every engine accepts
  /// exponent literals, and always with a decimal point, so SQLite never
  /// does integer division on an integer column. A negative value is
  /// parenthesised, so `x - (-30.0)` can never become the comment `x--30.0`.
  /// Negative zero is written as `0.0`.
  static func literal(_ value: Double) -> String {
    precondition(value.isFinite, "SQL has no literal for \(value)")
    if value == 0 { return "0.0" }
    let text = plain(value)
    return value < 0 ? "(\(text))" : text
  }

  /// `value`'s shortest round-trip digits in positional notation, with at
  /// least one digit after the decimal point.
  static func plain(_ value: Double) -> String {
    let description = value.description
    let negative = description.hasPrefix("-")
    let unsigned = negative ? description.dropFirst() : Substring(description)
    let parts = unsigned.split(separator: "e", maxSplits: 1)
    let mantissa = parts[0]
    let exponent = parts.count == 2 ? Int(parts[1])! : 0
    let digits = mantissa.filter { $0 != "." }
    let point = (mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count) + exponent
    let integer: String
    var fraction: String
    if point <= 0 {
      integer = "0"
      fraction = String(repeating: "0", count: -point) + digits
    } else if point >= digits.count {
      integer = digits + String(repeating: "0", count: point - digits.count)
      fraction = ""
    } else {
      integer = String(digits.prefix(point))
      fraction = String(digits.dropFirst(point))
    }
    while fraction.count > 1, fraction.hasSuffix("0") { fraction.removeLast() }
    if fraction.isEmpty { fraction = "0" }
    return (negative ? "-" : "") + integer + "." + fraction
  }

  /// Text made safe for one `--` comment line: line breaks and other control
  /// characters become spaces, so a model name cannot end the comment early
  /// and smuggle SQL into the query.
  static func commentSafe(_ text: String) -> String {
    String(text.unicodeScalars.map { scalar -> Character in
      scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .lineSeparator
        || scalar.properties.generalCategory == .paragraphSeparator ? " " : Character(scalar)
    })
  }

  /// A missing-value policy in words for the header.
  private static func policyText(_ policy: MissingPolicy) -> String {
    switch policy {
    case .neutral: return "neutral (a NULL signal scores 50)"
    case .zero: return "zero (a NULL signal scores 0)"
    case .renormalize: return "renormalize (a NULL signal is dropped)"
    }
  }

  /// Re-indents every line after the first by `spaces`, to nest an expression in the query.
  static func indented(_ text: String, by spaces: Int) -> String {
    text.replacing("\n", with: "\n" + String(repeating: " ", count: spaces))
  }
}
