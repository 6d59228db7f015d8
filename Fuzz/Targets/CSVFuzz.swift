@testable import HealthCal
@testable import HealthCalFormats

/// libFuzzer entry for the CSV path: ``CSVReader``, then ``SnapshotLoader``
/// and ``OutcomeLoader`` on top of it.
///
/// The input is `snapshots ++ "\0\0" ++ outcomes` (see ``FuzzInput``). Beyond
/// "does not crash", each input checks that the reader returns the same
/// records (or the same error) with the whole input in one chunk and with a chunk of a few
/// bytes, that a second-pass read skipping every even line delivers the
/// other records unchanged and counts the skipped ones, that
/// `validate`-style and `audit`-style loads agree, and that loaded tables
/// and outcomes keep their invariants.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let (snapshotBytes, outcomeBytes) = FuzzInput.split(bytes)
  let chunk = FuzzInput.smallChunkSize(for: bytes)

  let whole = records(CSVReader(bytes: snapshotBytes, name: "s.csv", chunkSize: FuzzInput.wholeChunkSize))
  let chunked = records(CSVReader(bytes: snapshotBytes, name: "s.csv", chunkSize: chunk))
  FuzzCheck.expect(whole == chunked, "chunk size \(chunk) changes the records: \(whole) vs \(chunked)")
  if case .success(let all) = whole { checkSkipping(snapshotBytes, chunk: chunk, all: all) }

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

/// Skipping records that start on even lines (as a second pass skips the
/// rows it does not keep) must deliver every record on an odd line exactly
/// as a full read does, and account for every other record.
private func checkSkipping(_ bytes: [UInt8], chunk: Int, all: [CSVLine]) {
  var reader = CSVReader(bytes: bytes, name: "s.csv", chunkSize: chunk)
  var delivered: [CSVLine] = []
  let skipped: Int
  do {
    skipped = try reader.forEachRecord(skipping: { $0 % 2 == 0 }) { record in
      delivered.append(CSVLine(line: record.line, fields: (0..<record.count).map { Array(record.field($0)) }))
    }
  } catch {
    FuzzCheck.expect(false, "a skipping read of valid CSV threw \(error)")
    return
  }
  let byLine = Dictionary(all.map { ($0.line, $0) }, uniquingKeysWith: { first, _ in first })
  FuzzCheck.expect(delivered.allSatisfy { byLine[$0.line] == $0 }, "skipping changed a delivered record: \(delivered) vs \(all)")
  FuzzCheck.expect(all.filter { $0.line % 2 == 1 }.allSatisfy { record in delivered.contains { $0.line == record.line } }, "skipping lost a record")
  FuzzCheck.expect(delivered.count + skipped == all.count, "skipping miscounted: \(delivered.count) + \(skipped) vs \(all.count)")
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
