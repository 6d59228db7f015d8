@testable import HealthCal
@testable import HealthCalFormats

/// libFuzzer entry for the JSON Lines path: ``JSONLinesReader`` and
/// ``JSONParser``, then ``SnapshotLoader`` and ``OutcomeLoader`` on top.
///
/// The input is `snapshots ++ "\0\0" ++ outcomes` (see ``FuzzInput``). Each
/// input also checks that the reader sees the same objects (or the same
/// error) with the whole input in one chunk and with a chunk of a few bytes, that every
/// parsed object survives a write and re-parse unchanged, that `validate`-
/// style and `audit`-style loads agree, and that loaded tables and outcomes
/// keep their invariants.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONLines(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let (snapshotBytes, outcomeBytes) = FuzzInput.split(bytes)
  let chunk = FuzzInput.smallChunkSize(for: bytes)

  let whole = objects(JSONLinesReader(bytes: snapshotBytes, name: "s.jsonl", chunkSize: FuzzInput.wholeChunkSize))
  let chunked = objects(JSONLinesReader(bytes: snapshotBytes, name: "s.jsonl", chunkSize: chunk))
  FuzzCheck.expect(whole == chunked, "chunk size \(chunk) changes the objects")
  if case .success(let lines) = whole {
    for entry in lines {
      let text = JSONValue.object(entry.object).serialized(pretty: false)
      let again = Result { () throws(InputError) in try JSONParser.parse(text, file: "round-trip") }
      FuzzCheck.expect(again == .success(.object(entry.object)), "line \(entry.line) does not survive a round trip: \(text)")
    }
  }

  LoadInvariants.checkLoads(
    chunk: chunk,
    snapshots: { chunkSize, log throws(InputError) in
      var reader = JSONLinesReader(bytes: snapshotBytes, name: "s.jsonl", chunkSize: chunkSize)
      return try SnapshotLoader.load(jsonLines: &reader, log: &log)
    },
    outcomes: { chunkSize, table, log throws(InputError) in
      var reader = JSONLinesReader(bytes: outcomeBytes, name: "o.jsonl", chunkSize: chunkSize)
      return try OutcomeLoader.load(jsonLines: &reader, snapshots: table, log: &log)
    })
  return 0
}

/// Every non-blank line's object with its line number, or the error that
/// stopped the read.
private func objects(_ reader: JSONLinesReader) -> Result<[JSONLine], InputError> {
  var reader = reader
  var lines: [JSONLine] = []
  do {
    try reader.forEachObject { line, object in lines.append(JSONLine(line: line, object: object)) }
  } catch let error as InputError {
    return .failure(error)
  } catch {
    fatalError("JSONLinesReader threw a non-InputError: \(error)")
  }
  return .success(lines)
}

/// One parsed line; the object's own `line` is excluded from `==`, so the
/// line number is kept beside it.
private struct JSONLine: Equatable {
  var line: Int
  var object: JSONObject
}
