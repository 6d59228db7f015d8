import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

@Suite struct SnapshotLoaderTests {
  @Test func rowsAreSortedByAccountThenDateWhateverTheFileOrder() throws {
    let table = try TestData.table("""
      account_id,as_of,x
      B,2025-02-01,2
      A,2025-03-01,3
      B,2025-01-01,1
      A,2025-01-01,0
      """)
    #expect(table.accountIDs == ["A", "B"])
    #expect(table.rowDate.map { CalendarDate(daysSinceEpoch: Int($0)).description } == ["2025-01-01", "2025-03-01", "2025-01-01", "2025-02-01"])
    #expect(table.values == [0, 3, 1, 2])
    #expect(table.rowLine == [5, 3, 4, 2])
    #expect(table.accountRows == [0..<2, 2..<4])
  }

  @Test(arguments: [UInt64(1), 2, 3])
  func shuffledRowsLoadToTheSameSortedTable(seed: UInt64) throws {
    // Accounts with up to 6 rows each, in a seeded random file order (a
    // date-ordered export is one such order); every row keeps its value and
    // line, and rows end up sorted by account, then date.
    var random = SeededGenerator(seed: seed, stream: 0)
    var rows: [(account: String, day: Int, value: Int)] = []
    for a in 0..<40 {
      for d in 0..<(1 + random.nextInt(below: 6)) { rows.append(("A\(a)", 20_000 + 7 * d, a * 10 + d)) }
    }
    for i in stride(from: rows.count - 1, to: 0, by: -1) { rows.swapAt(i, random.nextInt(below: i + 1)) }
    let csv = "account_id,as_of,x\n" + rows.map { "\($0.account),\(CalendarDate(daysSinceEpoch: $0.day)),\($0.value)\n" }.joined()
    let table = try TestData.table(csv)
    #expect(table.rowCount == rows.count)
    for row in 0..<table.rowCount {
      let line = Int(table.rowLine[row])
      let source = rows[line - 2]
      #expect(table.accountIDs[Int(table.rowAccount[row])] == source.account)
      #expect(Int(table.rowDate[row]) == source.day)
      #expect(table.values[row] == Double(source.value))
      if row > 0 {
        let previous = (table.rowAccount[row - 1], table.rowDate[row - 1])
        #expect(previous < (table.rowAccount[row], table.rowDate[row]))
      }
    }
  }

  @Test func idsAreTrimmedBeforeTheyAreMatchedInAnyRowOrder() throws {
    let table = try TestData.table("account_id,as_of,x\nA,2025-01-01,1\nB,2025-01-01,2\n A,2025-02-01,3\nB ,2025-02-01,4\n\tA\t,2025-03-01,5\n")
    #expect(table.accountIDs == ["A", "B"])
    #expect(table.accountRows == [0..<3, 3..<5])
    #expect(table.values == [1, 3, 5, 2, 4])
  }

  @Test func reservedColumnsAreNotSignals() throws {
    let table = try TestData.table("segment,arr,account_id,as_of,x,flag\nSMB,10,A,2025-01-01,1.5,yes\nSMB,,B,2025-01-01,,no\n")
    #expect(table.signalNames == ["x", "flag"])
    #expect(table.segments == ["SMB"])
    #expect(table.rowARR[0] == 10)
    #expect(table.rowARR[1].isNaN)
    #expect(table.value(row: 0, signal: 1) == 1)
    #expect(table.value(row: 1, signal: 0) == nil)
    #expect(table.value(row: 1, signal: 1) == 0)
  }

  @Test func jsonLinesLoadsTheSameTableAsCSV() throws {
    let csv = try TestData.table("account_id,as_of,segment,arr,x,flag\nA,2025-01-01,SMB,10,1.5,true\nB,2025-02-01,,,,false\n")
    let jsonl = """
      {"account_id": "B", "as_of": "2025-02-01", "segment": null, "x": null, "flag": false}
      {"account_id": "A", "as_of": "2025-01-01", "segment": "SMB", "arr": 10, "x": 1.5, "flag": true}
      """
    var reader = JSONLinesReader(bytes: Array(jsonl.utf8), name: "s.jsonl")
    var log = IssueLog(stopsAtFirst: true)
    let table = try SnapshotLoader.load(jsonLines: &reader, log: &log)
    #expect(table.accountIDs == csv.accountIDs)
    #expect(table.signalNames == csv.signalNames)
    #expect(table.rowDate == csv.rowDate)
    #expect(table.segments == csv.segments)
    #expect(table.rowSegment == csv.rowSegment)
    #expect(zip(table.values, csv.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
  }

  @Test func jsonLinesErrorsNameTheLine() {
    var reader = JSONLinesReader(bytes: Array("{\"account_id\": \"A\", \"as_of\": \"2025-13-01\"}\n".utf8), name: "s.jsonl")
    var log = IssueLog(stopsAtFirst: true)
    #expect(throws: InputError.invalidValue(SourceLocation(file: "s.jsonl", line: 1), column: "as_of", expected: "a date YYYY-MM-DD string", found: "\"2025-13-01\"")) {
      try SnapshotLoader.load(jsonLines: &reader, log: &log)
    }
  }

  @Test func collectingLogFindsEveryProblemAndKeepsTheGoodRows() {
    let issues = TestData.issues("""
      account_id,as_of,x
      A,2025-01-01,1
      ,2025-01-01,1
      B,01/02/2025,1
      C,2025-01-01,NaN
      C,2025-01-02,-Infinity
      D,2025-01-01,1,extra
      """)
    #expect(issues.map(\.location.line) == [3, 4, 5, 6, 7])
  }

  @Test func emptyFileIsReported() {
    #expect(TestData.issues("") == [.empty(file: "snapshots.csv")])
    #expect(TestData.issues("account_id,as_of,x\n") == [.empty(file: "snapshots.csv")])
  }

  @Test func latestRowRespectsBothBounds() throws {
    let table = try TestData.table("account_id,as_of,x\nA,2025-01-01,1\nA,2025-02-01,2\nA,2025-03-01,3\n")
    let feb1 = CalendarDate(iso: "2025-02-01")!.daysSinceEpoch
    #expect(table.latestRow(account: 0, onOrBefore: feb1, notBefore: feb1) == 1)
    #expect(table.latestRow(account: 0, onOrBefore: feb1 + 27, notBefore: feb1) == 1)
    #expect(table.latestRow(account: 0, onOrBefore: feb1 - 1, notBefore: feb1 - 1) == nil)
    #expect(table.latestRow(account: 0, onOrBefore: feb1 - 1, notBefore: Int.min) == 0)
    #expect(table.latestRow(account: 0, onOrBefore: Int.max, notBefore: Int.min) == 2)
  }
}
