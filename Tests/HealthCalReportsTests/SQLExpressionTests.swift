import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats
@testable import HealthCalReports

@Suite struct SQLExpressionTests {
  /// A one-component model over `signal`, with `missing` as the global policy.
  static func model(
    _ signals: [Signal], missing: MissingPolicy = .neutral, segments: [SegmentOverride] = []
  ) -> HealthModel {
    HealthModel(name: "tiny", components: [Component(name: "c", weight: 100, signals: signals)], missing: missing, segments: segments)
  }

  /// Two components, `a` (weight 40) over `x` and `b` (weight 60) over `y`.
  static func twoComponents(
    missing: MissingPolicy = .neutral, bands: Bands = Bands(), segments: [SegmentOverride] = []
  ) -> HealthModel {
    HealthModel(
      name: "two",
      components: [
        Component(name: "a", weight: 40, signals: [Signal(column: "x", transform: .linear(low: 0, high: 10))]),
        Component(name: "b", weight: 60, signals: [Signal(column: "y", transform: .linear(low: 0, high: 10))]),
      ],
      missing: missing, bands: bands, segments: segments)
  }

  /// The query, for tests that expect it to build.
  static func sql(_ model: HealthModel, _ dialect: SQLDialect = .ansi, table: String = "snapshots") -> SQLExpression {
    try! SQLExpression(model: model, dialect: dialect, table: table)
  }

  // MARK: - Golden text

  @Test func goldenQueryForATinyModel() {
    let expected = """
      -- healthcal \(HealthCalVersion.current) SQL export of model "linear-x" (dialect: sqlite).
      -- Scores every row of snapshots: 0-100 score and red/amber/green band, as `healthcal score` computes them.
      -- Components (weight): x 100.0.
      -- Bands: red below 50.0, green at or above 70.0.
      -- Signals are numbers or the words true/false/yes/no; NULL or an empty string is a missing value.
      -- Missing values: neutral (a NULL signal scores 50) by default.
      SELECT
        scored."account_id",
        scored."as_of",
        CASE WHEN scored."score" > 100.0 THEN 100.0 ELSE scored."score" END AS "score",
        CASE
          WHEN scored."score" < 50.0 THEN 'red'
          WHEN scored."score" >= 70.0 THEN 'green'
          ELSE 'amber'
        END AS "band"
      FROM (
        SELECT
          s."account_id",
          s."as_of",
          (
              ((1.0 * CASE WHEN s.signal_1 IS NULL THEN 50.0 ELSE CASE WHEN ((s.signal_1 - 0.0) / (100.0 - 0.0)) < 0.0 THEN 0.0 \
      WHEN ((s.signal_1 - 0.0) / (100.0 - 0.0)) > 1.0 THEN 100.0 ELSE 100.0 * ((s.signal_1 - 0.0) / (100.0 - 0.0)) END END) / (1.0)) * 100.0
          ) / (100.0) AS "score"
        FROM (
          SELECT
            t."account_id",
            t."as_of",
            (CASE LOWER(TRIM(t."x")) WHEN '' THEN NULL WHEN 'true' THEN 1.0 WHEN 'yes' THEN 1.0 WHEN 'false' THEN 0.0 \
      WHEN 'no' THEN 0.0 ELSE CAST(t."x" AS REAL) END) AS signal_1
          FROM "snapshots" t
        ) s
      ) scored
      ORDER BY scored."account_id", scored."as_of"

      """
    #expect(Self.sql(TestData.linearModel(), .sqlite).query == expected)
  }

