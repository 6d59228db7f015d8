import Testing

import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

/// Invariants of ranking and scoring over thousands of seeded random
/// samples: the AUC's symmetry and definition, and the irrelevance of the
/// scale component weights are written on.
@Suite struct RankingPropertyTests {
  /// Random (risk, churned) samples of 0–40 observations with heavy ties.
  static func sample(seed: UInt64) -> (risk: [Double], isChurned: [Bool]) {
    var random = SeededGenerator(seed: seed)
    let count = random.nextInt(below: 41)
    let levels = 1 + random.nextInt(below: 12)
    var risk: [Double] = []
    var isChurned: [Bool] = []
    for _ in 0..<count {
      let level = random.nextInt(below: levels)
      risk.append(Double(level) * 7.5 - 20)
      isChurned.append(random.nextUnit() < 0.2 + 0.6 * Double(level) / Double(levels))
    }
    return (risk, isChurned)
  }

  /// AUC(risk) = 1 − AUC(−risk): reversing the ranking swaps concordant and
  /// discordant pairs and leaves ties (counted half) where they are. The
  /// AUC also equals the pair count by brute force, exactly.
  @Test func aucOfTheNegatedScoreIsOneMinusTheAUC() throws {
    for seed in 0..<3000 as Range<UInt64> {
      let (risk, isChurned) = Self.sample(seed: seed)
      let forward = RankedScores(risk: risk, isChurned: isChurned).rocAUC
      let backward = RankedScores(risk: risk.map { -$0 }, isChurned: isChurned).rocAUC
      var concordant = 0
      var ties = 0
      var pairs = 0
      for i in risk.indices where isChurned[i] {
        for j in risk.indices where !isChurned[j] {
          pairs += 1
          if risk[i] > risk[j] { concordant += 1 } else if risk[i] == risk[j] { ties += 1 }
        }
      }
      guard pairs > 0 else {
        #expect(forward == nil && backward == nil, "seed \(seed)")
        continue
      }
      let auc = try #require(forward), reversed = try #require(backward)
      #expect(abs(auc + reversed - 1) <= 1e-15, "seed \(seed): \(auc) + \(reversed)")
      #expect(auc == Double(2 * concordant + ties) / Double(2 * pairs), "seed \(seed)")
    }
  }

  /// The audit's AUC is taken on risk = 100 − score (churned accounts
  /// should score lower), so it is one minus the AUC of the raw score.
  @Test func auditAUCIsOneMinusTheAUCOfTheRawScore() {
    for seed in 0..<1000 as Range<UInt64> {
      let (risk, isChurned) = Self.sample(seed: seed)
      let accounts = risk.indices.map { i in
        ScoredAccount(account: i, row: i, score: 50 - risk[i], band: .amber, isChurned: isChurned[i], arr: nil, segment: nil)
      }
      let metrics = GroupMetrics(
        group: "all", accounts: accounts, coverage: Coverage(), atRisk: .red, bootstrapReplicates: 0, seed: 1)
      let rawAUC = RankedScores(risk: accounts.map(\.score), isChurned: isChurned).rocAUC
      switch (metrics.rocAUC, rawAUC) {
      case (nil, nil): break
      case (let audit?, let raw?): #expect(abs(audit - (1 - raw)) <= 1e-15, "seed \(seed)")
      default: Issue.record("seed \(seed): one AUC defined, the other not")
      }
    }
  }

  /// The book's model and the same model with every component weight
  /// (segment overrides included) multiplied by `factor`, scored on every row.
  static func scores(seed: UInt64, factor: Double) throws -> (base: [ScoredSnapshot?], scaled: [ScoredSnapshot?]) {
    let book = RandomBook(seed: seed)
    var scaled = book.model
    for c in scaled.components.indices { scaled.components[c].weight *= factor }
    for s in scaled.segments.indices { scaled.segments[s].weights = scaled.segments[s].weights.mapValues { $0 * factor } }
    let table = try TestData.table(book.csv())
    let base = try Scorer(model: book.model, table: table, modelSource: "m")
    let other = try Scorer(model: scaled, table: table, modelSource: "m")
    return ((0..<table.rowCount).map { base.score(row: $0) }, (0..<table.rowCount).map { other.score(row: $0) })
  }

  /// Scoring normalises component weights, so multiplying every weight by a
  /// power of two (which scales exactly) gives bit-identical scores: no band
  /// and no ranking moves.
  @Test(arguments: [0.25, 8.0, 1024.0])
  func scalingWeightsByAPowerOfTwoChangesNothing(factor: Double) throws {
    for seed in 0..<150 as Range<UInt64> {
      let (a, b) = try Self.scores(seed: seed, factor: factor)
      for row in a.indices {
        #expect(a[row]?.score == b[row]?.score && a[row]?.band == b[row]?.band, "seed \(seed), row \(row)")
      }
    }
  }

  /// Any other factor changes a score by at most a few ulps, and bands and
  /// ranking only where a score sits within 1e-9 of a threshold or of
  /// another score.
  ///
  /// Not stronger, on purpose: this is a known limitation, not a pass. A
  /// score of exactly 40 under weights 40/20/25/15 can come out as
  /// 39.99999999999999 under 0.4/0.2/0.25/0.15 and drop from amber to red
  /// when `red_below` is 40 (seed 196 at factor 0.001); exact ties can
  /// split the same way. Making bands scale-invariant needs scores snapped
  /// to a grid before banding, in the Scorer, the SubScoreMatrix and the SQL
  /// export alike.
  @Test(arguments: [0.001, 0.37, 3.0, 1000.0])
  func scalingWeightsByAnyFactorMovesScoresByUlpsOnly(factor: Double) throws {
    let near = 1e-9
    for seed in 0..<150 as Range<UInt64> {
      let (a, b) = try Self.scores(seed: seed, factor: factor)
      let model = RandomBook(seed: seed).model
      let thresholds = ([model.bands] + model.segments.compactMap(\.bands)).flatMap { [$0.redBelow, $0.greenAtOrAbove] }
      for row in a.indices {
        guard let x = a[row], let u = b[row] else {
          #expect(a[row] == nil && b[row] == nil, "seed \(seed), row \(row)")
          continue
        }
        #expect(abs(x.score - u.score) <= 1e-12 * 100, "seed \(seed), row \(row)")
        let onThreshold = thresholds.contains { abs(x.score - $0) <= near }
        #expect(x.band == u.band || onThreshold, "seed \(seed), row \(row): \(x.score) vs \(u.score)")
        for j in 0..<row {
          guard let y = a[j]?.score, let v = b[j]?.score, abs(x.score - y) > near else { continue }
          #expect((x.score < y) == (u.score < v), "seed \(seed), rows \(j), \(row)")
        }
      }
    }
  }
}
