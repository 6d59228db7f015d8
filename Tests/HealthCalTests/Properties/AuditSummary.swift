@testable import HealthCal

/// Everything an audit reports, keyed by account id instead of table index
/// and free of input order, so two audits of the same book presented
/// differently can be compared with `==`.
///
/// The Brier score is the one figure kept apart: it comes from an iterative
/// fit whose sums run in input order, so it is compared to a tolerance
/// (``matches(_:tolerance:)``) while every count and rank-based metric must
/// agree exactly.
struct AuditSummary: Equatable {
  /// One group (overall or a segment) at one horizon.
  struct Group: Equatable {
    var horizon: Int
    var group: String
    var coverage: Coverage
    /// Churned then renewed count per band, bands in `Band.allCases` order.
    var bandCounts: [Int]
    var rates: [Rate]
    var arrShares: [ARRShare]
    var accountsWithoutARR: Int
    var rocAUC: Double?
    var averagePrecision: Double?
    var kolmogorovSmirnov: Double?
    var deciles: [DecileTable.Row]

    init(horizon: Int, _ metrics: GroupMetrics) {
      self.horizon = horizon
      group = metrics.group
      coverage = metrics.coverage
      bandCounts = Band.allCases.flatMap { [metrics.bandCounts[$0]!.churned, metrics.bandCounts[$0]!.renewed] }
      rates = [metrics.greenChurn, metrics.atRiskRecall, metrics.precision, metrics.falseAlarmRate, metrics.alertRate]
      arrShares = [metrics.greenChurnARR, metrics.atRiskRecallARR, metrics.falseAlarmARR]
      accountsWithoutARR = metrics.accountsWithoutARR
      rocAUC = metrics.rocAUC
      averagePrecision = metrics.averagePrecision
      kolmogorovSmirnov = metrics.kolmogorovSmirnov
      deciles = metrics.deciles.rows
    }
  }

  var groups: [Group]
  /// Brier score per group, aligned with ``groups``.
  var brierScores: [Double?]
  /// Churned accounts shown green: id and the horizons it was green at.
  var misses: [String: [Int]]
  /// Lead time in days per churned account id (nil: never flagged for good).
  var leadTimes: [String: Int?]

  /// Summarises `audit`, reading account ids through `originalID` (the
  /// inverse of any renaming) so renamed books compare equal.
  init(_ audit: Audit, originalID: (String) -> String = { $0 }) {
    groups = []
    brierScores = []
    for result in audit.horizons {
      for metrics in [result.overall] + result.segments {
        groups.append(Group(horizon: result.horizon, metrics))
        brierScores.append(metrics.brierScore)
      }
    }
    misses = Dictionary(uniqueKeysWithValues: audit.misses.map { (originalID($0.accountID), $0.greenHorizons) })
    leadTimes = Dictionary(uniqueKeysWithValues: audit.leadTime.days.map { (originalID(audit.accountIDs[$0.key]), $0.value) })
  }

  /// Whether two summaries agree: exactly, except Brier scores within `tolerance`.
  func matches(_ other: AuditSummary, tolerance: Double = 1e-9) -> Bool {
    guard groups == other.groups, misses == other.misses, leadTimes == other.leadTimes,
      brierScores.count == other.brierScores.count
    else { return false }
    return zip(brierScores, other.brierScores).allSatisfy { a, b in
      switch (a, b) {
      case (nil, nil): return true
      case (let a?, let b?): return abs(a - b) <= tolerance
      default: return false
      }
    }
  }
}
