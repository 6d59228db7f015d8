import HealthCalFormats

/// Collects input problems, either stopping at the first or gathering them all.
///
/// `audit` and `score` stop at the first problem (the user fixes it and runs
/// again); `validate` keeps going so one pass lists everything. A cap keeps a
/// file that is wrong on every one of its million lines from producing a
/// million-line report, and one systematic problem (a whole column of text
/// where numbers belong) is kept as its first three examples and a count, so
/// it cannot hide the distinct problems behind it.
package struct IssueLog: Sendable {
  /// Whether the first problem ends the load.
  package var stopsAtFirst: Bool
  /// Problems kept, in the order found.
  package private(set) var issues: [InputError] = []
  /// Problems found beyond ``limit`` and not kept.
  package private(set) var suppressedCount = 0
  /// The most problems kept.
  package var limit: Int
  /// Problems of one kind past its first ``examplesPerKind``, by kind, in
  /// the order each kind was first found.
  package private(set) var repeats: [Repeat] = []
  /// Examples kept of each kind of problem.
  package static let examplesPerKind = 3

  /// More problems like one already listed.
  package struct Repeat: Hashable, Sendable {
    /// The first example of the kind.
    package var example: InputError
    /// How many more there were beyond the examples kept.
    package var more: Int
  }

  private var kindCounts: [String: Int] = [:]
  private var repeatIndex: [String: Int] = [:]

  /// Creates a log. `stopsAtFirst` makes ``record(_:)`` throw.
  package init(stopsAtFirst: Bool, limit: Int = 1000) {
    self.stopsAtFirst = stopsAtFirst
    self.limit = limit
  }

  /// Records a problem, or throws it when the log stops at the first.
  package mutating func record(_ issue: InputError) throws(InputError) {
    if stopsAtFirst { throw issue }
    if let kind = issue.kind {
      kindCounts[kind, default: 0] += 1
      if kindCounts[kind]! > Self.examplesPerKind {
        if let index = repeatIndex[kind] {
          repeats[index].more += 1
        } else {
          repeatIndex[kind] = repeats.count
          repeats.append(Repeat(example: issue, more: 1))
        }
        return
      }
    }
    if issues.count < limit { issues.append(issue) } else { suppressedCount += 1 }
  }

  /// Whether nothing was recorded.
  package var isEmpty: Bool { issues.isEmpty && suppressedCount == 0 && repeats.isEmpty }

  /// Every problem found: kept, repeated and suppressed.
  package var total: Int { issues.count + suppressedCount + repeats.reduce(0) { $0 + $1.more } }
}
