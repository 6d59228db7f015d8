import HealthCal
import HealthCalFormats

/// The audit as one SQL query for one engine: per horizon, for all accounts
/// and per segment, the churned and renewed accounts scored, their band
/// counts, the green-churn rate, at-risk recall, false-alarm rate and ROC
/// AUC, computed where the data lives.
///
/// It compares what `healthcal audit --design renewal` compares: each
/// account with an outcome is scored once per horizon h, on its latest
/// snapshot dated at or before `T − h` and no older than `T − h −
/// max_staleness`, where T is the churn or renewal date (a renewal without
/// one is observed until `--observed-until`, else the latest snapshot date
/// in the table). An account with no such snapshot, or whose snapshot has no
/// usable signal (a `NULL` score), is unscored at h and left out of every
/// figure, as healthcal leaves it out. Segments are those of the scored
/// snapshots, `(none)` for a missing one.
///
/// ROC AUC is the share of (churned, renewed) pairs in which the churned
/// account scored lower, ties counted half, computed exactly from counts per
/// distinct score: for each score, the churned accounts at it times the
/// renewed accounts scored higher plus half those tied. All of it is integer
/// counting until the last division, so it equals healthcal's to rounding.
///
/// Intervals, the bootstrap and the landmark design stay in healthcal.
public struct SQLAuditQuery: Sendable {
  /// Everything that decides which snapshots are compared, as in `audit`.
  public struct Settings: Hashable, Sendable {
    /// Horizons in days, in report order.
    public var horizons: [Int] = RunSettings.defaultHorizons
    /// How much older than `T − h` a snapshot may be.
    public var maxStaleness = RunSettings.defaultMaxStaleness
    /// The date of renewals without one; `nil` is the latest snapshot date.
    public var observedUntil: CalendarDate?
    /// Which bands count as flagged.
    public var atRisk: AtRiskRule = .red
    /// The text column results are broken down by, or `nil` for none. With
    /// segment overrides it must be the model's segment column.
    public var segmentColumn: String? = "segment"

    /// The defaults of `healthcal audit`.
    public init() {}
  }

  /// The complete query, with a `--` header describing its rules.
  public let query: String

