import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

/// A CSV file read by several threads gives the serial read's table, and
/// the serial read's first error, for any thread count.
@Suite struct ParallelReadTests {
  /// Reads `path` with `threads` threads (any size), stopping at the first problem.
  static func read(_ path: String, threads: Int, settings: ImportSettings = ImportSettings()) -> Result<SnapshotTable, InputError> {
    var log = IssueLog(stopsAtFirst: true)
    return Result { () throws(InputError) in
      try SnapshotLoader.pass(path: path, settings: settings, log: &log, threads: threads, parallelFrom: 0) { $0 }.finish(log: &log)
    }
  }

  /// The parallel read itself, with no serial fallback: `nil` when it declined.
  static func parallelOnly(_ path: String, threads: Int, settings: ImportSettings) throws -> SnapshotTable? {
    var log = IssueLog(stopsAtFirst: true)
    return try SnapshotLoader.parallelPass(path: path, settings: settings, threads: threads, onRead: nil) { $0 }?.finish(log: &log)
  }

  static func expectSameTable(_ a: SnapshotTable, _ b: SnapshotTable, _ context: String) {
    #expect(a.accountIDs == b.accountIDs, "\(context)")
    #expect(a.rowAccount == b.rowAccount && a.rowDate == b.rowDate && a.rowLine == b.rowLine, "\(context)")
    #expect(a.rowSegment == b.rowSegment && a.segments == b.segments, "\(context)")
    #expect(a.rowARR.elementsEqual(b.rowARR) { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(context)")
    #expect(a.values.elementsEqual(b.values) { $0.bitPattern == $1.bitPattern }, "\(context)")
    #expect(a.signalNames == b.signalNames && a.categories == b.categories && a.unreadColumns == b.unreadColumns, "\(context)")
  }

