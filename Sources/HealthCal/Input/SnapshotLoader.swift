import Foundation
import HealthCalFormats

/// Reads a snapshots file (CSV or JSON Lines) into a ``SnapshotTable``.
///
/// Every cell a run reads is checked as it is read: dates must be real
/// calendar days in the export's format, numbers finite, booleans one of
/// `true/false/1/0/yes/no`. Columns the run does not read are skipped,
/// whatever they hold. Problems go to an ``IssueLog`` so `validate` can list
/// them all while other commands stop at the first.
public enum SnapshotLoader {
  /// The columns with a fixed meaning; every other column is a signal.
  public static let reservedColumns: Set<String> = ["account_id", "as_of", "segment", "arr"]

  /// Loads a snapshots file in its ``InputFormat``.
  /// - Throws: the first ``InputError`` unless `log` collects them all; with a
  ///   collecting log, the table holds the rows that were valid.
  /// - Parameter onRead: called as the file is read with the bytes read so
  ///   far (the file is streamed in 1 MiB chunks, never held whole).
  /// - Parameter threads: threads that may parse a large CSV file at once
  ///   when `log` stops at the first problem; the table is the same for
  ///   every count.
  package static func load(
    path: String, settings: ImportSettings = ImportSettings(), log: inout IssueLog, threads: Int = 1,
    onRead: (@Sendable (_ bytesRead: Int) -> Void)? = nil
  ) throws(InputError) -> SnapshotTable {
    if InputFormat(path: path) == .jsonLines {
      // Keys can first appear on any line, so every line is read before
      // the table's columns are fixed.
      var reader = try JSONLinesReader(path: path)
      reader.onRead = onRead
      return try load(jsonLines: &reader, settings: settings, log: &log)
    }
    return try pass(path: path, settings: settings, log: &log, threads: threads, onRead: onRead) { $0 }.finish(log: &log, threads: threads)
  }

  /// Loads a snapshots file and stops at the first problem.
  public static func load(
    path: String, settings: ImportSettings = ImportSettings(), threads: Int = 1,
    onRead: (@Sendable (_ bytesRead: Int) -> Void)? = nil
  ) throws(InputError) -> SnapshotTable {
    var log = IssueLog(stopsAtFirst: true)
    return try load(path: path, settings: settings, log: &log, threads: threads, onRead: onRead)
  }

  /// Checks every cell `settings` reads and every (account, date) pair, as
  /// the first pass of ``EvaluationData`` does, keeping no signal values: the
  /// quick answer to "will this file load?".
  /// - Returns: the rows and accounts found.
  public static func check(
    path: String, settings: ImportSettings = ImportSettings(), threads: Int = 1
  ) throws(InputError) -> (rows: Int, accounts: Int) {
    var log = IssueLog(stopsAtFirst: true)
    let table = try pass(path: path, settings: settings, log: &log, threads: threads, prepare: \.checking).finish(log: &log, threads: threads)
    return (table.rowCount, table.accountIDs.count)
  }

  /// Loads CSV records from a reader.
  package static func load(csv reader: inout CSVReader, settings: ImportSettings = ImportSettings(), log: inout IssueLog) throws(InputError) -> SnapshotTable {
    guard let builder = try feed(csv: &reader, settings: settings, log: &log, prepare: { $0 }), builder.rowCount > 0 || !log.isEmpty else {
      throw .empty(file: reader.name)
    }
    return try builder.finish(log: &log)
  }

  /// Loads JSON Lines objects from a reader. Signal columns are the union of
  /// keys over all lines, in order of first appearance; a key absent from a
  /// line is a missing value.
  package static func load(
    jsonLines reader: inout JSONLinesReader, settings: ImportSettings = ImportSettings(), log: inout IssueLog
  ) throws(InputError) -> SnapshotTable {
    let file = reader.name
    var rows: [(line: Int, object: JSONObject)] = []
    var keys: [String] = []
    var seen = Set<String>()
    do {
      try reader.forEachObject { line, object in
        let renamed = rename(object, settings.columns)
        for key in renamed.keys where seen.insert(key).inserted { keys.append(key) }
        rows.append((line, renamed))
      }
    } catch let error as InputError {
      throw error
    } catch {
      throw .unreadable(file: file, reason: "\(error)")
    }
    guard !rows.isEmpty else { throw .empty(file: file) }
    var builder = SnapshotBuilder(file: file, settings: settings, fileColumns: keys)
    for (line, object) in rows {
      try builder.append(object: object, line: line, log: &log)
    }
    return try builder.finish(log: &log)
  }

