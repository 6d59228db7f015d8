import HealthCal
import HealthCalFormats

/// Seeded random data for the metric property tests: scores on a 0–100 scale
/// rounded to one decimal (so ties are common), and outcomes that depend on
/// the score, as a real health score's would.
enum MetricTestData {
  /// `count` (score, churned) pairs; lower scores churn more often.
  static func sample(count: Int, seed: UInt64, coarse: Bool = false) -> (scores: [Double], isChurned: [Bool])
  {
    var generator = SeededGenerator(seed: seed)
    var scores: [Double] = []
    var isChurned: [Bool] = []
    for _ in 0..<count {
      let raw = generator.nextUnit() * 100
      let score = coarse ? (raw / 10).rounded(.down) * 10 : (raw * 10).rounded() / 10
      scores.append(score)
      isChurned.append(generator.nextUnit() < 0.6 - 0.5 * score / 100)
    }
    return (scores, isChurned)
  }

  /// A seeded Fisher–Yates permutation of `0..<count`.
  static func permutation(count: Int, seed: UInt64) -> [Int] {
    var generator = SeededGenerator(seed: seed)
    var order = Array(0..<count)
    for i in stride(from: count - 1, to: 0, by: -1) {
      order.swapAt(i, generator.nextInt(below: i + 1))
    }
    return order
  }

  /// Risk as the metrics take it: 100 − score, so a higher value means more at risk.
  static func risk(_ scores: [Double]) -> [Double] {
    scores.map { 100 - $0 }
  }
}
