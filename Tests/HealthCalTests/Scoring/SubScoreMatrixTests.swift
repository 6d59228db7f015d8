import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

@Suite struct SubScoreMatrixTests {
  static func randomTable(seed: UInt64, rows: Int) throws -> SnapshotTable {
    var generator = SeededGenerator(seed: seed)
    var csv = "account_id,as_of,segment,x,y,z\n"
    for i in 0..<rows {
      let x = generator.nextUnit() < 0.15 ? "" : "\(generator.nextUnit())"
      let y = generator.nextUnit() < 0.5 ? "true" : "false"
      let z = generator.nextUnit() < 0.15 ? "" : "\(generator.nextInt(below: 15))"
      let segment = ["SMB", "Enterprise", ""][generator.nextInt(below: 3)]
      csv += "A\(i),2025-01-01,\(segment),\(x),\(y),\(z)\n"
    }
    return try TestData.table(csv)
  }

  @Test(arguments: MissingPolicy.allCases)
  func matrixScoresEqualTheScorerExactly(_ policy: MissingPolicy) throws {
    var model = ScorerTests.twoComponents
    model.missing = policy
    model.segments = [SegmentOverride(segment: "Enterprise", weights: ["usage": 20])]
    let table = try Self.randomTable(seed: 11, rows: 400)
    let scorer = try Scorer(model: model, table: table, modelSource: "m")
    let rows = Array(0..<table.rowCount)
    let matrix = SubScoreMatrix(scorer: scorer, rows: rows)
    let scores = matrix.scores(weightSets: scorer.allWeightSets, assignment: rows.map(scorer.weightSetIndex(forRow:)))
    for row in rows {
      #expect(scores[row] == scorer.score(row: row)?.score)
    }
  }

  @Test func scalingAllWeightsByAConstantKeepsScoresAndBands() throws {
    let table = try Self.randomTable(seed: 12, rows: 500)
    let scorer = try Scorer(model: ScorerTests.twoComponents, table: table, modelSource: "m")
    let rows = Array(0..<table.rowCount)
    let matrix = SubScoreMatrix(scorer: scorer, rows: rows)
    let assignment = [Int](repeating: 0, count: rows.count)
    let base = matrix.scores(weightSets: [[60, 40]], assignment: assignment)
    for factor in [0.001, 0.37, 3.0, 1000.0] {
      let scaled = matrix.scores(weightSets: [[60 * factor, 40 * factor]], assignment: assignment)
      for (a, b) in zip(base, scaled) {
        let a = try #require(a), b = try #require(b)
        #expect(abs(a - b) < 1e-9)
        #expect(Bands().band(for: a) == Bands().band(for: b) || abs(a - 50) < 1e-9 || abs(a - 70) < 1e-9)
      }
    }
  }
}