  @Test func aSyntheticBookReadsTheSameOnAnyNumberOfThreads() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try SyntheticBook(configuration: SyntheticBookConfiguration(accounts: 300, months: 12, seed: 4)).write(to: directory.path)
    let path = directory.appendingPathComponent("snapshots.csv").path
    let settings = ImportSettings(segmentColumn: "plan_tier").reading(
      HealthModel(name: "m", components: [Component(name: "c", weight: 1, signals: [
        Signal(column: "dau_mau", transform: .linear(low: 0, high: 1)),
        Signal(column: "segment", transform: .category(labels: ["SMB"], scores: [10], other: 90)),
      ])]))
    let serial = try Self.read(path, threads: 1, settings: settings).get()
    for threads in [2, 3, 7, 64] {
      let parallel = try #require(try Self.parallelOnly(path, threads: threads, settings: settings), "\(threads) threads declined")
      Self.expectSameTable(parallel, serial, "\(threads) threads")
    }
  }

  /// Quoted fields holding commas, quotes and line breaks (LF, CRLF, lone
  /// CR), blank lines, CRLF records and a byte-order mark: every split point
  /// lands somewhere awkward at one thread count or another.
  @Test func quotedLineBreaksNeverFoolTheSplit() throws {
    var text = "\u{FEFF}account_id,as_of,segment,note,x\r\n"
    var random = SeededGenerator(seed: 7, stream: 0)
    let notes = ["plain", "\"a, b\"", "\"line\nbreak\"", "\"crlf\r\nbreak\"", "\"lone\rcr\"", "\"say \"\"hi\"\"\"", "\"\"", ""]
    for account in 0..<60 {
      for month in 1...9 {
        let note = notes[random.nextInt(below: notes.count)]
        text += "A\(account),2025-0\(month)-01,\(["SMB", "\"Mid, Market\""][account % 2]),\(note),\(random.nextInt(below: 100))"
        text += random.nextInt(below: 4) == 0 ? "\r\n" : "\n"
        if random.nextInt(below: 10) == 0 { text += "\n" }
      }
    }
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("s.csv").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    let settings = ImportSettings(signalColumns: ["x"])
    let serial = try Self.read(path, threads: 1, settings: settings).get()
    #expect(serial.rowCount == 540)
    for threads in 2...40 {
      let parallel = try #require(try Self.parallelOnly(path, threads: threads, settings: settings), "\(threads) threads declined")
      Self.expectSameTable(parallel, serial, "\(threads) threads")
    }
  }

  /// A problem anywhere (a bad cell, a malformed quote, an unterminated
  /// field, a duplicate) is reported exactly as the serial read reports it.
  @Test(arguments: [
    "A250,2025-01-01,SMB,oops\n", "A250,2025-01-01,SMB,1\"2\n", "A250,2025-01-01,SMB,\"unterminated\n",
    "A250,2025-02-30,SMB,1\n", "A1,2025-03-01,SMB,1\n",
  ])
  func errorsAreTheSerialReadsErrors(bad: String) throws {
    var text = "account_id,as_of,segment,x\n"
    for account in 0..<500 { text += "A\(account),2025-03-01,SMB,\(account % 7)\n" }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    text = lines[0..<300].joined(separator: "\n") + "\n" + bad + lines[300...].joined(separator: "\n")
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("s.csv").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let settings = ImportSettings(signalColumns: ["x"])
    guard case .failure(let serial) = Self.read(path, threads: 1, settings: settings) else {
      Issue.record("expected an error")
      return
    }
    for threads in [2, 3, 5, 16] {
      // A part with a problem sends the read back to one thread; a duplicate
      // spans parts and is found when the merged rows are sorted.
      #expect((try? Self.parallelOnly(path, threads: threads, settings: settings)) == nil)
      guard case .failure(let parallel) = Self.read(path, threads: threads, settings: settings) else {
        Issue.record("\(threads) threads: expected an error")
        continue
      }
      #expect(parallel == serial, "\(threads) threads")
    }
  }

  /// The word-at-a-time count agrees with a byte-at-a-time one on random
  /// bytes rich in quotes, `\r` and `\n`, at every alignment.
  @Test func countingEightBytesAtATimeIsExact() {
    var random = SeededGenerator(seed: 3, stream: 0)
    let alphabet: [UInt8] = [0x22, 0x0A, 0x0D, 0x0D, 0x41, 0x2C, 0xFF, 0x00]
    for length in 0..<80 {
      let bytes = (0..<length).map { _ in alphabet[random.nextInt(below: alphabet.count)] }
      var expected = CSVSplit.Tally()
      for (i, byte) in bytes.enumerated() {
        if byte == 0x22 { expected.quotes += 1 }
        if byte == 0x0A || (byte == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A)) { expected.lineBreaks += 1 }
      }
      var tally = CSVSplit.Tally()
      bytes.withUnsafeBufferPointer { SplitFile.count($0, into: &tally) }
      #expect(tally.quotes == expected.quotes && tally.lineBreaks == expected.lineBreaks, "length \(length)")
    }
  }

  /// Moving rows in place along the permutation's cycles gives the gather
  /// (`new[j] = old[order[j]]`) for any permutation and row width.
  @Test func rowsPermutedInPlaceEqualTheGather() {
    var random = SeededGenerator(seed: 11, stream: 0)
    for trial in 0..<200 {
      let rows = random.nextInt(below: 40)
      let width = 1 + random.nextInt(below: 4)
      var order = Array(0..<rows)
      for i in stride(from: rows - 1, to: 0, by: -1) { order.swapAt(i, random.nextInt(below: i + 1)) }
      let values = (0..<(rows * width)).map { Double($0) + 0.5 }
      let gathered = order.flatMap { row in values[(row * width)..<(row * width + width)] }
      var permuted = values
      SnapshotBuilder.permuteRows(&permuted, width: width, order: order)
      #expect(permuted == gathered, "trial \(trial)")
    }
  }

  @Test func partsCoverTheDataAndStartAtRecords() throws {
    let text = "h1,h2\r\na,\"x\ny\"\r\n\r\nb,\"p,q\"\nc,d\n\"e\r\nf\",g\nh,i"
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("s.csv").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    var serialLines: [Int] = []
    var whole = try CSVReader(path: path)
    try whole.forEachRecord { serialLines.append($0.line) }
    for count in 1...12 {
      let parts = try #require(try CSVSplit.parts(path: path, count: count))
      #expect(parts.first?.offset == 7)
      #expect(parts.last.map { $0.offset + $0.length } == text.utf8.count)
      #expect(zip(parts, parts.dropFirst()).allSatisfy { $0.offset + $0.length == $1.offset })
      var lines: [Int] = [1]
      for part in parts {
        var reader = CSVReader(path: path, offset: part.offset, length: part.length, firstLine: part.firstLine)
        try reader.forEachRecord { lines.append($0.line) }
      }
      #expect(lines == serialLines, "\(count) parts")
    }
  }
}
