@testable import HealthCal
@testable import HealthCalFormats

/// What every successfully loaded snapshot table and outcome list must
/// satisfy, whatever bytes it came from.
///
/// These are the promises the rest of the pipeline builds on without
/// checking again: rows sorted by (account, date) with no duplicate pair,
/// account ids and segments sorted and unique, NaN meaning only "missing",
/// and outcomes pointing at real accounts. The same functions compare a
/// collect-all load (what `validate` does) with a stop-at-first load (what
/// `audit` does), which must agree on whether the input is acceptable.
enum LoadInvariants {
  /// Loads snapshots, then outcomes against them, twice each: collecting
  /// every problem with small chunks (`validate`) and stopping at the first
  /// with one chunk (`audit`). Checks the two agree and that whatever loaded
  /// keeps its invariants. The closures open the format's reader.
  static func checkLoads(
    chunk: Int,
    snapshots: (_ chunkSize: Int, _ log: inout IssueLog) throws(InputError) -> SnapshotTable,
    outcomes: (_ chunkSize: Int, _ table: SnapshotTable, _ log: inout IssueLog) throws(InputError) -> [Outcome]
  ) {
    var log = IssueLog(stopsAtFirst: false)
    let collected = Result { () throws(InputError) in try snapshots(chunk, &log) }
    var stopLog = IssueLog(stopsAtFirst: true)
    let stopped = Result { () throws(InputError) in try snapshots(FuzzInput.wholeChunkSize, &stopLog) }
    agree(
      collected: collected.map(Signature.init), issues: log.issues,
      stopped: stopped.map(Signature.init), what: "snapshots")
    guard case .success(let table) = collected else { return }
    check(table, isComplete: log.isEmpty)

    var outcomeLog = IssueLog(stopsAtFirst: false)
    let loaded = Result { () throws(InputError) in try outcomes(chunk, table, &outcomeLog) }
    var stopOutcomeLog = IssueLog(stopsAtFirst: true)
    let stoppedOutcomes = Result { () throws(InputError) in try outcomes(FuzzInput.wholeChunkSize, table, &stopOutcomeLog) }
    agree(collected: loaded, issues: outcomeLog.issues, stopped: stoppedOutcomes, what: "outcomes")
    if case .success(let list) = loaded { check(list, table: table) }
  }

  /// Checks the documented invariants of a loaded table.
  ///
  /// With `isComplete` false (a collect-all load that logged problems, as
  /// `validate` makes) an account may have no rows: its id was read before
  /// every one of its rows turned out invalid. Such a table is only used to
  /// check the outcomes file against, where the account is rightly known.
  static func check(_ table: SnapshotTable, isComplete: Bool) {
    let n = table.rowCount
    let width = table.signalNames.count
    FuzzCheck.expect(table.values.count == n * width, "values hold \(table.values.count), expected \(n) × \(width)")
    FuzzCheck.expect(
      [table.rowDate.count, table.rowLine.count, table.rowSegment.count, table.rowARR.count].allSatisfy { $0 == n },
      "per-row columns have different lengths")
    FuzzCheck.expect(Set(table.signalNames).count == width, "duplicate signal names")
    FuzzCheck.expect(table.signalNames.allSatisfy { !SnapshotLoader.reservedColumns.contains($0) }, "a reserved column became a signal")
    for i in 1..<max(table.accountIDs.count, 1) {
      FuzzCheck.expect(
        table.accountIDs[i - 1].utf8.lexicographicallyPrecedes(table.accountIDs[i].utf8),
        "account ids not strictly sorted at \(i)")
    }
    for i in 1..<max(table.segments.count, 1) {
      FuzzCheck.expect(table.segments[i - 1].utf8.lexicographicallyPrecedes(table.segments[i].utf8), "segments not strictly sorted")
    }
    for id in table.accountIDs {
      FuzzCheck.expect(!id.isEmpty, "empty account id")
    }
    for i in 0..<n {
      let account = Int(table.rowAccount[i])
      FuzzCheck.expect(table.accountIDs.indices.contains(account), "row \(i) names account \(account) of \(table.accountIDs.count)")
      FuzzCheck.expect(table.accountRows[account].contains(i), "row \(i) outside its account's range")
      FuzzCheck.expect(table.rowSegment[i] >= -1 && Int(table.rowSegment[i]) < table.segments.count, "row \(i) segment out of range")
      FuzzCheck.expect(table.rowARR[i].isNaN || (table.rowARR[i].isFinite && table.rowARR[i] >= 0), "row \(i) ARR \(table.rowARR[i])")
      if i > 0 {
        let before = (table.rowAccount[i - 1], table.rowDate[i - 1])
        let here = (table.rowAccount[i], table.rowDate[i])
        FuzzCheck.expect(before < here, "rows \(i - 1) and \(i) out of order or duplicate (account, date)")
      }
    }
    for value in table.values {
      FuzzCheck.expect(value.isNaN || value.isFinite, "infinite signal value stored")
    }
    for (account, range) in table.accountRows.enumerated() {
      FuzzCheck.expect(!range.isEmpty || !isComplete, "account \(account) has no rows")
      FuzzCheck.expect(table.accountIndex(of: table.accountIDs[account]) == account, "lookup of account \(account) fails")
    }
  }

