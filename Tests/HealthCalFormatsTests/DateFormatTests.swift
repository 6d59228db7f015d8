import Testing
@testable import HealthCal
@testable import HealthCalFormats

/// Dates are read in the format the user names, never guessed.
@Suite struct DateFormatTests {
  static func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

  @Test(arguments: [
    (DateFormat.iso, "2025-03-04", "2025-03-04"),
    (.monthDayYear, "03/04/2025", "2025-03-04"),
    (.monthDayYear, "3/4/2025", "2025-03-04"),
    (.dayMonthYear, "03/04/2025", "2025-04-03"),
    (.dayMonthYear, " 4/3/2025 ", "2025-03-04"),
    (.timestamp, "2025-03-04T23:59:59Z", "2025-03-04"),
    (.timestamp, "2025-03-04T23:59:59.123+05:30", "2025-03-04"),
    (.timestamp, "2025-03-04 00:00", "2025-03-04"),
    (.shortMonthDayYear, "3/4/25", "2025-03-04"),
    (.shortMonthDayYear, "12/31/29", "2029-12-31"),
    (.shortMonthDayYear, "1/1/30", "1930-01-01"),
    (.shortDayMonthYear, "4/3/25", "2025-03-04"),
  ])
  func readsEachFormat(format: DateFormat, text: String, iso: String) {
    #expect(format.date(text) == Self.day(iso))
  }

  @Test(arguments: [
    (DateFormat.iso, "03/04/2025"), (.iso, "2025-3-4"), (.iso, "2025-02-30"),
    (.monthDayYear, "13/01/2025"), (.monthDayYear, "02/30/2025"), (.monthDayYear, "3/4/25"), (.monthDayYear, "2025-03-04"),
    (.dayMonthYear, "31/04/2025"), (.timestamp, "2025-03-04"), (.timestamp, "2025-03-04T25:00:00"),
    (.timestamp, "2025-03-04T10:00:00junk"), (.shortMonthDayYear, "3/4/2025"), (.shortMonthDayYear, "3//25"),
  ])
  func refusesWhatIsNotThatFormat(format: DateFormat, text: String) {
    #expect(format.date(text) == nil)
  }

  /// Found by the JSON Lines fuzzer: a 60-digit group overflowed the parser.
  @Test func longDigitRunsAreNotDatesAndDoNotOverflow() {
    let long = String(repeating: "9", count: 60)
    for format in DateFormat.allCases {
      #expect(format.date("\(long)-01-01") == nil)
      #expect(format.date("1/1/\(long)") == nil)
      #expect(format.hint(for: "1/1/\(long)") == nil)
    }
  }

  @Test func namesMatchIgnoringCase() {
    #expect(DateFormat(name: "mm/dd/yyyy") == .monthDayYear)
    #expect(DateFormat(name: "YYYY-MM-DDTHH:MM:SS") == .timestamp)
    #expect(DateFormat(name: "DD.MM.YYYY") == nil)
  }

  @Test func hintsNameTheFlagOnlyWhenOneFormatFits() {
    #expect(DateFormat.iso.hint(for: "03/15/2025") == "it looks like MM/DD/YYYY; pass --date-format MM/DD/YYYY")
    #expect(DateFormat.iso.hint(for: "15/03/2025") == "it looks like DD/MM/YYYY; pass --date-format DD/MM/YYYY")
    #expect(DateFormat.iso.hint(for: "03/04/2025")?.hasPrefix("it could be MM/DD/YYYY or DD/MM/YYYY") == true)
    #expect(DateFormat.iso.hint(for: "3/4/25")?.hasPrefix("it could be M/D/YY or D/M/YY") == true)
    #expect(DateFormat.monthDayYear.hint(for: "2025-03-04") == "it looks like YYYY-MM-DD; pass --date-format YYYY-MM-DD")
    #expect(DateFormat.iso.hint(for: "2025-03-04T10:00:00Z")?.hasPrefix("it looks like a timestamp") == true)
    #expect(DateFormat.iso.hint(for: "yesterday") == nil)
    #expect(DateFormat.iso.hint(for: "2025-02-30") == nil)
  }
}
