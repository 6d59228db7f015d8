import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

@Suite struct ScorerTests {
  static let twoComponents = HealthModel(
    name: "two",
    components: [
      Component(name: "usage", weight: 60, signals: [
        Signal(column: "x", weight: 3, transform: .linear(low: 0, high: 1)),
        Signal(column: "y", weight: 1, transform: .boolean(trueScore: 0, falseScore: 100)),
      ]),
      Component(name: "support", weight: 40, signals: [Signal(column: "z", transform: .linear(low: 10, high: 0))]),
    ])

  @Test func scoreIsTheWeightedMeanOfComponentSubScores() throws {
    let table = try TestData.table("account_id,as_of,x,y,z\nA,2025-01-01,0.5,no,4\n")
    let scorer = try Scorer(model: Self.twoComponents, table: table, modelSource: "m")
    // usage = (3·50 + 1·100) / 4 = 62.5; support = 60; score = (60·62.5 + 40·60) / 100 = 61.5
    let scored = try #require(scorer.score(row: 0))
    #expect(scored.score == 61.5)
    #expect(scored.band == .amber)
    #expect(scored.contributions.map(\.points) == [37.5, 24])
    #expect(scored.contributions.map(\.share) == [0.6, 0.4])
  }

  @Test func neutralZeroAndRenormalizePolicies() throws {
    let table = try TestData.table("account_id,as_of,x,y,z\nA,2025-01-01,,no,4\n")
    func score(_ policy: MissingPolicy) throws -> Double? {
      var model = Self.twoComponents
      model.missing = policy
      return try Scorer(model: model, table: table, modelSource: "m").score(row: 0)?.score
    }
    // neutral: usage = (3·50 + 100)/4 = 62.5 → 61.5; zero: usage = 100/4 = 25 → 39; renormalize: usage = 100 → 84
    #expect(try score(.neutral) == 61.5)
    #expect(try score(.zero) == 39)
    #expect(try score(.renormalize) == 84)
  }

  @Test func aComponentWithNoSignalLeftIsDroppedAndTheRestReweighted() throws {
    let table = try TestData.table("account_id,as_of,x,y,z\nA,2025-01-01,,,4\n")
    var model = Self.twoComponents
    model.missing = .renormalize
    let scored = try #require(try Scorer(model: model, table: table, modelSource: "m").score(row: 0))
    #expect(scored.score == 60)
    #expect(scored.contributions[0].subScore == nil)
    #expect(scored.contributions[0].points == 0)
    #expect(scored.contributions[1].share == 1)
  }

  @Test func noUsableSignalAtAllGivesNoScore() throws {
    let table = try TestData.table("account_id,as_of,x,y,z\nA,2025-01-01,,,\n")
    var model = Self.twoComponents
    model.missing = .renormalize
    #expect(try Scorer(model: model, table: table, modelSource: "m").score(row: 0) == nil)
  }

  @Test func deltaComparesWithTheSnapshotDaysEarlierWithinTheGap() throws {
    let model = HealthModel(name: "d", components: [
      Component(name: "trend", weight: 1, signals: [Signal(column: "x", transform: .delta(days: 30, low: -0.5, high: 0.5, maxGap: 5))])
    ])
    let table = try TestData.table("""
      account_id,as_of,x
      A,2025-01-01,0.2
      A,2025-01-31,0.4
      A,2025-03-10,0.9
      """)
    let scorer = try Scorer(model: model, table: table, modelSource: "m")
    // Row 1: 2025-01-31 − 30 days = 2025-01-01 → change +0.2 → 70.
    #expect(abs(try #require(scorer.score(row: 1)).score - 70) < 1e-9)
    // Row 0: nothing earlier → missing → neutral 50.
    #expect(try #require(scorer.score(row: 0)).score == 50)
    // Row 2: 2025-03-10 − 30 = 2025-02-08; latest ≤ that is 2025-01-31, 8 days older > maxGap 5 → missing.
    #expect(try #require(scorer.score(row: 2)).score == 50)
  }

  @Test func segmentOverridesApplyPerRow() throws {
    var model = Self.twoComponents
    model.segments = [SegmentOverride(segment: "Enterprise", weights: ["support": 60], bands: Bands(redBelow: 10, greenAtOrAbove: 61))]
    let table = try TestData.table("""
      account_id,as_of,segment,x,y,z
      A,2025-01-01,Enterprise,0.5,no,4
      B,2025-01-01,SMB,0.5,no,4
      """)
    let scorer = try Scorer(model: model, table: table, modelSource: "m")
    // Enterprise: (60·62.5 + 60·60)/120 = 61.25, green at ≥ 61.
    let enterprise = try #require(scorer.score(row: 0))
    #expect(enterprise.score == 61.25)
    #expect(enterprise.band == .green)
    #expect(try #require(scorer.score(row: 1)).score == 61.5)
  }

  @Test func unknownColumnIsReportedWithTheAvailableOnes() throws {
    let table = try TestData.table("account_id,as_of,x,y\nA,2025-01-01,1,0\n")
    #expect(throws: InputError.unknownColumn(SourceLocation(file: "m.json"), column: "z", available: ["x", "y"])) {
      try Scorer(model: Self.twoComponents, table: table, modelSource: "m.json")
    }
  }

  @Test func contributionsAlwaysSumToTheScore() throws {
    var generator = SeededGenerator(seed: 7)
    var csv = "account_id,as_of,x,y,z\n"
    for i in 0..<300 {
      let x = generator.nextUnit() < 0.2 ? "" : "\(generator.nextUnit())"
      let y = generator.nextUnit() < 0.2 ? "" : (generator.nextUnit() < 0.5 ? "yes" : "no")
      let z = generator.nextUnit() < 0.2 ? "" : "\(generator.nextInt(below: 15))"
      csv += "A\(i),2025-01-01,\(x),\(y),\(z)\n"
    }
    let table = try TestData.table(csv)
    for policy in MissingPolicy.allCases {
      var model = Self.twoComponents
      model.missing = policy
      let scorer = try Scorer(model: model, table: table, modelSource: "m")
      for row in 0..<table.rowCount {
        guard let scored = scorer.score(row: row) else { continue }
        #expect(abs(scored.contributions.map(\.points).reduce(0, +) - scored.score) < 1e-9)
        #expect((0...100).contains(scored.score))
      }
    }
  }
}
