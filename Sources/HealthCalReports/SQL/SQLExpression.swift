import HealthCal
/// A health model as portable SQL, so a warehouse can score accounts where
/// the data lives and get the same numbers as `healthcal score`.
///
/// The SQL reproduces ``Scorer`` exactly: the same transforms, missing-value
/// policies, signal and component weighting, segment overrides and band
/// cut-offs, with the arithmetic in the same order, so in an engine that
/// computes in IEEE doubles (SQLite, or double-precision columns elsewhere)
/// the scores agree with healthcal's to about 1e-12. Engines that read
/// decimal literals as exact numerics (PostgreSQL's `numeric`) round at
/// different points and agree to about the same tolerance, not bit for bit.
///
/// Only `CASE`, `COALESCE`, `NULLIF`, arithmetic, comparisons and a
/// correlated scalar subquery with `MAX` are used — no `LEAST`/`GREATEST`
/// (SQLite lacks them, so clamping is a `CASE`), no `LIMIT`/`FETCH` — plus the
/// one thing no standard spells the same everywhere, date arithmetic, which
/// ``Dialect`` chooses.
///
/// What the snapshot table must look like:
/// - one row per `account_id` and `as_of` (healthcal rejects duplicates; in
///   the warehouse a duplicate would make the trajectory look-up ambiguous),
///   ideally with a key or index on the pair: `delta` signals are correlated
///   subqueries, and without an index each one scans the whole table per row;
/// - `as_of` a `DATE` (``Dialect/ansi``) or ISO `YYYY-MM-DD` text
///   (``Dialect/sqlite``, which compares dates as text);
/// - every signal column numeric, with booleans stored as 0/1 numbers (any
///   non-zero value is true, as in healthcal) and `NULL` for a missing value;
/// - a text `segment` column, only when the model has segment overrides.
///   Segments match exactly; a `NULL` or unlisted segment gets the model's
///   default weights and bands.
public struct SQLExpression: Sendable {
  /// The SQL flavour, which differs only in date arithmetic.
  public enum Dialect: String, CaseIterable, Sendable {
    /// Standard SQL: `CAST(s."as_of" AS DATE) - INTERVAL '90' DAY`
    /// (PostgreSQL, DuckDB, Trino, Oracle and others that accept
    /// standard interval literals).
    case ansi
    /// SQLite: `date(s."as_of", '-90 days')` on ISO date text.
    case sqlite
  }

  /// The model exported.
  public let model: HealthModel
  /// The SQL flavour written.
  public let dialect: Dialect
  /// The snapshot table, possibly schema-qualified (`analytics.snapshots`).
  public let table: String

