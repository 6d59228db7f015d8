import Testing

@testable import HealthCal

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
      HealthCal.SourceLocation(file: "t.csv", line: 2, column: 1),
      detail: "unexpected '\u{FEFF}' after a closing quote; expected ',' or the end of the line")
    for chunkSize in [1, 2, 3, 4, 5, 6, 7, 8, 1 << 20] {
      #expect(csvError(bytes, chunkSize: chunkSize) == expected, "chunk size \(chunkSize)")
    }
  }
}
