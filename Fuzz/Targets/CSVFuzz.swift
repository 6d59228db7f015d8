@testable import HealthCal

/// libFuzzer entry for the CSV path: ``CSVReader``, then ``SnapshotLoader``
/// and ``OutcomeLoader`` on top of it.
///
/// The input is `snapshots ++ "\0\0" ++ outcomes` (see ``FuzzInput``). Beyond
/// "does not crash", each input checks that the reader returns the same
/// records (or the same error) with the whole input in one chunk and with a chunk of a few
/// bytes, that `validate`-style and `audit`-style loads agree, and that
/// loaded tables and outcomes keep their invariants.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let (snapshotBytes, outcomeBytes) = FuzzInput.split(bytes)
  let chunk = FuzzInput.smallChunkSize(for: bytes)

  let whole = records(CSVReader(bytes: snapshotBytes, name: "s.csv", chunkSize: FuzzInput.wholeChunkSize))
  let chunked = records(CSVReader(bytes: snapshotBytes, name: "s.csv", chunkSize: chunk))
  FuzzCheck.expect(whole == chunked, "chunk size \(chunk) changes the records: \(whole) vs \(chunked)")

  var log = IssueLog(stopsAtFirst: false)
  var reader = CSVReader(bytes: snapshotBytes, name: "s.csv", chunkSize: chunk)
  let collected = Result { () throws(InputError) in try SnapshotLoader.load(csv: &reader, log: &log) }
  var stopReader = CSVReader(bytes: snapshotBytes, name: "s.csv", chunkSize: FuzzInput.wholeChunkSize)
  var stopLog = IssueLog(stopsAtFirst: true)
  let stopped = Result { () throws(InputError) in try SnapshotLoader.load(csv: &stopReader, log: &stopLog) }
  LoadInvariants.agree(
    collected: collected.map(LoadInvariants.Signature.init), issues: log.issues,
    stopped: stopped.map(LoadInvariants.Signature.init), what: "snapshots")
  guard case .success(let table) = collected else { return 0 }
  LoadInvariants.check(table, isComplete: log.isEmpty)

  var outcomeLog = IssueLog(stopsAtFirst: false)
  var outcomeReader = CSVReader(bytes: outcomeBytes, name: "o.csv", chunkSize: chunk)
  let outcomes = Result { () throws(InputError) in
    try OutcomeLoader.load(csv: &outcomeReader, snapshots: table, log: &outcomeLog)
  }
  var stopOutcomeReader = CSVReader(bytes: outcomeBytes, name: "o.csv", chunkSize: FuzzInput.wholeChunkSize)
  var stopOutcomeLog = IssueLog(stopsAtFirst: true)
  let stoppedOutcomes = Result { () throws(InputError) in
    try OutcomeLoader.load(csv: &stopOutcomeReader, snapshots: table, log: &stopOutcomeLog)
  }
  LoadInvariants.agree(collected: outcomes, issues: outcomeLog.issues, stopped: stoppedOutcomes, what: "outcomes")
  if case .success(let list) = outcomes { LoadInvariants.check(list, table: table) }
  return 0
}

/// Every record as (line, fields), or the error that stopped the read.
private func records(_ reader: CSVReader) -> Result<[CSVLine], InputError> {
  var reader = reader
  var lines: [CSVLine] = []
  do {
    try reader.forEachRecord { record in
      lines.append(CSVLine(line: record.line, fields: (0..<record.count).map { Array(record.field($0)) }))
    }
  } catch let error as InputError {
    return .failure(error)
  } catch {
    fatalError("CSVReader threw a non-InputError: \(error)")
  }
  return .success(lines)
}

/// One record copied out of the reader's buffer.
private struct CSVLine: Equatable {
  var line: Int
  var fields: [[UInt8]]
}