  /// Checks a loaded outcome list against the table it refers to.
  static func check(_ outcomes: [Outcome], table: SnapshotTable) {
    for (i, outcome) in outcomes.enumerated() {
      FuzzCheck.expect(table.accountIDs.indices.contains(outcome.account), "outcome for account \(outcome.account) of \(table.accountIDs.count)")
      if i > 0 { FuzzCheck.expect(outcomes[i - 1].account < outcome.account, "outcomes unsorted or duplicated") }
      if outcome.isChurned { FuzzCheck.expect(outcome.date != nil, "churned outcome without a date") }
      if let arr = outcome.arr { FuzzCheck.expect(arr.isFinite && arr >= 0, "outcome ARR \(arr)") }
    }
  }

  /// Checks that a collect-all load and a stop-at-first load agree: the
  /// stop-at-first load fails exactly when the collect-all load threw or
  /// logged a problem, with that first problem, and otherwise returns the
  /// same result.
  static func agree<T: Equatable>(
    collected: Result<T, InputError>, issues: [InputError], stopped: Result<T, InputError>, what: String
  ) {
    switch (collected, stopped) {
    case (.failure(let first), .failure(let second)):
      FuzzCheck.expect(issues.isEmpty ? first == second : issues[0] == second, "\(what): different first errors \(issues.first ?? first) vs \(second)")
    case (.success, .failure(let error)):
      FuzzCheck.expect(!issues.isEmpty && issues[0] == error, "\(what): stop-at-first threw \(error), collect-all logged \(issues.first.map { "\($0)" } ?? "nothing")")
    case (.failure(let error), .success):
      FuzzCheck.expect(false, "\(what): collect-all threw \(error) but stop-at-first succeeded")
    case (.success(let a), .success(let b)):
      FuzzCheck.expect(issues.isEmpty, "\(what): stop-at-first succeeded despite logged \(issues[0])")
      FuzzCheck.expect(a == b, "\(what): the two loads differ")
    }
  }

  /// Everything a table holds, comparable with `==` (NaN compared by bit
  /// pattern, since a missing cell equals another missing cell).
  struct Signature: Equatable {
    var names: [[String]]
    var rows: [[Int32]]
    var numbers: [[UInt64]]

    init(_ table: SnapshotTable) {
      names = [table.signalNames, table.accountIDs, table.segments]
      rows = [table.rowAccount, table.rowDate, table.rowLine, table.rowSegment]
      numbers = [table.rowARR.map(\.bitPattern), table.values.map(\.bitPattern)]
    }
  }
}
