/// How early the score turned at risk for churned accounts, and stayed there.
///
/// For each churned account, the snapshots dated before its churn date are
/// scored; the lead time is `T − d`, where `d` is the first snapshot of the
/// final unbroken run of at-risk snapshots. An account whose last snapshot
/// before churn was not at risk was never flagged in time (`nil`): a flag that
/// came and went does not count, because nobody acts on a flicker.
public struct LeadTime: Equatable, Sendable {
  /// Lead time in days for each churned account (by table account index),
  /// `nil` when it was not at risk at its last snapshot before churn.
  public var days: [Int: Int?]

  /// Creates a summary from per-account lead times.
  public init(days: [Int: Int?]) {
    self.days = days
  }

  /// Computes lead times for the churned accounts among `outcomes`.
  /// - Complexity: O(snapshots of churned accounts × signals).
  public init(scorer: Scorer, outcomes: [Outcome], atRisk: AtRiskRule) {
    var days: [Int: Int?] = [:]
    let table = scorer.table
    for outcome in outcomes where outcome.isChurned {
      guard let churn = outcome.date else { continue }
      var runStart: Int?
      var row = table.latestRow(account: outcome.account, onOrBefore: churn.daysSinceEpoch - 1, notBefore: Int.min)
      let first = table.accountRows[outcome.account].lowerBound
      while let current = row, let scored = scorer.score(row: current), atRisk.isAtRisk(scored.band) {
        runStart = current
        row = current > first ? current - 1 : nil
      }
      // updateValue, not subscript assignment: assigning nil through the
      // subscript would remove the account instead of recording "never flagged".
      days.updateValue(runStart.map { churn.daysSinceEpoch - Int(table.rowDate[$0]) }, forKey: outcome.account)
    }
    self.days = days
  }

  /// Churned accounts counted (every churned account with an outcome date).
  public var churnedCount: Int { days.count }

  /// Churned accounts flagged at their last snapshot before churn.
  public var flaggedCount: Int { days.values.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }

  /// The median lead time among flagged accounts (the mean of the middle two
  /// for an even count), `nil` when none was flagged.
  public var medianDays: Double? {
    let sorted = days.values.compactMap { $0 }.sorted()
    guard !sorted.isEmpty else { return nil }
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? Double(sorted[mid]) : Double(sorted[mid - 1] + sorted[mid]) / 2
  }

  /// Churned accounts flagged at least `horizon` days ahead ÷ all churned accounts counted.
  public func flagged(atLeast horizon: Int) -> Rate {
    let count = days.values.reduce(0) { total, lead in total + ((lead ?? -1) >= horizon ? 1 : 0) }
    return Rate(count, of: days.count)
  }
}
