import Testing

import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

/// Invariants of the stratified k-fold split that out-of-sample tuning
/// relies on, over thousands of random outcome lists and fold counts.
@Suite struct FoldPropertyTests {
  /// Outcomes for a random subset of account indices, with a random churn share.
  static func outcomes(seed: UInt64) -> [Outcome] {
    var random = SeededGenerator(seed: seed)
    let count = random.nextInt(below: 120)
    let churnShare = random.nextUnit()
    var account = 0
    return (0..<count).map { _ in
      account += 1 + random.nextInt(below: 3)
      return Outcome(account: account, kind: random.nextUnit() < churnShare ? .churned : .renewed, date: nil)
    }
  }

  /// Every account lands in exactly one fold in `0..<k`; folds differ in size
  /// by at most one, overall and within each class; and the split depends on
  /// the seed, not on the order outcomes arrive in.
  @Test func foldsAreDisjointCompleteBalancedAndOrderFree() {
    for seed in 0..<1000 as Range<UInt64> {
      var random = SeededGenerator(seed: seed, stream: 1)
      let outcomes = Self.outcomes(seed: seed)
      let k = 2 + random.nextInt(below: 9)
      let folds = FoldAssignment.stratified(outcomes, folds: k, seed: seed)
      let context = "seed \(seed), k \(k), \(outcomes.count) outcomes"
      #expect(Set(folds.keys) == Set(outcomes.map(\.account)), "\(context)")
      #expect(folds.values.allSatisfy { (0..<k).contains($0) }, "\(context)")
      let members = (0..<k).map { fold in Set(folds.filter { $0.value == fold }.keys) }
      #expect(members.map(\.count).reduce(0, +) == outcomes.count, "\(context)")
      #expect(members.reduce(Set<Int>()) { $0.union($1) }.count == outcomes.count, "\(context)")
      #expect(members.map(\.count).max()! - members.map(\.count).min()! <= 1, "\(context)")
      for isChurned in [true, false] {
        let perFold = members.map { fold in outcomes.filter { $0.isChurned == isChurned && fold.contains($0.account) }.count }
        #expect(perFold.max()! - perFold.min()! <= 1, "\(context), churned \(isChurned)")
      }
      let shuffled = MetricTestData.permutation(count: outcomes.count, seed: seed).map { outcomes[$0] }
      #expect(FoldAssignment.stratified(shuffled, folds: k, seed: seed) == folds, "\(context)")
    }
  }
}
