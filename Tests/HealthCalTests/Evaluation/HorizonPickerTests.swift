import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

@Suite struct HorizonPickerTests {
  // T = 2025-04-01, h = 30 → T − h = 2025-03-02; staleness 31 → earliest 2025-01-30.
  static let outcomeDate = CalendarDate(iso: "2025-04-01")!

  static func pick(_ dates: [String], horizon: Int = 30, staleness: Int = 31) throws -> Result<String, HorizonPicker.Gap> {
    let csv = "account_id,as_of,x\n" + dates.map { "A,\($0),1\n" }.joined()
    let table = try TestData.table(csv)
    let picker = HorizonPicker(maxStaleness: staleness)
    return picker.pick(in: table, account: 0, outcomeDate: outcomeDate, horizon: horizon).map { table.date(ofRow: $0).description }
  }

  @Test func snapshotExactlyAtTMinusHIsUsed() throws {
    #expect(try Self.pick(["2025-03-02"]) == .success("2025-03-02"))
  }

  @Test func snapshotOneDayAfterTMinusHIsNot() throws {
    #expect(try Self.pick(["2025-03-03"]) == .failure(.noSnapshotYet))
  }

  @Test func theLatestEligibleSnapshotWins() throws {
    #expect(try Self.pick(["2025-02-01", "2025-03-01", "2025-03-03", "2025-03-31"]) == .success("2025-03-01"))
  }

  @Test func snapshotExactlyAtTheStalenessLimitIsUsed() throws {
    #expect(try Self.pick(["2025-01-30"]) == .success("2025-01-30"))
  }

  @Test func snapshotOneDayPastTheStalenessLimitIsAGap() throws {
    #expect(try Self.pick(["2025-01-29"]) == .failure(.stale))
  }

  @Test func zeroStalenessNeedsASnapshotOnTheDay() throws {
    #expect(try Self.pick(["2025-03-01"], staleness: 0) == .failure(.stale))
    #expect(try Self.pick(["2025-03-02"], staleness: 0) == .success("2025-03-02"))
  }

  @Test func outcomeBeforeEverySnapshotIsAGap() throws {
    #expect(try Self.pick(["2025-05-01"], horizon: 90) == .failure(.noSnapshotYet))
  }
}
