import Testing

@testable import HealthCal
@testable import HealthCalFormats

/// Inputs the fuzzers in `Fuzz/` found, minimised, each pinned to the
/// behaviour fixed after it was found.
@Suite struct FuzzRegressionTests {
  /// The CSV error, or nil, read with the given chunk size.
  private func csvError(_ bytes: [UInt8], chunkSize: Int) -> InputError? {
    var reader = CSVReader(bytes: bytes, name: "t.csv", chunkSize: chunkSize)
    do {
      try reader.forEachRecord { _ in }
    } catch let error as InputError {
      return error
    } catch {
      Issue.record("unexpected error \(error)")
    }
    return nil
  }

  /// A multi-byte character after a closing quote was described as its
  /// first byte ("byte 0xEF") when a chunk boundary cut it, and as the
  /// character otherwise: the message depended on where the 1 MiB chunks
  /// fell. The reader now reads on before describing it.
  @Test func characterAfterClosingQuoteIsDescribedWholeAtEveryChunkSize() {
    let bytes = Array("a\n\"x\"\u{FEFF}y\n".utf8)
    let expected = InputError.malformed(
      HealthCalFormats.SourceLocation(file: "t.csv", line: 2, column: 1),
      detail: "unexpected '\u{FEFF}' after a closing quote; expected ',' or the end of the line")
    for chunkSize in [1, 2, 3, 4, 5, 6, 7, 8, 1 << 20] {
      #expect(csvError(bytes, chunkSize: chunkSize) == expected, "chunk size \(chunkSize)")
    }
  }

  /// A collecting load keeps an account whose every snapshot row was
  /// dropped (here by a cell that is not a number), with no rows; checking
  /// its outcome against its first snapshot read past the end of the table.
  /// Its outcome now loads, and only the cell's error is reported.
  @Test func outcomeOfAnAccountWithNoRowsDoesNotTrap() throws {
    var snapshotsReader = CSVReader(bytes: Array("account_id,as_of,x\nA,2025-03-01,SMB\n".utf8), name: "s.csv", chunkSize: 1 << 20)
    var log = IssueLog(stopsAtFirst: false)
    let table = try SnapshotLoader.load(csv: &snapshotsReader, settings: ImportSettings(signalColumns: ["x"]), log: &log)
    let issues = log.issues.count
    var outcomesReader = CSVReader(bytes: Array("account_id,outcome,date\nA,renewed,2025-06-01\n".utf8), name: "o.csv", chunkSize: 1 << 20)
    let outcomes = try OutcomeLoader.load(csv: &outcomesReader, snapshots: table, log: &log)
    #expect(table.rowCount == 0)
    #expect(outcomes.count == 1)
    #expect(log.issues.count == issues)
  }
}