  /// Prepares the export of `model`; the SQL is built when asked for.
  ///
  /// - Parameters:
  ///   - model: a model that passed ``HealthModel/validate(file:)``, which
  ///     every loader and preset guarantees; its numbers are finite.
  ///   - dialect: how to write date arithmetic.
  ///   - table: the snapshot table. Dots separate schema and table parts, and
  ///     each part is quoted on its own, so a name cannot itself contain a dot.
  /// - Precondition: `table` is one or more non-empty parts separated by
  ///   single dots; the CLI checks this before calling.
  public init(model: HealthModel, dialect: Dialect = .ansi, table: String = "snapshots") {
    precondition(
      !table.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty),
      "table name must be non-empty parts separated by single dots")
    self.model = model
    self.dialect = dialect
    self.table = table
  }

  /// A complete `SELECT` with one row per row of ``table``: `account_id`,
  /// `as_of`, `segment` (only when the model has segment overrides, so a
  /// table without the column works for models that never read it), `score`
  /// and `band`, ordered by account and date.
  ///
  /// Unlike `healthcal score`, which lists each account's latest snapshot,
  /// every snapshot row is scored; filter on `as_of` for a point in time. A
  /// header of `--` comments names the model, the healthcal version, the
  /// dialect and how missing values are treated. The band is computed once
  /// from the score of a derived table rather than by repeating
  /// ``bandExpression``, so the engine evaluates the score once per row.
  public var query: String {
    let hasSegments = !model.segments.isEmpty
    var inner = ["s.\(Self.identifier("account_id"))", "s.\(Self.identifier("as_of"))"]
    var outer = ["scored.\(Self.identifier("account_id"))", "scored.\(Self.identifier("as_of"))"]
    if hasSegments {
      inner.append("s.\(Self.identifier("segment"))")
      outer.append("scored.\(Self.identifier("segment"))")
    }
    inner.append(Self.indented(scoreExpression, by: 4) + " AS \(Self.identifier("score"))")
    // Clamped as healthcal clamps: rounding can put a mean of all-100
    // sub-scores at 100.00000000000001; the band, from the unclamped score,
    // is the same either way because cut-offs lie within 0–100.
    let score = "scored.\(Self.identifier("score"))"
    outer.append("CASE WHEN \(score) > 100.0 THEN 100.0 ELSE \(score) END AS \(Self.identifier("score"))")
    let band = bandExpression(score: "scored.\(Self.identifier("score"))", segment: "scored.\(Self.identifier("segment"))")
    outer.append(Self.indented(band, by: 2) + " AS \(Self.identifier("band"))")
    var lines = header
    lines.append("SELECT")
    lines.append(outer.map { "  " + $0 }.joined(separator: ",\n"))
    lines.append("FROM (")
    lines.append("  SELECT")
    lines.append(inner.map { "    " + $0 }.joined(separator: ",\n"))
    lines.append("  FROM \(Self.qualifiedName(table)) s")
    lines.append(") scored")
    lines.append("ORDER BY scored.\(Self.identifier("account_id")), scored.\(Self.identifier("as_of"))")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The 0–100 health score of the snapshot row aliased `s`, for embedding in
  /// a query of your own: `SELECT …, <scoreExpression> AS score FROM snapshots s`.
  ///
  /// A weighted mean of 0–100 sub-scores, so within 0–100 up to rounding
  /// (all-100 sub-scores can give 100.00000000000001, which ``query`` clamps).
  /// `NULL` only when no component has a usable signal, which is possible
  /// only under the `renormalize` policy; healthcal leaves such a row out
  /// rather than inventing a number, and the SQL says so with `NULL`.
  /// Trajectory (`delta`) signals look up earlier rows of ``table`` through
  /// correlated subqueries aliased `p` and `q`.
  public var scoreExpression: String {
    let parts = model.components.indices.map(component)
    let canBeMissing = parts.contains(where: \.canBeMissing)
    var numerator: [String] = []
    var denominator: [String] = []
    for (c, part) in parts.enumerated() {
      let weight = weightExpression(component: c)
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

  /// The band (`'red'`, `'amber'` or `'green'`) of the snapshot row aliased
  /// `s`, with ``scoreExpression`` inlined; `NULL` when the score is.
  ///
  /// Red is strictly below `red_below`, green at or above
  /// `green_at_or_above`, amber in between, after segment overrides. The
  /// score is written out more than once here; ``query`` avoids that cost.
  public var bandExpression: String {
    bandExpression(score: "(" + scoreExpression + ")", segment: "s.\(Self.identifier("segment"))")
  }

  /// The band of an already computed `score`, with per-segment cut-offs read
  /// from `segment` when the model overrides bands.
  private func bandExpression(score: String, segment: String) -> String {
    let red = segmentCase(segment: segment, default: model.bands.redBelow) { $0.bands?.redBelow }
    let green = segmentCase(segment: segment, default: model.bands.greenAtOrAbove) { $0.bands?.greenAtOrAbove }
    var arms: [String] = []
    if canScoreBeMissing { arms.append("WHEN \(score) IS NULL THEN NULL") }
    arms.append("WHEN \(score) < \(red) THEN 'red'")
    arms.append("WHEN \(score) >= \(green) THEN 'green'")
    arms.append("ELSE 'amber'")
    return "CASE\n" + arms.map { "  " + $0 }.joined(separator: "\n") + "\nEND"
  }

  /// Whether some row could have no usable component, making its score `NULL`.
  private var canScoreBeMissing: Bool {
    model.components.indices.contains(where: canBeMissing)
  }

  /// Whether component `index` can be `NULL`: only when the signals that are
  /// never dropped (neutral or zero policy) weigh nothing, because then
  /// all-missing renormalized signals leave a zero denominator.
  private func canBeMissing(_ index: Int) -> Bool {
    model.components[index].signals.filter { ($0.missing ?? model.missing) != .renormalize }.reduce(0) { $0 + $1.weight } == 0
  }

  /// The `--` comment lines that open ``query``.
  private var header: [String] {
    let renormalizes = model.components.contains { $0.signals.contains { ($0.missing ?? model.missing) == .renormalize } }
    let overridden = model.components.flatMap { component in
      component.signals.compactMap { signal in
        signal.missing.flatMap { $0 == model.missing ? nil : "\(signal.column) (\(component.name)) \($0.rawValue)" }
      }
    }
    var lines = [
      "healthcal \(HealthCalVersion.current) SQL export of model \"\(model.name)\" (dialect: \(dialect.rawValue)).",
      "Scores every row of \(table): 0-100 score and red/amber/green band, as `healthcal score` computes them.",
      "Components (weight): " + model.components.map { "\($0.name) \(Self.plain($0.weight))" }.joined(separator: ", ") + ".",
      "Bands: red below \(Self.plain(model.bands.redBelow)), green at or above \(Self.plain(model.bands.greenAtOrAbove)).",
      "Signals are numeric columns; booleans are 0/1 numbers (non-zero is true); NULL is a missing value.",
      "Missing values: " + Self.policyText(model.missing) + " by default"
        + (overridden.isEmpty ? "." : "; per signal: " + overridden.joined(separator: ", ") + "."),
    ]
    if renormalizes {
      lines.append(
        "Renormalized signals are dropped when NULL and their component's other signals reweighted; "
          + "a component with no signal left is dropped and the others reweighted; no component left gives a NULL score and band.")
    }
    if model.components.contains(where: { $0.signals.contains { $0.transform.lookBack != nil } }) {
      lines.append(
        "Delta signals compare with the account's latest row at least N days older and at most max_gap days beyond that; "
          + "none, or a NULL on either side, is a missing value.")
    }
    if !model.segments.isEmpty {
      lines.append(
        "Segment overrides: " + model.segments.map(\.segment).joined(separator: ", ")
          + "; a NULL or other segment uses the defaults above.")
    }
    return lines.map { "-- " + Self.commentSafe($0) }
  }

  /// One component's 0–100 sub-score, and whether it can be `NULL`.
  ///
  /// Mirrors ``Scorer/componentScore(row:component:)``: `Σ wᵢ·subᵢ / Σ wᵢ`
  /// over the signals present, summed in signal order.
  private func component(_ index: Int) -> (sql: String, canBeMissing: Bool) {
    let signals = model.components[index].signals
    var terms: [String] = []
    var weights: [String] = []
    for signal in signals {
      let policy = signal.missing ?? model.missing
      let weight = Self.literal(signal.weight)
      let raw = rawExpression(signal)
      let term = "\(weight) * \(subScoreExpression(signal, raw: raw, policy: policy))"
      if policy == .renormalize {
        terms.append("COALESCE(\(term), 0.0)")
        weights.append("CASE WHEN \(raw) IS NULL THEN 0.0 ELSE \(weight) END")
      } else {
        terms.append(term)
        weights.append(weight)
      }
    }
    let canBeMissing = canBeMissing(index)
    let total = weights.joined(separator: " + ")
    let sql = "((\(terms.joined(separator: " + "))) / " + (canBeMissing ? "NULLIF(\(total), 0.0))" : "(\(total)))")
    return (sql, canBeMissing)
  }

  /// A signal's 0–100 sub-score: the policy's value when the raw value is
  /// `NULL` (`NULL` itself under `renormalize`), else the transform.
  private func subScoreExpression(_ signal: Signal, raw: String, policy: MissingPolicy) -> String {
    let missing: String
    switch policy {
    case .neutral: missing = "50.0"
    case .zero: missing = "0.0"
    case .renormalize: missing = "NULL"
    }
    return "CASE WHEN \(raw) IS NULL THEN \(missing) ELSE \(transformExpression(signal.transform, raw: raw)) END"
  }

  /// The value a signal's transform reads: the column, for `delta` the
  /// column minus its value at the account's latest snapshot in the
  /// look-back window (`NULL` when there is none, or either value is `NULL`),
  /// for `category` the label's position among the model's labels.
  ///
  /// A label the model does not list and has no `other` score for is `NULL`
  /// here, so the missing-value policy scores it: healthcal refuses such a
  /// file, but a warehouse query has no one to tell.
  private func rawExpression(_ signal: Signal) -> String {
    let column = Self.identifier(signal.column)
    if case .category(let labels, _, let other) = signal.transform {
      let label = "NULLIF(LOWER(TRIM(s.\(column))), '')"
      var arms = labels.enumerated().map { "WHEN \(label) = \(Self.string(Transform.labelKey($1))) THEN \($0)" }
      if other != nil { arms.append("WHEN \(label) IS NOT NULL THEN \(labels.count)") }
      return "(CASE " + arms.joined(separator: " ") + " END)"
    }
    guard let (days, maxGap) = signal.transform.lookBack else { return "s.\(column)" }
    let account = Self.identifier("account_id")
    let asOf = Self.identifier("as_of")
    let name = Self.qualifiedName(table)
    let latest = "SELECT MAX(q.\(asOf)) FROM \(name) q WHERE q.\(account) = s.\(account)"
      + " AND q.\(asOf) <= \(date(daysBefore: days)) AND q.\(asOf) >= \(date(daysBefore: days + maxGap))"
    return "(s.\(column) - (SELECT p.\(column) FROM \(name) p WHERE p.\(account) = s.\(account) AND p.\(asOf) = (\(latest))))"
  }

  /// The transform applied to a non-`NULL` raw value, in ``Transform/subScore(_:)``'s arithmetic.
  private func transformExpression(_ transform: Transform, raw: String) -> String {
    switch transform {
    case .linear(let low, let high), .delta(_, let low, let high, _):
      let t = "((\(raw) - \(Self.literal(low))) / (\(Self.literal(high)) - \(Self.literal(low))))"
      return "CASE WHEN \(t) < 0.0 THEN 0.0 WHEN \(t) > 1.0 THEN 100.0 ELSE 100.0 * \(t) END"
    case .bands(let thresholds, let scores):
      let arms = zip(thresholds, scores).map { "WHEN \(raw) < \(Self.literal($0)) THEN \(Self.literal($1))" }
      return "CASE " + arms.joined(separator: " ") + " ELSE \(Self.literal(scores[thresholds.count])) END"
    case .boolean(let trueScore, let falseScore):
      return "CASE WHEN \(raw) <> 0.0 THEN \(Self.literal(trueScore)) ELSE \(Self.literal(falseScore)) END"
    case .category(_, let scores, let other):
      let arms = scores.enumerated().map { "WHEN \(raw) = \($0) THEN \(Self.literal($1))" }
      return "CASE " + arms.joined(separator: " ") + " ELSE \(Self.literal(other ?? 50)) END"
    }
  }

  /// Component `index`'s weight, as a `CASE` on the segment when an override changes it.
  private func weightExpression(component index: Int) -> String {
    let name = model.components[index].name
    return segmentCase(segment: "s.\(Self.identifier("segment"))", default: model.components[index].weight) { $0.weights[name] }
  }

  /// `value` for rows of the default segment, or a `CASE` on `segment` for
  /// the overrides that change it (first override per segment wins, as in
  /// ``HealthModel/weights(forSegment:)``).
  private func segmentCase(segment: String, default value: Double, _ override: (SegmentOverride) -> Double?) -> String {
    var seen = Set<String>()
    let arms = model.segments.compactMap { entry -> String? in
      guard seen.insert(entry.segment).inserted, let replaced = override(entry), replaced != value else { return nil }
      return "WHEN \(Self.string(entry.segment)) THEN \(Self.literal(replaced))"
    }
    guard !arms.isEmpty else { return Self.literal(value) }
    return "(CASE \(segment) " + arms.joined(separator: " ") + " ELSE \(Self.literal(value)) END)"
  }

  /// The snapshot row's date minus `days`, in the dialect's date arithmetic.
  private func date(daysBefore days: Int) -> String {
    let asOf = "s.\(Self.identifier("as_of"))"
    switch dialect {
    case .ansi: return "CAST(\(asOf) AS DATE) - INTERVAL '\(days)' DAY"
    case .sqlite: return "date(\(asOf), '-\(days) days')"
    }
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

  /// A delimited identifier: double quotes, embedded quotes doubled, so any
  /// column name (spaces, capitals, reserved words) reads as itself.
  static func identifier(_ name: String) -> String {
    "\"" + name.replacing("\"", with: "\"\"") + "\""
  }

  /// A possibly schema-qualified table name, each dot-separated part quoted.
  static func qualifiedName(_ name: String) -> String {
    name.split(separator: ".", omittingEmptySubsequences: false).map { identifier(String($0)) }.joined(separator: ".")
  }

  /// A string literal: single quotes, embedded quotes doubled.
  static func string(_ text: String) -> String {
    "'" + text.replacing("'", with: "''") + "'"
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
  private static func indented(_ text: String, by spaces: Int) -> String {
    text.replacing("\n", with: "\n" + String(repeating: " ", count: spaces))
  }
}