  /// A JSON Lines object with mapped keys under healthcal's names.
  static func rename(_ object: JSONObject, _ mapping: [String: String]) -> JSONObject {
    guard !mapping.isEmpty else { return object }
    var keys = object.keys
    for (name, key) in mapping {
      if let position = keys.firstIndex(of: key) { keys[position] = name }
    }
    return JSONObject(keys: keys, values: object.values, line: object.line)
  }

  /// A snapshots header with `settings`' mapping applied; one rule for the
  /// serial and the parallel read, so both see the same columns.
  static func snapshotHeader(_ record: CSVRecord, file: String, settings: ImportSettings) throws(InputError) -> CSVHeader {
    try CSVHeader(record: record, file: file, required: ["account_id", "as_of"], mapping: settings.columns)
  }

  /// Feeds every CSV record after the header to a builder made for the
  /// header; `nil` when the file has no header.
  /// - Parameter prepare: adjusts the builder made from the header (a first
  ///   pass drops values, a second pass starts from the first's).
  static func feed(
    csv reader: inout CSVReader, settings: ImportSettings, log: inout IssueLog,
    prepare: (SnapshotBuilder) -> SnapshotBuilder
  ) throws(InputError) -> SnapshotBuilder? {
    let file = reader.name
    var builder: SnapshotBuilder?
    var header: CSVHeader?
    // A second pass does not even split the records it will not keep.
    var keptLines: LineSet?
    do {
      let skipped = try reader.forEachRecord(skipping: { line in keptLines.map { !$0.contains(line) } ?? false }) { record in
        guard let header else {
          let parsed = try snapshotHeader(record, file: file, settings: settings)
          header = parsed
          var made = prepare(SnapshotBuilder(file: file, settings: settings, fileColumns: parsed.names))
          _ = try made.resolve(parsed)
          builder = made
          keptLines = made.keptLines
          return
        }
        try builder!.append(record: record, header: header, log: &log)
      }
      builder?.recordCount += skipped
    } catch let error as InputError {
      throw error
    } catch {
      throw .unreadable(file: file, reason: "\(error)")
    }
    return builder
  }
}

