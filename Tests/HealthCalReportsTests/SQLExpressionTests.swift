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

  // MARK: - Golden text

  @Test func goldenQueryForATinyModel() {
    let expected = """
      -- healthcal \(HealthCalVersion.current) SQL export of model "linear-x" (dialect: sqlite).
      -- Scores every row of snapshots: 0-100 score and red/amber/green band, as `healthcal score` computes them.
      -- Components (weight): x 100.0.
      -- Bands: red below 50.0, green at or above 70.0.
      -- Signals are numeric columns; booleans are 0/1 numbers (non-zero is true); NULL is a missing value.
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
              ((1.0 * CASE WHEN s."x" IS NULL THEN 50.0 ELSE CASE WHEN ((s."x" - 0.0) / (100.0 - 0.0)) < 0.0 THEN 0.0 \
      WHEN ((s."x" - 0.0) / (100.0 - 0.0)) > 1.0 THEN 100.0 ELSE 100.0 * ((s."x" - 0.0) / (100.0 - 0.0)) END END) / (1.0)) * 100.0
          ) / (100.0) AS "score"
        FROM "snapshots" s
      ) scored
      ORDER BY scored."account_id", scored."as_of"

      """
    #expect(SQLExpression(model: TestData.linearModel(), dialect: .sqlite).query == expected)
  }

  @Test func goldenANSIScoreExpressionForADeltaSignal() {
    let model = Self.model([Signal(column: "nps", transform: .delta(days: 90, low: -30, high: 10, maxGap: 31))])
    let raw = """
      (s."nps" - (SELECT p."nps" FROM "snapshots" p WHERE p."account_id" = s."account_id" AND p."as_of" = \
      (SELECT MAX(q."as_of") FROM "snapshots" q WHERE q."account_id" = s."account_id" \
      AND q."as_of" <= CAST(s."as_of" AS DATE) - INTERVAL '90' DAY AND q."as_of" >= CAST(s."as_of" AS DATE) - INTERVAL '121' DAY)))
      """
    let t = "((\(raw) - (-30.0)) / (10.0 - (-30.0)))"
    let expected = """
      (
          ((1.0 * CASE WHEN \(raw) IS NULL THEN 50.0 ELSE CASE WHEN \(t) < 0.0 THEN 0.0 WHEN \(t) > 1.0 THEN 100.0 \
      ELSE 100.0 * \(t) END END) / (1.0)) * 100.0
      ) / (100.0)
      """
    #expect(SQLExpression(model: model).scoreExpression == expected)
  }

  @Test func defaultsAreANSIAndTheSnapshotsTable() {
    let sql = SQLExpression(model: TestData.linearModel())
    #expect(sql.dialect == .ansi)
    #expect(sql.table == "snapshots")
    #expect(sql.query.contains("FROM \"snapshots\" s\n"))
  }

  // MARK: - Quoting

  @Test func identifiersAreDoubleQuotedWithEmbeddedQuotesDoubled() {
    #expect(SQLExpression.identifier("dau_mau") == "\"dau_mau\"")
    #expect(SQLExpression.identifier("we\"ird col") == "\"we\"\"ird col\"")
    let model = Self.model([Signal(column: "Select \"x\"", transform: .linear(low: 0, high: 1))])
    #expect(SQLExpression(model: model).scoreExpression.contains("s.\"Select \"\"x\"\"\" IS NULL"))
  }

  @Test func qualifiedTableNamesQuoteEachPart() {
    #expect(SQLExpression.qualifiedName("analytics.health snapshots") == "\"analytics\".\"health snapshots\"")
    let model = Self.model([Signal(column: "x", transform: .delta(days: 30, low: -1, high: 1, maxGap: 0))])
    let sql = SQLExpression(model: model, dialect: .sqlite, table: "analytics.snaps")
    #expect(sql.query.contains("FROM \"analytics\".\"snaps\" s\n"))
    #expect(sql.scoreExpression.contains("FROM \"analytics\".\"snaps\" p WHERE"))
    #expect(sql.scoreExpression.contains("FROM \"analytics\".\"snaps\" q WHERE"))
  }

  @Test func stringLiteralsDoubleSingleQuotes() {
    #expect(SQLExpression.string("O'Brien's") == "'O''Brien''s'")
    let model = Self.twoComponents(segments: [SegmentOverride(segment: "O'Brien", weights: ["a": 10])])
    #expect(SQLExpression(model: model).scoreExpression.contains("WHEN 'O''Brien' THEN 10.0"))
  }

  @Test func headerCommentsCannotBeEndedByAModelName() {
    var model = TestData.linearModel()
    model.name = "evil\nDROP TABLE snapshots;\r\u{2028}x"
    let header = SQLExpression(model: model).query.split(separator: "\n").prefix { $0.hasPrefix("--") }
    #expect(header.first == "-- healthcal \(HealthCalVersion.current) SQL export of model \"evil DROP TABLE snapshots;  x\" (dialect: ansi).")
    #expect(!SQLExpression(model: model).query.contains("\nDROP"))
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
    let sql = SQLExpression(model: Self.model([Signal(column: "x", transform: .linear(low: 0.15, high: 0.55))])).scoreExpression
    let t = "((s.\"x\" - 0.15) / (0.55 - 0.15))"
    #expect(sql.contains("CASE WHEN \(t) < 0.0 THEN 0.0 WHEN \(t) > 1.0 THEN 100.0 ELSE 100.0 * \(t) END"))
    #expect(!sql.contains("LEAST") && !sql.contains("GREATEST"))
  }

  @Test func linearWithLowAboveHighKeepsTheDirection() {
    let sql = SQLExpression(model: Self.model([Signal(column: "tickets", transform: .linear(low: 15, high: 0))])).scoreExpression
    #expect(sql.contains("((s.\"tickets\" - 15.0) / (0.0 - 15.0)) < 0.0 THEN 0.0"))
  }

  @Test func bandsUseAtOrAboveThresholds() {
    let transform = Transform.bands(thresholds: [1, 3], scores: [100, 50, 0])
    let sql = SQLExpression(model: Self.model([Signal(column: "esc", transform: transform)])).scoreExpression
    #expect(sql.contains("CASE WHEN s.\"esc\" < 1.0 THEN 100.0 WHEN s.\"esc\" < 3.0 THEN 50.0 ELSE 0.0 END"))
  }

  @Test func booleansTreatNonZeroAsTrue() {
    let transform = Transform.boolean(trueScore: 0, falseScore: 100)
    let sql = SQLExpression(model: Self.model([Signal(column: "flag", transform: transform)])).scoreExpression
    #expect(sql.contains("CASE WHEN s.\"flag\" <> 0.0 THEN 0.0 ELSE 100.0 END"))
  }

  @Test func deltaLooksUpTheLatestRowInTheWindowPerDialect() {
    let model = Self.model([Signal(column: "nps", transform: .delta(days: 60, low: -20, high: 20, maxGap: 10))])
    let lookUp = "p.\"as_of\" = (SELECT MAX(q.\"as_of\") FROM \"snapshots\" q WHERE q.\"account_id\" = s.\"account_id\" AND "
    let sqlite = SQLExpression(model: model, dialect: .sqlite).scoreExpression
    #expect(sqlite.contains(lookUp + "q.\"as_of\" <= date(s.\"as_of\", '-60 days') AND q.\"as_of\" >= date(s.\"as_of\", '-70 days'))"))
    let ansi = SQLExpression(model: model, dialect: .ansi).scoreExpression
    #expect(ansi.contains(
      lookUp + "q.\"as_of\" <= CAST(s.\"as_of\" AS DATE) - INTERVAL '60' DAY AND q.\"as_of\" >= CAST(s.\"as_of\" AS DATE) - INTERVAL '70' DAY)"))
    #expect(ansi.contains("(s.\"nps\" - (SELECT p.\"nps\" FROM \"snapshots\" p WHERE p.\"account_id\" = s.\"account_id\" AND "))
    #expect(!ansi.contains("LIMIT") && !ansi.contains("FETCH"))
  }

  @Test func dialectsDifferOnlyInDateArithmetic() {
    let sqlite = SQLExpression(model: Presets.chs4, dialect: .sqlite).query
    let ansi = SQLExpression(model: Presets.chs4, dialect: .ansi).query
      .replacing("CAST(s.\"as_of\" AS DATE) - INTERVAL '90' DAY", with: "date(s.\"as_of\", '-90 days')")
      .replacing("CAST(s.\"as_of\" AS DATE) - INTERVAL '121' DAY", with: "date(s.\"as_of\", '-121 days')")
      .replacing("(dialect: ansi)", with: "(dialect: sqlite)")
    #expect(ansi == sqlite)
  }

  // MARK: - Missing values

  @Test func neutralAndZeroPoliciesSubstituteTheirScore() {
    let linear = Transform.linear(low: 0, high: 1)
    let neutral = SQLExpression(model: Self.model([Signal(column: "x", transform: linear)], missing: .neutral)).scoreExpression
    #expect(neutral.contains("CASE WHEN s.\"x\" IS NULL THEN 50.0 ELSE "))
    let zero = SQLExpression(model: Self.model([Signal(column: "x", transform: linear)], missing: .zero)).scoreExpression
    #expect(zero.contains("CASE WHEN s.\"x\" IS NULL THEN 0.0 ELSE "))
    #expect(!zero.contains("COALESCE") && !zero.contains("NULLIF"))
  }

  @Test func signalPolicyOverridesTheModelPolicy() {
    let signals = [
      Signal(column: "x", transform: .linear(low: 0, high: 1), missing: .zero),
      Signal(column: "y", transform: .linear(low: 0, high: 1)),
    ]
    let sql = SQLExpression(model: Self.model(signals, missing: .neutral))
    #expect(sql.scoreExpression.contains("CASE WHEN s.\"x\" IS NULL THEN 0.0 ELSE "))
    #expect(sql.scoreExpression.contains("CASE WHEN s.\"y\" IS NULL THEN 50.0 ELSE "))
    #expect(sql.query.contains("-- Missing values: neutral (a NULL signal scores 50) by default; per signal: x (c) zero.\n"))
  }

  @Test func renormalizedSignalIsDroppedAndItsWeightWithIt() {
    let signals = [
      Signal(column: "x", weight: 2, transform: .linear(low: 0, high: 1)),
      Signal(column: "y", transform: .boolean(trueScore: 100, falseScore: 0), missing: .renormalize),
    ]
    let sql = SQLExpression(model: Self.model(signals)).scoreExpression
    #expect(sql.contains("COALESCE(1.0 * CASE WHEN s.\"y\" IS NULL THEN NULL ELSE CASE WHEN s.\"y\" <> 0.0 THEN 100.0 ELSE 0.0 END END, 0.0)"))
    #expect(sql.contains(" / (2.0 + CASE WHEN s.\"y\" IS NULL THEN 0.0 ELSE 1.0 END))"))
    // x is never dropped, so neither the component nor the score can be NULL.
    #expect(!sql.contains("NULLIF"))
  }

  @Test func componentWithOnlyRenormalizedSignalsIsDroppedAndTheScoreMayBeNull() {
    let model = Self.twoComponents(missing: .renormalize)
    let sql = SQLExpression(model: model)
    let a = "((COALESCE(1.0 * CASE WHEN s.\"x\" IS NULL THEN NULL ELSE "
    #expect(sql.scoreExpression.contains("/ NULLIF(CASE WHEN s.\"x\" IS NULL THEN 0.0 ELSE 1.0 END, 0.0))"))
    #expect(sql.scoreExpression.hasPrefix("(\n    COALESCE(" + a))
    #expect(sql.scoreExpression.contains("* 40.0, 0.0)\n  + COALESCE("))
    #expect(sql.scoreExpression.contains(") / NULLIF(CASE WHEN " + a))
    #expect(sql.scoreExpression.contains(" IS NULL THEN 0.0 ELSE 40.0 END + CASE WHEN "))
    #expect(sql.scoreExpression.hasSuffix(" IS NULL THEN 0.0 ELSE 60.0 END, 0.0)"))
    #expect(sql.query.contains("    WHEN scored.\"score\" IS NULL THEN NULL\n"))
    #expect(sql.bandExpression.hasPrefix("CASE\n  WHEN (" + sql.scoreExpression + ") IS NULL THEN NULL\n"))
    #expect(sql.query.contains("no component left gives a NULL score and band."))
  }

  @Test func zeroWeightSteadySignalsStillLetAComponentDrop() {
    let signals = [
      Signal(column: "x", weight: 0, transform: .linear(low: 0, high: 1)),
      Signal(column: "y", transform: .linear(low: 0, high: 1), missing: .renormalize),
    ]
    let sql = SQLExpression(model: Self.model(signals)).scoreExpression
    #expect(sql.contains("/ NULLIF(0.0 + CASE WHEN s.\"y\" IS NULL THEN 0.0 ELSE 1.0 END, 0.0))"))
  }

  // MARK: - Segments and bands

  @Test func segmentWeightOverridesBecomeCASEOnTheSegmentColumn() {
    let model = Self.twoComponents(segments: [
      SegmentOverride(segment: "Enterprise", weights: ["a": 70]),
      SegmentOverride(segment: "SMB", weights: ["a": 40, "b": 20]),
    ])
    let sql = SQLExpression(model: model)
    #expect(sql.scoreExpression.contains("* (CASE s.\"segment\" WHEN 'Enterprise' THEN 70.0 ELSE 40.0 END)\n"))
    // SMB's a = 40 equals the default and needs no arm.
    #expect(sql.scoreExpression.contains("* (CASE s.\"segment\" WHEN 'SMB' THEN 20.0 ELSE 60.0 END)\n"))
    #expect(sql.scoreExpression.hasSuffix(
      ") / ((CASE s.\"segment\" WHEN 'Enterprise' THEN 70.0 ELSE 40.0 END) + (CASE s.\"segment\" WHEN 'SMB' THEN 20.0 ELSE 60.0 END))"))
    #expect(sql.query.contains("    s.\"segment\",\n"))
    #expect(sql.query.contains("  scored.\"segment\",\n"))
    #expect(sql.query.contains("-- Segment overrides: Enterprise, SMB; a NULL or other segment uses the defaults above.\n"))
  }

  @Test func segmentBandOverridesBecomeCASEOnTheSegmentColumn() {
    let model = Self.twoComponents(
      bands: Bands(redBelow: 45, greenAtOrAbove: 72.5),
      segments: [SegmentOverride(segment: "Enterprise", bands: Bands(redBelow: 40, greenAtOrAbove: 72.5))])
    let sql = SQLExpression(model: model)
    #expect(sql.query.contains("""
          WHEN scored."score" < (CASE scored."segment" WHEN 'Enterprise' THEN 40.0 ELSE 45.0 END) THEN 'red'
          WHEN scored."score" >= 72.5 THEN 'green'
          ELSE 'amber'
      """))
    #expect(sql.bandExpression.contains("< (CASE s.\"segment\" WHEN 'Enterprise' THEN 40.0 ELSE 45.0 END) THEN 'red'"))
    #expect(!sql.scoreExpression.contains("segment"))
  }

  @Test func modelsWithoutOverridesNeverReadTheSegmentColumn() {
    let sql = SQLExpression(model: Presets.chs5, dialect: .sqlite)
    #expect(!sql.query.contains("segment"))
    #expect(!sql.bandExpression.contains("segment"))
  }

  @Test func bandExpressionInlinesTheScore() {
    let sql = SQLExpression(model: TestData.linearModel())
    #expect(sql.bandExpression == """
      CASE
        WHEN (\(sql.scoreExpression)) < 50.0 THEN 'red'
        WHEN (\(sql.scoreExpression)) >= 70.0 THEN 'green'
        ELSE 'amber'
      END
      """)
  }

  @Test func headerNamesModelVersionAndMissingTreatment() {
    let header = SQLExpression(model: Presets.chs4, dialect: .sqlite).query.split(separator: "\n").prefix { $0.hasPrefix("--") }
    #expect(header.first == "-- healthcal \(HealthCalVersion.current) SQL export of model \"chs-4\" (dialect: sqlite).")
    #expect(header.contains("-- Missing values: neutral (a NULL signal scores 50) by default."))
    #expect(header.contains { $0.hasPrefix("-- Delta signals compare with the account's latest row") })
  }

  @Test func sqlLooksLabelsUpCaseInsensitively() {
    let tier = Transform.category(labels: ["premier", "standard", "basic"], scores: [100, 70, 40], other: 50)
    let tiers = HealthModel(name: "tiers", components: [Component(name: "plan", weight: 100, signals: [Signal(column: "tier", transform: tier)])])
    let sql = SQLExpression(model: tiers, dialect: .sqlite).query
    #expect(sql.contains("WHEN NULLIF(LOWER(TRIM(s.\"tier\")), '') = 'premier' THEN 0"))
    #expect(sql.contains("WHEN NULLIF(LOWER(TRIM(s.\"tier\")), '') IS NOT NULL THEN 3"))
  }
}
