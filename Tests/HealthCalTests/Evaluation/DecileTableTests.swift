import HealthCalTestSupport
import HealthCal
import Testing

@Suite struct DecileTableTests {
  @Test func fewerThanTenObservationsWithATie() {
    // n = 4. Score 5: 0 lower -> floor(0/4) + 1 = 1. Score 10 (twice): 1 lower -> floor(10/4) + 1 = 3.
    // Score 20: 3 lower -> floor(30/4) + 1 = 8.
    let table = DecileTable(scores: [10, 5, 20, 10], isChurned: [true, true, false, false])
    #expect(table.rows.count == 10)
    #expect(table.rows.map(\.decile) == Array(1...10))
    #expect(table.rows.map(\.count) == [1, 0, 2, 0, 0, 0, 0, 1, 0, 0])
    #expect(table.rows[0] == .init(decile: 1, count: 1, churned: 1, minScore: 5, maxScore: 5, churnRate: 1))
    #expect(
      table.rows[2] == .init(decile: 3, count: 2, churned: 1, minScore: 10, maxScore: 10, churnRate: 0.5))
    #expect(table.rows[7] == .init(decile: 8, count: 1, churned: 0, minScore: 20, maxScore: 20, churnRate: 0))
    #expect(
      table.rows[1] == .init(decile: 2, count: 0, churned: 0, minScore: nil, maxScore: nil, churnRate: nil))
    // Rates 1, 1/2, 0 over the non-empty deciles.
    #expect(table.isMonotonic)
  }

  @Test func tiesShareADecileAndLeaveGaps() {
    // n = 12, lower counts and deciles: 10 (×3): 0 -> 1; 20: 3 -> floor(30/12) + 1 = 3;
    // 30: 4 -> 4; 40: 5 -> 5; 50: 6 -> 6; 60: 7 -> floor(70/12) + 1 = 6; 70: 8 -> 7;
    // 80: 9 -> 8; 90: 10 -> 9; 100: 11 -> floor(110/12) + 1 = 10. Decile 2 is empty.
    let scores: [Double] = [10, 10, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    let churned = [true, true, false, true, false, false, true, false, false, false, false, false]
    let table = DecileTable(scores: scores, isChurned: churned)
    #expect(table.rows.map(\.count) == [3, 0, 1, 1, 1, 2, 1, 1, 1, 1])
    #expect(table.rows.map(\.churned) == [2, 0, 1, 0, 0, 1, 0, 0, 0, 0])
    #expect(table.rows[5].minScore == 50 && table.rows[5].maxScore == 60)
    #expect(table.rows[5].churnRate == 0.5)
    // Rates 2/3, (empty), 1, 0, 0, 1/2, ...: rises at decile 3 and again at decile 6.
    #expect(!table.isMonotonic)
  }

  @Test func allScoresTiedFallInDecileOne() {
    let table = DecileTable(scores: [50, 50, 50, 50, 50], isChurned: [true, false, false, true, false])
    #expect(table.rows[0].count == 5)
    #expect(table.rows[0].churnRate == 0.4)
    #expect(table.rows.dropFirst().allSatisfy { $0.count == 0 && $0.churnRate == nil })
    #expect(table.isMonotonic)
  }

  @Test func emptyInputHasTenEmptyRows() {
    let table = DecileTable(scores: [], isChurned: [])
    #expect(table.rows.count == 10)
    #expect(table.rows.allSatisfy { $0.count == 0 && $0.minScore == nil && $0.churnRate == nil })
    #expect(table.isMonotonic)
  }

  @Test func equalRatesAsFractionsAreMonotonic() {
    // Deciles with 1/3 and 2/6 churned: equal rates, compared exactly.
    let scores: [Double] = [1, 1, 1, 2, 2, 2, 2, 2, 2]
    let table = DecileTable(
      scores: scores, isChurned: [true, false, false, true, true, false, false, false, false])
    #expect(table.rows.filter { $0.count > 0 }.map(\.churned) == [1, 2])
    #expect(table.isMonotonic)
  }

  @Test func evenSplitWithoutTies() {
    // 100 distinct scores: exactly ten per decile, and the scores in order.
    let scores = (0..<100).map { Double($0) }
    let table = DecileTable(scores: scores.reversed(), isChurned: Array(repeating: false, count: 100))
    #expect(table.rows.allSatisfy { $0.count == 10 })
    #expect(table.rows[3].minScore == 30 && table.rows[3].maxScore == 39)
  }

  @Test func invariantUnderPermutation() {
    let data = MetricTestData.sample(count: 777, seed: 55, coarse: true)
    let order = MetricTestData.permutation(count: 777, seed: 56)
    let original = DecileTable(scores: data.scores, isChurned: data.isChurned)
    let shuffled = DecileTable(
      scores: order.map { data.scores[$0] }, isChurned: order.map { data.isChurned[$0] })
    #expect(original.rows == shuffled.rows)
    #expect(original.isMonotonic == shuffled.isMonotonic)
  }
}