extension SnapshotLoader {
  /// One streamed pass over a snapshots file into an unfinished builder: the
  /// two passes of ``EvaluationData``, and `validate`'s check of every cell.
  ///
  /// In JSON Lines, columns are added as keys first appear.
  /// - Parameters:
  ///   - threads: how many threads may parse a large CSV file at once (see
  ///     ``parallelPass(path:settings:threads:onRead:prepare:)``); the result
  ///     is the same for any count.
  ///   - minimumBytes: the smallest file read in parallel (tests lower it).
  ///   - prepare: adjusts the builder made for the file's columns.
  static func pass(
    path: String, settings: ImportSettings, log: inout IssueLog, threads: Int = 1, parallelFrom minimumBytes: Int = minimumParallelBytes,
    onRead: (@Sendable (_ bytesRead: Int) -> Void)? = nil, prepare: (SnapshotBuilder) -> SnapshotBuilder
  ) throws(InputError) -> SnapshotBuilder {
    var status = stat()
    if threads > 1, log.stopsAtFirst, InputFormat(path: path) == .csv, path != ByteOrigin.standardInput, stat(path, &status) == 0,
      status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) >= minimumBytes,
      let builder = try parallelPass(path: path, settings: settings, threads: threads, onRead: onRead, prepare: prepare)
    {
      return builder
    }
    var builder: SnapshotBuilder?
    switch InputFormat(path: path) {
    case .jsonLines:
      var reader = try JSONLinesReader(path: path)
      reader.onRead = onRead
      var made = prepare(SnapshotBuilder(file: reader.name, settings: settings, fileColumns: []))
      do {
        try reader.forEachObject { line, object in
          let renamed = rename(object, settings.columns)
          made.addColumns(renamed.keys)
          try made.append(object: renamed, line: line, log: &log)
        }
      } catch let error as InputError {
        throw error
      } catch {
        throw .unreadable(file: path, reason: "\(error)")
      }
      builder = made
    case .csv:
      var reader = try CSVReader(path: path)
      reader.onRead = onRead
      builder = try feed(csv: &reader, settings: settings, log: &log, prepare: prepare)
    }
    guard let builder, builder.rowCount > 0 || !log.isEmpty else { throw .empty(file: path) }
    return builder
  }

  /// Files smaller than this are read by one thread: splitting costs more
  /// than it saves.
  static let minimumParallelBytes = 8 << 20

  /// Reads a regular CSV file with `threads` threads, one part each
  /// (see ``CSVSplit``), and merges their builders in file order, so every
  /// account, row and label is where a serial read puts it.
  ///
  /// Only a clean read is merged. When any part has a problem (or the
  /// segments together pass the limit), `nil` tells the caller to read the
  /// file serially, so errors are exactly the serial read's: which problem
  /// comes first, and how a malformed quote is described, never depend on
  /// where the file was split.
  static func parallelPass(
    path: String, settings: ImportSettings, threads: Int, onRead: (@Sendable (_ bytesRead: Int) -> Void)?,
    prepare: (SnapshotBuilder) -> SnapshotBuilder
  ) throws(InputError) -> SnapshotBuilder? {
    guard let parts = try CSVSplit.parts(path: path, count: threads), parts.count > 1 else { return nil }
    var headerReader = CSVReader(path: path, offset: 0, length: parts[0].offset, firstLine: 1)
    var header: CSVHeader?
    do {
      try headerReader.forEachRecord { record in
        if header == nil { header = try snapshotHeader(record, file: path, settings: settings) }
      }
    } catch {
      return nil
    }
    guard let header else { return nil }
    var template = prepare(SnapshotBuilder(file: path, settings: settings, fileColumns: header.names))
    guard (try? template.resolve(header)) != nil else { return nil }
    let progress = PartProgress(parts: parts.count, onRead: onRead)
    let results = UnsafeMutableBufferPointer<SnapshotBuilder?>.allocate(capacity: parts.count)
    results.initialize(repeating: nil)
    defer {
      results.deinitialize()
      results.deallocate()
    }
    // Each part's slot is written by one iteration and read after
    // concurrentPerform returns.
    nonisolated(unsafe) let slots = results
    // The first part reads into the template itself, keeping any room it
    // reserved (a second pass reserves every kept row); the others start
    // from copies that share nothing they write per record.
    for k in 1..<parts.count { results[k] = template.detached() }
    results[0] = consume template
    DispatchQueue.concurrentPerform(iterations: parts.count) { k in
      var builder = slots[k].take()!
      var log = IssueLog(stopsAtFirst: true)
      var reader = CSVReader(path: path, offset: parts[k].offset, length: parts[k].length, firstLine: parts[k].firstLine)
      reader.onRead = { progress.report(part: k, bytesRead: $0) }
      let kept = builder.keptLines
      do {
        let skipped = try reader.forEachRecord(skipping: kept.map { lines in { !lines.contains($0) } }) { record in
          try builder.append(record: record, header: header, log: &log)
        }
        builder.recordCount += skipped
        slots[k] = builder
      } catch {
        slots[k] = nil
      }
    }
    guard results.allSatisfy({ $0 != nil }) else { return nil }
    var builders = results.indices.map { results[$0].take()! }
    return SnapshotBuilder.joining(&builders, threads: threads)
  }
}

/// Bytes read by the parts of a parallel read, summed for one progress line.
private final class PartProgress: @unchecked Sendable {
  private let lock = NSLock()
  private var bytes: [Int]
  private let onRead: (@Sendable (_ bytesRead: Int) -> Void)?

  init(parts: Int, onRead: (@Sendable (_ bytesRead: Int) -> Void)?) {
    bytes = [Int](repeating: 0, count: parts)
    self.onRead = onRead
  }

  func report(part: Int, bytesRead: Int) {
    guard let onRead else { return }
    lock.lock()
    bytes[part] = bytesRead
    let total = bytes.reduce(0, +)
    lock.unlock()
    onRead(total)
  }
}
