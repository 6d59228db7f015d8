#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif
import Foundation
import HealthCalFormats

/// The snapshots and outcomes of an evaluation, with only the snapshot rows
/// it reads held in memory.
///
/// A book of a million accounts × 52 weekly snapshots is about 48 million
/// rows; held whole, its audit peaked at 10.4 GiB. An audit reads about a
/// fifth of those rows (see ``EvaluationRows``; 22% of the synthetic book),
/// so the file is read twice: the first pass checks every
/// cell exactly as a full load does but keeps only accounts, dates and
/// segments; the outcomes are then tied to those accounts and the needed rows
/// chosen; the second pass stores just those rows. Results are identical to
/// an evaluation on the whole table, and the table's
/// ``SnapshotTable/fileRowCount`` still counts every row.
package struct EvaluationData: Sendable {
  /// The rows the evaluation reads.
  package var table: SnapshotTable
  /// The outcomes, tied to ``table``'s accounts.
  package var outcomes: [Outcome]

  /// Loads a snapshots file and an outcomes file (if any), keeping the rows `needs` selects.
  ///
  /// A path that is not a regular file (`-` for standard input, a named
  /// pipe) cannot be read twice, so it is read once and loaded whole. Errors are the ones a full load gives, in the same
  /// order: snapshot cells and duplicates first, then outcomes. (In JSON
  /// Lines the first error by line comes first; a full load, which parses
  /// every line before checking values, reports a syntax error first.)
  /// - Parameter onRead: progress through the file, with the pass (1 or 2).
  /// - Throws: the first ``InputError``; ``InputError/unreadable(file:reason:)``
  ///   when the snapshots file changes between the two passes.
  /// - Parameters:
  ///   - settings: how the export is shaped and which columns the run reads
  ///     (see ``ImportSettings/reading(_:)``).
  ///   - threads: threads that may parse a large CSV file at once; the data
  ///     (and any error) is the same for every count.
  package static func load(
    snapshots snapshotsPath: String, outcomes outcomesPath: String?, settings: ImportSettings = ImportSettings(),
    keeping needs: EvaluationRows, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
    onRead: (@Sendable (_ pass: Int, _ bytesRead: Int) -> Void)? = nil
  ) throws(InputError) -> EvaluationData {
    func progress(_ pass: Int) -> (@Sendable (_ bytesRead: Int) -> Void)? {
      guard let onRead else { return nil }
      return { onRead(pass, $0) }
    }
    /// The fallback: every row, read once more as pass `pass`.
    func loadWhole(pass: Int) throws(InputError) -> EvaluationData {
      let table = try SnapshotLoader.load(path: snapshotsPath, settings: settings, threads: threads, onRead: progress(pass))
      return EvaluationData(table: table, outcomes: try outcomes(outcomesPath, table, settings))
    }
    guard let before = FileStamp(path: snapshotsPath) else { return try loadWhole(pass: 1) }
    guard
      let plan = try Plan(
        snapshots: snapshotsPath, outcomes: outcomesPath, settings: settings, keeping: needs, threads: threads, onRead: progress(1))
    else {
      return try loadWhole(pass: 2)
    }
    var log = IssueLog(stopsAtFirst: true)
    let second = try SnapshotLoader.pass(path: snapshotsPath, settings: settings, log: &log, threads: threads, onRead: progress(2)) { _ in
      SnapshotBuilder(following: plan.seed, keptLines: plan.lines, reserving: plan.expected.count)
    }
    let changed = InputError.unreadable(
      file: snapshotsPath, reason: "it changed while being read (snapshots are read twice); run again once the export is complete")
    guard second.recordCount == plan.recordCount, second.signalNames == plan.seed.signalNames else { throw changed }
    var table = try second.finish(log: &log, threads: threads)
    let expected = plan.expected
    guard
      table.rowCount == expected.count, table.accountIDs == plan.accountIDs, table.categories == plan.seed.categories,
      expected.indices.allSatisfy({ expected[$0] == (table.rowAccount[$0], table.rowDate[$0], table.rowLine[$0]) }),
      FileStamp(path: snapshotsPath) == before
    else { throw changed }
    table.fileRowCount = plan.fileRowCount
    table.fileDates = plan.fileDates
    return EvaluationData(table: table, outcomes: plan.outcomes)
  }
}

extension EvaluationData {
  /// The outcomes at `path` tied to `table`, none without a path (a score listing).
  fileprivate static func outcomes(_ path: String?, _ table: SnapshotTable, _ settings: ImportSettings) throws(InputError) -> [Outcome] {
    guard let path else { return [] }
    return try OutcomeLoader.load(path: path, snapshots: table, settings: settings)
  }
}

/// What the first pass learns: everything the second needs, and nothing
/// per row but the kept rows, so the first pass's table is freed before the
/// second pass fills its own.
private struct Plan {
  var outcomes: [Outcome]
  /// The first pass's names, accounts, segments and labels, for the second.
  var seed: SnapshotBuilderSeed
  /// The accounts in table order, to check the second pass against.
  var accountIDs: [String]
  var recordCount: Int
  var fileRowCount: Int
  var fileDates: [Int]
  /// The kept rows' (account, date, line), to check the second pass against.
  var expected: [(Int32, Int32, Int32)]
  var lines: LineSet

  /// Reads the file once, loads the outcomes against it and chooses the
  /// rows; `nil` when line numbers are too large to tell rows apart (over
  /// 2³¹ lines), where the file must be loaded whole.
  init?(
    snapshots snapshotsPath: String, outcomes outcomesPath: String?, settings: ImportSettings, keeping needs: EvaluationRows,
    threads: Int, onRead: (@Sendable (_ bytesRead: Int) -> Void)?
  ) throws(InputError) {
    var log = IssueLog(stopsAtFirst: true)
    let first = try SnapshotLoader.pass(
      path: snapshotsPath, settings: settings, log: &log, threads: threads, onRead: onRead, prepare: \.checking)
    recordCount = first.recordCount
    seed = first.seed
    let skeleton = try first.finish(log: &log, threads: threads)
    outcomes = try EvaluationData.outcomes(outcomesPath, skeleton, settings)
    guard skeleton.rowLine.allSatisfy({ $0 < Int32.max }) else { return nil }
    let kept = needs.rows(of: skeleton, outcomes: outcomes)
    expected = kept.map { (skeleton.rowAccount[$0], skeleton.rowDate[$0], skeleton.rowLine[$0]) }
    lines = LineSet(kept.map { Int(skeleton.rowLine[$0]) })
    accountIDs = skeleton.accountIDs
    fileRowCount = skeleton.rowCount
    fileDates = skeleton.fileDates
  }
}

/// What identifies a file's contents cheaply between two reads.
private struct FileStamp: Equatable {
  var size: Int
  var modifiedSeconds: Int
  var modifiedNanoseconds: Int

  /// The stamp of a regular file, following symbolic links (a data folder of
  /// links is common); `nil` for anything else, such as a pipe.
  init?(path: String) {
    guard path != ByteOrigin.standardInput else { return nil }
    var status = stat()
    guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
    #if canImport(Darwin)
      let modified = status.st_mtimespec
    #else
      let modified = status.st_mtim
    #endif
    size = Int(status.st_size)
    modifiedSeconds = Int(modified.tv_sec)
    modifiedNanoseconds = Int(modified.tv_nsec)
  }
}
