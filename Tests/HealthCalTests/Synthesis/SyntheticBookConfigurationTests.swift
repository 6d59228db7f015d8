import HealthCal
import Testing
import HealthCalFormats

@Suite("SyntheticBookConfiguration")
struct SyntheticBookConfigurationTests {
  @Test func defaultsAreTheDemoSet() {
    let configuration = SyntheticBookConfiguration()
    #expect(configuration.accounts == 500)
    #expect(configuration.months == 12)
    #expect(configuration.seed == 2026)
    #expect(configuration.end == CalendarDate(iso: "2026-10-01"))
  }

  @Test func validConfigurationsPass() throws {
    try SyntheticBookConfiguration().validate()
    try SyntheticBookConfiguration(accounts: 1, months: 2).validate()
    try SyntheticBookConfiguration(months: SyntheticBookConfiguration.maximumMonths).validate()
  }

  @Test(arguments: [
    (SyntheticBookConfiguration(accounts: 0), "accounts"),
    (SyntheticBookConfiguration(accounts: -5), "accounts"),
    (SyntheticBookConfiguration(months: 1), "months"),
    (SyntheticBookConfiguration(months: 1201), "months"),
    (SyntheticBookConfiguration(months: 24, end: CalendarDate(year: 1, month: 6, day: 1)!), "end"),
    (SyntheticBookConfiguration(weeks: 1), "weeks"),
    (SyntheticBookConfiguration(weeks: 5201), "weeks"),
    (SyntheticBookConfiguration(end: CalendarDate(year: 1, month: 3, day: 1)!, weeks: 52), "end"),
  ])
  func invalidConfigurationsNameTheSetting(configuration: SyntheticBookConfiguration, setting: String) {
    #expect(throws: SyntheticBookConfiguration.ValidationError.self) { try configuration.validate() }
    do {
      try configuration.validate()
    } catch {
      #expect(error.setting == setting)
      #expect(error.description.hasPrefix("\(setting): expected"))
    }
  }

  @Test func endNeedNotBeTheFirstOfAMonth() {
    let book = SyntheticBook(
      configuration: SyntheticBookConfiguration(accounts: 10, months: 3, end: CalendarDate(iso: "2026-03-31")!))
    #expect(book.snapshotDates.map(\.description) == ["2026-01-31", "2026-02-28", "2026-03-31"])
  }

  @Test func weeklyBooksHaveSnapshotsSevenDaysApartEndingAtEnd() throws {
    let configuration = SyntheticBookConfiguration(accounts: 20, end: CalendarDate(iso: "2026-10-01")!, weeks: 3)
    try configuration.validate()
    let book = SyntheticBook(configuration: configuration)
    #expect(book.snapshotDates.map(\.description) == ["2026-09-17", "2026-09-24", "2026-10-01"])
    #expect(book.accounts.allSatisfy { $0.snapshots.allSatisfy { book.snapshotDates.contains($0.asOf) } })
  }
}