  /// Prepares the audit of `model` on two tables.
  ///
  /// - Parameters:
  ///   - snapshots: the snapshot table (or dbt model, with `dbt`).
  ///   - outcomes: the outcomes table: `account_id`, `outcome` (`churned` or
  ///     `renewed`, any letter case) and `date` (a `DATE` or ISO text;
  ///     `NULL` for a renewal observed until the end).
  /// - Throws: ``SQLError`` when a name cannot be written in `dialect`.
  public init(
    model: HealthModel, dialect: SQLDialect = .ansi, snapshots: String = "snapshots", outcomes: String = "outcomes",
    settings: Settings = Settings(), dbt: Bool = false
  ) throws(SQLError) {
    precondition(!settings.horizons.isEmpty && settings.horizons.allSatisfy { $0 > 0 }, "horizons must be positive")
    let breakdown = model.segments.isEmpty ? settings.segmentColumn : settings.segmentColumn.map { _ in model.segmentColumn }
    let names = try SQLExpression.Names(model: model, dialect: dialect, table: snapshots, dbt: dbt, breakdown: breakdown)
    let outcomesTable = dbt ? "{{ ref(\(dialect.string(outcomes))) }}" : try dialect.tableName(outcomes)
    let outcomeColumn = try dialect.identifier("outcome")
    let dateColumn = try dialect.identifier("date")
    let segment = try breakdown.map { name throws(SQLError) in try dialect.identifier(name) }
    let double = dialect.doubleType
    let id = names.account
    let observed = settings.observedUntil.map { "\($0.daysSinceEpoch)" } ?? "(SELECT MAX(day_number) FROM scored)"
    let outcome = "LOWER(TRIM(o.\(outcomeColumn)))"
    let flagged = settings.atRisk == .red ? ["red"] : ["red", "amber"]
    func count(_ churned: Int, _ bands: [String]) -> String {
      "SUM(CASE WHEN churned = \(churned) AND band IN (\(bands.map { "'\($0)'" }.joined(separator: ", "))) THEN 1 ELSE 0 END)"
    }
    func rate(_ numerator: String, _ denominator: String) -> String {
      "CAST(\(numerator) AS \(double)) / NULLIF(\(denominator), 0)"
    }
    let band = SQLExpression.band(model: model, dialect: dialect, score: "s.\(names.score)", segment: names.segment.map { "s.\($0)" })
    let segmentValue = segment.map { "COALESCE(NULLIF(TRIM(CAST(s.\($0) AS \(dialect.textType))), ''), '(none)')" } ?? "''"
    let horizonRows = settings.horizons.enumerated().map { "SELECT \($0 + 1) AS horizon_position, \($1) AS horizon_days" }
    let groupKey = "horizon_position, horizon_days, is_segment, segment"

    var lines = Self.header(model: model, dialect: dialect, snapshots: snapshots, outcomes: outcomes, settings: settings, dbt: dbt)
    lines.append("WITH scored AS (")
    lines.append(SQLExpression.indented("  " + SQLExpression.scoring(
      model: model, dialect: dialect, names: names, extra: [(dialect.dayNumber("{row}.\(names.asOf)"), "day_number")]), by: 2))
    lines.append("),")
    lines += [
      "outcome AS (",
      "  SELECT o.\(id) AS account_id, CASE WHEN \(outcome) = 'churned' THEN 1 ELSE 0 END AS churned,",
      "    COALESCE(\(dialect.dayNumber("o.\(dateColumn)")), \(observed)) AS end_day",
      "  FROM \(outcomesTable) o",
      "  WHERE \(outcome) IN ('churned', 'renewed')",
      "),",
      "horizon AS (",
      "  " + horizonRows.joined(separator: "\n  UNION ALL "),
      "),",
      "pick AS (",
      "  SELECT h.horizon_position, h.horizon_days, o.account_id, o.churned, MAX(s.day_number) AS day_number",
      "  FROM outcome o",
      "  CROSS JOIN horizon h",
      "  INNER JOIN scored s ON s.\(id) = o.account_id AND s.day_number <= o.end_day - h.horizon_days",
      "    AND s.day_number >= o.end_day - h.horizon_days - \(settings.maxStaleness)",
      "  GROUP BY h.horizon_position, h.horizon_days, o.account_id, o.churned",
      "),",
      "observation AS (",
      "  SELECT p.horizon_position, p.horizon_days, p.churned, \(segmentValue) AS segment, s.\(names.score) AS score,",
      "    " + SQLExpression.indented(band, by: 4) + " AS band",
      "  FROM pick p",
      "  INNER JOIN scored s ON s.\(id) = p.account_id AND s.day_number = p.day_number",
      "  WHERE s.\(names.score) IS NOT NULL",
      "),",
      "grouped AS (",
      "  SELECT horizon_position, horizon_days, 0 AS is_segment, '' AS segment, churned, score, band FROM observation",
    ]
    if segment != nil {
      lines.append("  UNION ALL SELECT horizon_position, horizon_days, 1, segment, churned, score, band FROM observation")
    }
    lines += [
      "),",
      "counted AS (",
      "  SELECT \(groupKey),",
      "    SUM(churned) AS churned_scored, SUM(1 - churned) AS renewed_scored,",
      "    \(count(1, ["red"])) AS churned_red,",
      "    \(count(1, ["amber"])) AS churned_amber,",
      "    \(count(1, ["green"])) AS churned_green,",
      "    \(count(0, ["red"])) AS renewed_red,",
      "    \(count(0, ["amber"])) AS renewed_amber,",
      "    \(count(0, ["green"])) AS renewed_green,",
      "    \(count(1, flagged)) AS churned_flagged,",
      "    \(count(0, flagged)) AS renewed_flagged",
      "  FROM grouped",
      "  GROUP BY \(groupKey)",
      "),",
      "tied AS (",
      "  SELECT \(groupKey), score, SUM(churned) AS churned_here, SUM(1 - churned) AS renewed_here",
      "  FROM grouped",
      "  GROUP BY \(groupKey), score",
      "),",
      "ranked AS (",
      "  SELECT \(groupKey), churned_here, renewed_here,",
      "    COALESCE(SUM(renewed_here) OVER (PARTITION BY \(groupKey) ORDER BY score DESC",
      "      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS renewed_above",
      "  FROM tied",
      "),",
      "concordant AS (",
      "  SELECT \(groupKey), SUM(churned_here * (2 * renewed_above + renewed_here)) AS half_pairs",
      "  FROM ranked",
      "  GROUP BY \(groupKey)",
      ")",
      "SELECT",
      "  c.horizon_days,",
      "  CASE WHEN c.is_segment = 1 THEN c.segment END AS segment,",
      "  c.churned_scored, c.renewed_scored,",
      "  c.churned_red, c.churned_amber, c.churned_green, c.renewed_red, c.renewed_amber, c.renewed_green,",
      "  \(rate("c.churned_green", "c.churned_scored")) AS green_churn_rate,",
      "  \(rate("c.churned_flagged", "c.churned_scored")) AS at_risk_recall,",
      "  \(rate("c.renewed_flagged", "c.renewed_scored")) AS false_alarm_rate,",
      "  CAST(a.half_pairs AS \(double)) / NULLIF(2 * CAST(c.churned_scored AS \(double)) * c.renewed_scored, 0) AS roc_auc",
      "FROM counted c",
      "INNER JOIN concordant a ON a.horizon_position = c.horizon_position AND a.is_segment = c.is_segment AND a.segment = c.segment",
      "ORDER BY c.horizon_position, c.is_segment, c.segment",
    ]
    query = lines.joined(separator: "\n") + "\n"
  }

  /// The `--` comment lines that open ``query``.
  private static func header(
    model: HealthModel, dialect: SQLDialect, snapshots: String, outcomes: String, settings: Settings, dbt: Bool
  ) -> [String] {
    let observed = settings.observedUntil.map { "until \($0)" } ?? "until the latest snapshot date"
    let lines = [
      "healthcal \(HealthCalVersion.current) SQL audit of model \"\(model.name)\" (dialect: \(dialect.rawValue), renewal design).",
      "Snapshots: \(dbt ? "dbt model " : "")\(snapshots); outcomes: \(dbt ? "dbt model " : "")\(outcomes) (account_id, outcome churned|renewed, date).",
      "Horizons \(settings.horizons.map(String.init).joined(separator: ", ")) days: each account is scored on its latest snapshot at or before "
        + "its outcome date minus the horizon and at most \(settings.maxStaleness) days older; renewals without a date are observed \(observed).",
      "Unscored accounts (no such snapshot, or no usable signal) are left out of every figure, as in healthcal audit.",
      "At risk = \(settings.atRisk == .red ? "red" : "red or amber"). One row per horizon for all accounts (segment NULL), then one per "
        + (settings.segmentColumn == nil ? "segment (none requested)." : "segment of the scored snapshot."),
      "roc_auc: share of churned/renewed pairs where the churned account scored lower, ties counted half.",
    ]
    return lines.map { "-- " + SQLExpression.commentSafe($0) }
  }
}
