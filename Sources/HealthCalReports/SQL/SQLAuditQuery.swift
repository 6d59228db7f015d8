import HealthCal
import HealthCalFormats

/// The audit as one SQL query for one engine: per horizon, for all accounts
/// and per segment, the churned and renewed accounts scored, their band
/// counts, the green-churn rate, at-risk recall, false-alarm rate and ROC
/// AUC, computed where the data lives.
///
/// It compares what `healthcal audit --design renewal|landmark` compares.
/// In both designs a churned account is scored once per horizon h, on its
/// latest snapshot dated at or before `T − h` and no older than `T − h −
/// max_staleness`, T being its churn date; an account with no such snapshot,
/// or whose snapshot has no usable signal (a `NULL` score), is unscored at h
/// and left out of every figure, as healthcal leaves it out.
/// - **renewal**: renewed accounts are scored the same way before their
///   renewal date (one without a date is observed until `--observed-until`,
///   else the latest snapshot date in the table).
/// - **landmark**: the landmarks are the table's snapshot dates; a churned
///   account is a case at the landmark of its pick, and the controls at a
///   landmark L with a case are the other accounts with a snapshot within the
///   staleness limit before L that are known to still be customers at L + h
///   (renewed and observed until then, or churning later and not yet a
///   case). Cases and controls are compared only within a landmark: ROC AUC
///   is pooled over landmarks, and the false-alarm rate weights each
///   landmark by its share of the cases (healthcal's landmark weights).
///
/// Segments are those of the scored snapshots, `(none)` for a missing one.
///
/// ROC AUC is the share of (churned, other) pairs in which the churned
/// account scored lower, ties counted half, computed exactly from counts per
/// distinct score: for each score, the churned accounts at it times the
/// others scored higher plus half those tied. All of it is integer counting
/// until the last division, so it equals healthcal's to rounding.
///
/// Intervals, the bootstrap and the `auto` choice of design stay in
/// healthcal.
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
    /// Which comparisons the figures make.
    public var design: EvaluationDesign = .renewal

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
    // The breakdown column is carried by the scoring select, as itself or as the overrides' column.
    let segment = breakdown == nil ? nil : names.breakdown ?? names.segment
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
      model: model, dialect: dialect, names: names, withDayNumber: true), by: 2))
    lines.append("),")
    lines += [
      "outcome AS (",
      "  SELECT account_id, churned, outcome_day, observed_day, COALESCE(outcome_day, observed_day) AS end_day FROM (",
      "    SELECT o.\(id) AS account_id, CASE WHEN \(outcome) = 'churned' THEN 1 ELSE 0 END AS churned,",
      "      \(dialect.dayNumber("o.\(dateColumn)")) AS outcome_day, \(observed) AS observed_day",
      "    FROM \(outcomesTable) o",
      "    WHERE \(outcome) IN ('churned', 'renewed')",
      "  ) dated",
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
    ]
    lines += settings.design == .landmark
      ? Self.landmarkObservations(id: id, band: band, segmentValue: segmentValue, score: names.score, maxStaleness: settings.maxStaleness)
      : [
        "observation AS (",
        "  SELECT p.horizon_position, p.horizon_days, 0 AS landmark_day, p.churned, \(segmentValue) AS segment, s.\(names.score) AS score,",
        "    " + SQLExpression.indented(band, by: 4) + " AS band",
        "  FROM pick p",
        "  INNER JOIN scored s ON s.\(id) = p.account_id AND s.day_number = p.day_number",
        "  WHERE s.\(names.score) IS NOT NULL",
        "),",
      ]
    lines += [
      settings.design == .landmark ? "in_group AS (" : "grouped AS (",
      "  SELECT horizon_position, horizon_days, 0 AS is_segment, '' AS segment, landmark_day, churned, score, band FROM observation",
    ]
    if segment != nil {
      lines.append("  UNION ALL SELECT horizon_position, horizon_days, 1, segment, landmark_day, churned, score, band FROM observation")
    }
    if settings.design == .landmark {
      // A group compares its controls only at dates where it has a case.
      lines += [
        "),",
        "grouped AS (",
        "  SELECT \(groupKey), landmark_day, churned, score, band FROM (",
        "    SELECT g.*, MAX(churned) OVER (PARTITION BY \(groupKey), landmark_day) AS has_case FROM in_group g",
        "  ) compared",
        "  WHERE has_case = 1",
      ]
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
      "    \(count(0, ["green"])) AS renewed_green",
      "  FROM grouped",
      "  GROUP BY \(groupKey)",
      "),",
      "per_landmark AS (",
      "  SELECT \(groupKey), landmark_day, SUM(churned) AS cases, SUM(1 - churned) AS controls,",
      "    \(count(0, flagged)) AS controls_flagged",
      "  FROM grouped",
      "  GROUP BY \(groupKey), landmark_day",
      "),",
      "weighted AS (",
      "  SELECT \(groupKey), SUM(cases * controls) AS pairs,",
      "    SUM(CASE WHEN cases > 0 AND controls > 0 THEN cases * (CAST(controls_flagged AS \(double)) / controls) END) AS flagged_share,",
      "    SUM(CASE WHEN cases > 0 AND controls > 0 THEN cases END) AS weight",
      "  FROM per_landmark",
      "  GROUP BY \(groupKey)",
      "),",
      "tied AS (",
      "  SELECT \(groupKey), landmark_day, score, SUM(churned) AS churned_here, SUM(1 - churned) AS renewed_here",
      "  FROM grouped",
      "  GROUP BY \(groupKey), landmark_day, score",
      "),",
      "ranked AS (",
      "  SELECT \(groupKey), churned_here, renewed_here,",
      "    COALESCE(SUM(renewed_here) OVER (PARTITION BY \(groupKey), landmark_day ORDER BY score DESC",
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
      "  \(rate(flagged.map { "c.churned_\($0)" }.joined(separator: " + "), "c.churned_scored")) AS at_risk_recall,",
      settings.design == .landmark
        ? "  w.flagged_share / NULLIF(w.weight, 0) AS false_alarm_rate,"
        : "  \(rate(flagged.map { "c.renewed_\($0)" }.joined(separator: " + "), "c.renewed_scored")) AS false_alarm_rate,",
      "  CAST(a.half_pairs AS \(double)) / NULLIF(2 * CAST(w.pairs AS \(double)), 0) AS roc_auc",
      "FROM counted c",
      "INNER JOIN concordant a ON a.horizon_position = c.horizon_position AND a.is_segment = c.is_segment AND a.segment = c.segment",
      "INNER JOIN weighted w ON w.horizon_position = c.horizon_position AND w.is_segment = c.is_segment AND w.segment = c.segment",
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
      "healthcal \(HealthCalVersion.current) SQL audit of model \"\(model.name)\" (dialect: \(dialect.rawValue), \(settings.design.rawValue) design).",
      "Snapshots: \(dbt ? "dbt model " : "")\(snapshots); outcomes: \(dbt ? "dbt model " : "")\(outcomes) (account_id, outcome churned|renewed, date).",
      "Horizons \(settings.horizons.map(String.init).joined(separator: ", ")) days: each churned account is scored on its latest snapshot at or "
        + "before its churn date minus the horizon and at most \(settings.maxStaleness) days older; renewals without a date are observed \(observed).",
      settings.design == .landmark
        ? "Landmark design: churned accounts are compared only with accounts scored at the same snapshot date and known to be customers "
          + "h days later; AUC is pooled within dates, and the false-alarm rate weights each date by its share of churned accounts."
        : "Renewal design: renewed accounts are scored the same way before their renewal date.",
      "Unscored accounts (no such snapshot, or no usable signal) are left out of every figure, as in healthcal audit.",
      "At risk = \(settings.atRisk == .red ? "red" : "red or amber"). One row per horizon for all accounts (segment NULL), then one per "
        + (settings.segmentColumn == nil ? "segment (none requested)." : "segment of the scored snapshot."),
      "roc_auc: share of (churned, other) pairs"
        + (settings.design == .landmark ? ", each compared at one date," : "")
        + " where the churned account scored lower, ties counted half.",
    ]
    return lines.map { "-- " + SQLExpression.commentSafe($0) }
  }

  /// The landmark design's observations: cases (churned picks at their own
  /// date) and, at each date with a case, the controls known to be
  /// customers h days later.
  private static func landmarkObservations(id: String, band: String, segmentValue: String, score: String, maxStaleness: Int) -> [String] {
    [
      "case_pick AS (",
      "  SELECT horizon_position, horizon_days, account_id, day_number AS landmark_day FROM pick WHERE churned = 1",
      "),",
      "case_landmark AS (",
      "  SELECT DISTINCT horizon_position, horizon_days, landmark_day FROM case_pick",
      "),",
      "control_pick AS (",
      "  SELECT c.horizon_position, c.horizon_days, c.landmark_day, o.account_id, MAX(s.day_number) AS day_number",
      "  FROM case_landmark c",
      "  INNER JOIN outcome o ON CASE WHEN o.churned = 1 THEN o.outcome_day > c.landmark_day + c.horizon_days",
      "    ELSE CASE WHEN o.outcome_day > o.observed_day THEN o.outcome_day ELSE o.observed_day END >= c.landmark_day + c.horizon_days END",
      "  INNER JOIN scored s ON s.\(id) = o.account_id AND s.day_number <= c.landmark_day",
      "    AND s.day_number >= c.landmark_day - \(maxStaleness)",
      "  LEFT JOIN case_pick k ON k.horizon_position = c.horizon_position AND k.account_id = o.account_id",
      "  WHERE k.landmark_day IS NULL OR c.landmark_day < k.landmark_day",
      "  GROUP BY c.horizon_position, c.horizon_days, c.landmark_day, o.account_id",
      "),",
      "observation AS (",
      "  SELECT p.horizon_position, p.horizon_days, p.landmark_day, p.churned, \(segmentValue) AS segment, s.\(score) AS score,",
      "    " + SQLExpression.indented(band, by: 4) + " AS band",
      "  FROM (",
      "    SELECT horizon_position, horizon_days, landmark_day, account_id, landmark_day AS day_number, 1 AS churned FROM case_pick",
      "    UNION ALL SELECT horizon_position, horizon_days, landmark_day, account_id, day_number, 0 FROM control_pick",
      "  ) p",
      "  INNER JOIN scored s ON s.\(id) = p.account_id AND s.day_number = p.day_number",
      "  WHERE s.\(score) IS NOT NULL",
      "),",
    ]
  }
}
