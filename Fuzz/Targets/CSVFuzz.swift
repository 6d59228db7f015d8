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

  LoadInvariants.checkLoads(
    chunk: chunk,
    snapshots: { chunkSize, log throws(InputError) in
      var reader = CSVReader(bytes: snapshotBytes, name: "s.csv", chunkSize: chunkSize)
      return try SnapshotLoader.load(csv: &reader, log: &log)
    },
    outcomes: { chunkSize, table, log throws(InputError) in
      var reader = CSVReader(bytes: outcomeBytes, name: "o.csv", chunkSize: chunkSize)
      return try OutcomeLoader.load(csv: &reader, snapshots: table, log: &log)
    })
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
