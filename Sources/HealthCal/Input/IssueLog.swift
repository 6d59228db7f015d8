/// Collects input problems, either stopping at the first or gathering them all.
///
/// `audit` and `score` stop at the first problem (the user fixes it and runs
/// again); `validate` keeps going so one pass lists everything. A cap keeps a
/// file that is wrong on every one of its million lines from producing a
/// million-line report.
public struct IssueLog: Sendable {
  /// Whether the first problem ends the load.
  public var stopsAtFirst: Bool
  /// Problems kept, in the order found.
  public private(set) var issues: [InputError] = []
  /// Problems found beyond ``limit`` and not kept.
  public private(set) var suppressedCount = 0
  /// The most problems kept.
  public var limit: Int

  /// Creates a log. `stopsAtFirst` makes ``record(_:)`` throw.
  public init(stopsAtFirst: Bool, limit: Int = 1000) {
    self.stopsAtFirst = stopsAtFirst
    self.limit = limit
  }

  /// Records a problem, or throws it when the log stops at the first.
  public mutating func record(_ issue: InputError) throws(InputError) {
    if stopsAtFirst { throw issue }
    if issues.count < limit { issues.append(issue) } else { suppressedCount += 1 }
  }

  /// Whether nothing was recorded.
  public var isEmpty: Bool { issues.isEmpty && suppressedCount == 0 }
}
