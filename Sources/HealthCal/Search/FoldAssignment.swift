import HealthCalFormats

/// How accounts are split for honest, out-of-sample validation.
package enum FoldAssignment {
  /// Stratified k-fold: churned and renewed accounts are each shuffled (seeded)
  /// and dealt round-robin to `k` folds, so every fold has nearly the same
  /// churn rate and every account is in exactly one fold.
  /// - Returns: the fold (0..<k) of each account in `outcomes`, by table account index.
  package static func stratified(_ outcomes: [Outcome], folds k: Int, seed: UInt64) -> [Int: Int] {
    var random = SeededGenerator(seed: seed)
    var assignment: [Int: Int] = [:]
    for isChurned in [true, false] {
      var accounts = outcomes.filter { $0.isChurned == isChurned }.map(\.account).sorted()
      for i in stride(from: accounts.count - 1, to: 0, by: -1) { accounts.swapAt(i, random.nextInt(below: i + 1)) }
      // Continue the deal where the churned accounts stopped, so fold sizes
      // differ by at most one overall as well as within each class.
      let offset = assignment.count
      for (i, account) in accounts.enumerated() { assignment[account] = (offset + i) % k }
    }
    return assignment
  }

  /// A time-ordered holdout: outcomes dated before `date` train, the rest
  /// (including renewals without a date, observed to the end) test.
  /// - Returns: whether each account (by table index) is in the test set.
  package static func holdout(_ outcomes: [Outcome], after date: CalendarDate) -> [Int: Bool] {
    Dictionary(uniqueKeysWithValues: outcomes.map { ($0.account, ($0.date.map { $0 >= date }) ?? true) })
  }
}