  @Test func deltaReadsTheLatestRowInTheWindowWithOneWindowFunction() {
    let model = Self.model([Signal(column: "nps", transform: .delta(days: 90, low: -30, high: 10, maxGap: 31))])
    let sql = Self.sql(model)
    #expect(sql.query.contains("""
            CAST(t."nps" AS DOUBLE PRECISION) AS signal_1,
            LAST_VALUE(CAST(t."nps" AS DOUBLE PRECISION)) OVER (PARTITION BY t."account_id" ORDER BY \
      (CAST(t."as_of" AS DATE) - DATE '1970-01-01') RANGE BETWEEN 121 PRECEDING AND 90 PRECEDING) AS prior_1
          FROM "snapshots" t
      """))
    let t = "(((s.signal_1 - s.prior_1) - (-30.0)) / (10.0 - (-30.0)))"
    #expect(sql.scoreExpression == """
      (
          ((1.0 * CASE WHEN (s.signal_1 - s.prior_1) IS NULL THEN 50.0 ELSE CASE WHEN \(t) < 0.0 THEN 0.0 WHEN \(t) > 1.0 THEN 100.0 \
      ELSE 100.0 * \(t) END END) / (1.0)) * 100.0
      ) / (100.0)
      """)
    #expect(!sql.query.contains("SELECT MAX") && !sql.query.contains("LIMIT"))
  }

  @Test func oneLookBackPerColumnAndWindowHoweverManySignalsReadIt() {
    let signals = [
      Signal(column: "nps", transform: .delta(days: 90, low: -30, high: 10, maxGap: 31)),
      Signal(column: "nps", transform: .delta(days: 90, low: -10, high: 0, maxGap: 31)),
      Signal(column: "nps", transform: .delta(days: 30, low: -10, high: 0, maxGap: 31)),
      Signal(column: "nps", transform: .linear(low: 0, high: 100)),
    ]
    let query = Self.sql(Self.model(signals)).query
    #expect(query.components(separatedBy: "LAST_VALUE(").count - 1 == 2)
    #expect(query.components(separatedBy: " AS signal_").count - 1 == 1)
  }

  @Test func everyDialectNumbersDaysItsOwnWay() {
    let model = Self.model([Signal(column: "nps", transform: .delta(days: 60, low: -20, high: 20, maxGap: 10))])
    let expected: [SQLDialect: String] = [
      .ansi: "(CAST(t.\"as_of\" AS DATE) - DATE '1970-01-01')",
      .postgres: "(CAST(t.\"as_of\" AS DATE) - DATE '1970-01-01')",
      .duckdb: "(CAST(t.\"as_of\" AS DATE) - DATE '1970-01-01')",
      .sqlite: "CAST(julianday(t.\"as_of\") - 2440587.5 AS INTEGER)",
      .snowflake: "DATEDIFF(day, DATE '1970-01-01', CAST(t.as_of AS DATE))",
      .bigquery: "UNIX_DATE(CAST(t.`as_of` AS DATE))",
      .spark: "DATEDIFF(CAST(t.`as_of` AS DATE), DATE '1970-01-01')",
    ]
    for dialect in SQLDialect.allCases {
      let query = Self.sql(model, dialect).query
      #expect(query.contains("ORDER BY \(expected[dialect]!) RANGE BETWEEN 70 PRECEDING AND 60 PRECEDING"), "\(dialect)")
      #expect(query.contains("(dialect: \(dialect.rawValue))"))
    }
  }

  @Test func defaultsAreANSIAndTheSnapshotsTable() throws {
    let sql = try SQLExpression(model: TestData.linearModel())
    #expect(sql.dialect == .ansi)
    #expect(sql.table == "snapshots")
    #expect(sql.query.contains("  FROM \"snapshots\" t\n"))
  }

  @Test func dbtModelsReadTheirTableThroughRef() throws {
    let sql = try SQLExpression(model: TestData.linearModel(), dialect: .snowflake, table: "stg_snapshots", dbt: true)
    #expect(sql.query.contains("\n{{ config(materialized='table') }}\nSELECT\n"))
    #expect(sql.query.contains("  FROM {{ ref('stg_snapshots') }} t\n"))
    #expect(sql.query.contains("-- Scores every row of the dbt model stg_snapshots:"))
  }

  // MARK: - Names

  @Test func identifiersAreQuotedAsEachEngineQuotes() throws {
    let name = "we\"ird `col`"
    #expect(try SQLDialect.ansi.identifier(name) == "\"we\"\"ird `col`\"")
    #expect(try SQLDialect.postgres.identifier("dau_mau") == "\"dau_mau\"")
    #expect(try SQLDialect.spark.identifier(name) == "`we\"ird ``col```")
    #expect(try SQLDialect.bigquery.identifier("a\\b`c") == "`a\\\\b\\`c`")
    // Snowflake keeps plain names unquoted, so they resolve as the table's own DDL did.
    #expect(try SQLDialect.snowflake.identifier("dau_mau") == "dau_mau")
    #expect(try SQLDialect.snowflake.identifier("Dau Mau") == "\"Dau Mau\"")
    #expect(try SQLDialect.snowflake.identifier("select") == "\"select\"")
    #expect(try SQLDialect.snowflake.identifier("9lives") == "\"9lives\"")
  }

  @Test func namesNoEngineCanHoldAreOneClearError() {
    #expect(throws: SQLError.inexpressibleName("a\nb", dialect: .postgres, reason: "it contains a control character such as a line break")) {
      try SQLDialect.postgres.identifier("a\nb")
    }
    let model = Self.model([Signal(column: "x\ny", transform: .linear(low: 0, high: 1))])
    do {
      _ = try SQLExpression(model: model, dialect: .duckdb)
      Issue.record("a column with a line break was written")
    } catch {
      #expect(error.description == "the name \"x\\u{a}y\" cannot be written as a duckdb identifier: it contains a control character such as a line break; rename the column or table")
    }
    #expect(throws: SQLError.invalidTableName("schema..table")) { try SQLDialect.ansi.tableName("schema..table") }
  }

  @Test func qualifiedTableNamesQuoteEachPart() throws {
    #expect(try SQLDialect.ansi.tableName("analytics.health snapshots") == "\"analytics\".\"health snapshots\"")
    #expect(try SQLDialect.bigquery.tableName("project.analytics.snaps") == "`project`.`analytics`.`snaps`")
    let model = Self.model([Signal(column: "x", transform: .delta(days: 30, low: -1, high: 1, maxGap: 0))])
    #expect(Self.sql(model, .sqlite, table: "analytics.snaps").query.contains("  FROM \"analytics\".\"snaps\" t\n"))
  }

  @Test func stringLiteralsDoubleSingleQuotes() {
    #expect(SQLDialect.ansi.string("O'Brien's") == "'O''Brien''s'")
    #expect(SQLDialect.bigquery.string("a\\b'") == "'a\\\\b" + "''" + "'")
    let model = Self.twoComponents(segments: [SegmentOverride(segment: "O'Brien", weights: ["a": 10])])
    #expect(Self.sql(model).scoreExpression.contains("WHEN 'O''Brien' THEN 10.0"))
  }

  @Test func headerCommentsCannotBeEndedByAModelName() {
    var model = TestData.linearModel()
    model.name = "evil\nDROP TABLE snapshots;\r\u{2028}x"
    let header = Self.sql(model).query.split(separator: "\n").prefix { $0.hasPrefix("--") }
    #expect(header.first == "-- healthcal \(HealthCalVersion.current) SQL export of model \"evil DROP TABLE snapshots;  x\" (dialect: ansi).")
    #expect(!Self.sql(model).query.contains("\nDROP"))
  }

  // MARK: - Reading cells

  @Test func typedEnginesCastSignalsToDoubles() {
    let model = Self.model([Signal(column: "x", transform: .linear(low: 0, high: 1))])
    #expect(Self.sql(model, .postgres).query.contains("CAST(t.\"x\" AS DOUBLE PRECISION) AS signal_1"))
    #expect(Self.sql(model, .bigquery).query.contains("CAST(t.`x` AS FLOAT64) AS signal_1"))
  }

  @Test func booleansAreReadAsRealBooleansNumbersOrWords() {
    let model = Self.model([Signal(column: "flag", transform: .boolean(trueScore: 0, falseScore: 100))])
    let text = "LOWER(TRIM(CAST(t.\"flag\" AS TEXT)))"
    #expect(Self.sql(model, .postgres).query.contains(
      "(CASE \(text) WHEN '' THEN NULL WHEN 'true' THEN 1.0 WHEN 'yes' THEN 1.0 WHEN 'false' THEN 0.0 WHEN 'no' THEN 0.0 "
        + "ELSE CAST(\(text) AS DOUBLE PRECISION) END) AS signal_1"))
    #expect(Self.sql(model).scoreExpression.contains("CASE WHEN s.signal_1 <> 0.0 THEN 0.0 ELSE 100.0 END"))
  }

  // MARK: - Numbers

  @Test func numbersUseShortestRoundTripDigitsWithoutExponents() {
    #expect(SQLExpression.literal(0.15) == "0.15")
    #expect(SQLExpression.literal(40) == "40.0")
    #expect(SQLExpression.literal(12.5) == "12.5")
    #expect(SQLExpression.literal(0.1 + 0.2) == "0.30000000000000004")
    #expect(SQLExpression.literal(1e-07) == "0.0000001")
    #expect(SQLExpression.literal(0.0001) == "0.0001")
    #expect(SQLExpression.literal(1.25e-5) == "0.0000125")
    #expect(SQLExpression.literal(1e16) == "10000000000000000.0")
    #expect(SQLExpression.literal(1.5e20) == "150000000000000000000.0")
    #expect(SQLExpression.literal(123456.789) == "123456.789")
  }

  @Test func negativeNumbersAreParenthesisedAndNegativeZeroIsZero() {
    #expect(SQLExpression.literal(-30) == "(-30.0)")
    #expect(SQLExpression.literal(-2e-8) == "(-0.00000002)")
    #expect(SQLExpression.literal(-0.0) == "0.0")
    #expect(SQLExpression.literal(0) == "0.0")
  }

  @Test func literalsRoundTripExactly() {
    var generator = SeededGenerator(seed: 2026)
    var values: [Double] = [.leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 1 / 3, 2.0 / 3e10]
    for _ in 0..<2000 {
      let exponent = Double(generator.nextInt(below: 61) - 30)
      values.append((generator.nextUnit() - 0.5) * pow10(exponent))
    }
    for value in values {
      let text = SQLExpression.literal(value)
      #expect(!text.contains("e") && text.contains("."), "\(value) -> \(text)")
      let unwrapped = text.hasPrefix("(") ? String(text.dropFirst().dropLast()) : text
      #expect(Double(unwrapped) == value, "\(value) -> \(text)")
    }
  }

  /// 10^n by repeated multiplication: Foundation-free and exact enough for test inputs.
  private func pow10(_ n: Double) -> Double {
    var result = 1.0
    for _ in 0..<Int(abs(n)) { result *= 10 }
    return n < 0 ? 1 / result : result
  }

  // MARK: - Transforms

  @Test func linearIsClampedWithCASEInScorerOrder() {
    let sql = Self.sql(Self.model([Signal(column: "x", transform: .linear(low: 0.15, high: 0.55))])).scoreExpression
    let t = "((s.signal_1 - 0.15) / (0.55 - 0.15))"
    #expect(sql.contains("CASE WHEN \(t) < 0.0 THEN 0.0 WHEN \(t) > 1.0 THEN 100.0 ELSE 100.0 * \(t) END"))
    #expect(!sql.contains("LEAST") && !sql.contains("GREATEST"))
  }

  @Test func linearWithLowAboveHighKeepsTheDirection() {
    let sql = Self.sql(Self.model([Signal(column: "tickets", transform: .linear(low: 15, high: 0))])).scoreExpression
    #expect(sql.contains("((s.signal_1 - 15.0) / (0.0 - 15.0)) < 0.0 THEN 0.0"))
  }

  @Test func bandsUseAtOrAboveThresholds() {
    let transform = Transform.bands(thresholds: [1, 3], scores: [100, 50, 0])
    let sql = Self.sql(Self.model([Signal(column: "esc", transform: transform)])).scoreExpression
    #expect(sql.contains("CASE WHEN s.signal_1 < 1.0 THEN 100.0 WHEN s.signal_1 < 3.0 THEN 50.0 ELSE 0.0 END"))
  }

  // MARK: - Missing values

  @Test func neutralAndZeroPoliciesSubstituteTheirScore() {
    let linear = Transform.linear(low: 0, high: 1)
    let neutral = Self.sql(Self.model([Signal(column: "x", transform: linear)], missing: .neutral)).scoreExpression
    #expect(neutral.contains("CASE WHEN s.signal_1 IS NULL THEN 50.0 ELSE "))
    let zero = Self.sql(Self.model([Signal(column: "x", transform: linear)], missing: .zero)).scoreExpression
    #expect(zero.contains("CASE WHEN s.signal_1 IS NULL THEN 0.0 ELSE "))
    #expect(!zero.contains("COALESCE") && !zero.contains("NULLIF"))
  }

  @Test func signalPolicyOverridesTheModelPolicy() {
    let signals = [
      Signal(column: "x", transform: .linear(low: 0, high: 1), missing: .zero),
      Signal(column: "y", transform: .linear(low: 0, high: 1)),
    ]
    let sql = Self.sql(Self.model(signals, missing: .neutral))
    #expect(sql.scoreExpression.contains("CASE WHEN s.signal_1 IS NULL THEN 0.0 ELSE "))
    #expect(sql.scoreExpression.contains("CASE WHEN s.signal_2 IS NULL THEN 50.0 ELSE "))
    #expect(sql.query.contains("-- Missing values: neutral (a NULL signal scores 50) by default; per signal: x (c) zero.\n"))
  }

  @Test func renormalizedSignalIsDroppedAndItsWeightWithIt() {
    let signals = [
      Signal(column: "x", weight: 2, transform: .linear(low: 0, high: 1)),
      Signal(column: "y", transform: .boolean(trueScore: 100, falseScore: 0), missing: .renormalize),
    ]
    let sql = Self.sql(Self.model(signals)).scoreExpression
    #expect(sql.contains("COALESCE(1.0 * CASE WHEN s.signal_2 IS NULL THEN NULL ELSE CASE WHEN s.signal_2 <> 0.0 THEN 100.0 ELSE 0.0 END END, 0.0)"))
    #expect(sql.contains(" / (2.0 + CASE WHEN s.signal_2 IS NULL THEN 0.0 ELSE 1.0 END))"))
    // x is never dropped, so neither the component nor the score can be NULL.
    #expect(!sql.contains("NULLIF"))
  }

  @Test func componentWithOnlyRenormalizedSignalsIsDroppedAndTheScoreMayBeNull() {
    let model = Self.twoComponents(missing: .renormalize)
    let sql = Self.sql(model)
    let a = "((COALESCE(1.0 * CASE WHEN s.signal_1 IS NULL THEN NULL ELSE "
    #expect(sql.scoreExpression.contains("/ NULLIF(CASE WHEN s.signal_1 IS NULL THEN 0.0 ELSE 1.0 END, 0.0))"))
    #expect(sql.scoreExpression.hasPrefix("(\n    COALESCE(" + a))
    #expect(sql.scoreExpression.contains("* 40.0, 0.0)\n  + COALESCE("))
    #expect(sql.scoreExpression.contains(") / NULLIF(CASE WHEN " + a))
    #expect(sql.scoreExpression.contains(" IS NULL THEN 0.0 ELSE 40.0 END + CASE WHEN "))
    #expect(sql.scoreExpression.hasSuffix(" IS NULL THEN 0.0 ELSE 60.0 END, 0.0)"))
    #expect(sql.query.contains("    WHEN scored.\"score\" IS NULL THEN NULL\n"))
    #expect(sql.query.contains("no component left gives a NULL score and band."))
  }

  @Test func zeroWeightSteadySignalsStillLetAComponentDrop() {
    let signals = [
      Signal(column: "x", weight: 0, transform: .linear(low: 0, high: 1)),
      Signal(column: "y", transform: .linear(low: 0, high: 1), missing: .renormalize),
    ]
    let sql = Self.sql(Self.model(signals)).scoreExpression
    #expect(sql.contains("/ NULLIF(0.0 + CASE WHEN s.signal_2 IS NULL THEN 0.0 ELSE 1.0 END, 0.0))"))
  }

  // MARK: - Segments and bands

  @Test func segmentWeightOverridesBecomeCASEOnTheSegmentColumn() {
    let model = Self.twoComponents(segments: [
      SegmentOverride(segment: "Enterprise", weights: ["a": 70]),
      SegmentOverride(segment: "SMB", weights: ["a": 40, "b": 20]),
    ])
    let sql = Self.sql(model)
    #expect(sql.scoreExpression.contains("* (CASE s.\"segment\" WHEN 'Enterprise' THEN 70.0 ELSE 40.0 END)\n"))
    // SMB's a = 40 equals the default and needs no arm.
    #expect(sql.scoreExpression.contains("* (CASE s.\"segment\" WHEN 'SMB' THEN 20.0 ELSE 60.0 END)\n"))
    #expect(sql.scoreExpression.hasSuffix(
      ") / ((CASE s.\"segment\" WHEN 'Enterprise' THEN 70.0 ELSE 40.0 END) + (CASE s.\"segment\" WHEN 'SMB' THEN 20.0 ELSE 60.0 END))"))
    #expect(sql.query.contains("    s.\"segment\",\n"))
    #expect(sql.query.contains("      t.\"segment\",\n"))
    #expect(sql.query.contains("  scored.\"segment\",\n"))
    #expect(sql.query.contains("-- Segment overrides (column segment): Enterprise, SMB; a NULL or other segment uses the defaults above.\n"))
  }

  @Test func segmentBandOverridesBecomeCASEOnTheSegmentColumn() {
    let model = Self.twoComponents(
      bands: Bands(redBelow: 45, greenAtOrAbove: 72.5),
      segments: [SegmentOverride(segment: "Enterprise", bands: Bands(redBelow: 40, greenAtOrAbove: 72.5))])
    let sql = Self.sql(model)
    #expect(sql.query.contains("""
          WHEN scored."score" < (CASE scored."segment" WHEN 'Enterprise' THEN 40.0 ELSE 45.0 END) THEN 'red'
          WHEN scored."score" >= 72.5 THEN 'green'
          ELSE 'amber'
      """))
    #expect(!sql.scoreExpression.contains("segment"))
  }

  @Test func modelsWithoutOverridesNeverReadTheSegmentColumn() {
    let sql = Self.sql(Presets.chs5, .sqlite)
    #expect(!sql.query.contains("segment"))
  }

  @Test func headerNamesModelVersionAndMissingTreatment() {
    let header = Self.sql(Presets.chs4, .sqlite).query.split(separator: "\n").prefix { $0.hasPrefix("--") }
    #expect(header.first == "-- healthcal \(HealthCalVersion.current) SQL export of model \"chs-4\" (dialect: sqlite).")
    #expect(header.contains("-- Missing values: neutral (a NULL signal scores 50) by default."))
    #expect(header.contains { $0.hasPrefix("-- Delta signals compare with the account's latest row") })
  }

  @Test func sqlLooksLabelsUpCaseInsensitively() {
    let tier = Transform.category(labels: ["premier", "standard", "basic"], scores: [100, 70, 40], other: 50)
    let tiers = HealthModel(name: "tiers", components: [Component(name: "plan", weight: 100, signals: [Signal(column: "tier", transform: tier)])])
    let sql = Self.sql(tiers, .sqlite).query
    #expect(sql.contains("WHEN NULLIF(LOWER(TRIM(t.\"tier\")), '') = 'premier' THEN 0"))
    #expect(sql.contains("WHEN NULLIF(LOWER(TRIM(t.\"tier\")), '') IS NOT NULL THEN 3"))
  }

  @Test func overridesReadTheColumnTheModelKeysOn() {
    var model = Self.twoComponents(segments: [SegmentOverride(segment: "premier", weights: ["a": 70])])
    model.segmentColumn = "plan_tier"
    let sql = Self.sql(model)
    #expect(sql.scoreExpression.contains("(CASE s.\"plan_tier\" WHEN 'premier' THEN 70.0 ELSE 40.0 END)"))
    #expect(sql.query.contains("  scored.\"plan_tier\",\n"))
    #expect(!sql.query.contains("\"segment\""))
  }
}
