/// A calendar day with no time zone, stored as days since 1970-01-01.
///
/// Snapshot and outcome dates are civil dates (`YYYY-MM-DD`), and every rule in
/// healthcal is a whole-day comparison ("latest snapshot on or before T − 90").
/// Using `Foundation.Date` would drag in time zones and daylight saving, where a
/// date parsed in one zone and compared in another is off by one day. An integer
/// day count makes `T − h` exact and keeps comparisons cheap in hot loops.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Days since 1970-01-01 (negative before it).
  public var daysSinceEpoch: Int

  /// Creates a date from a day count since 1970-01-01.
  public init(daysSinceEpoch: Int) {
    self.daysSinceEpoch = daysSinceEpoch
  }

  /// Creates a date from its civil components, or returns `nil` when the day
  /// does not exist (for example 2025-02-30 or month 13).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      day >= 1, day <= CalendarDate.daysIn(month: month, year: year)
    else { return nil }
    daysSinceEpoch = CalendarDate.daysFromCivil(year: year, month: month, day: day)
  }

  /// Parses a strict ISO `YYYY-MM-DD` date from UTF-8 bytes.
  ///
  /// Strict on purpose: `2025-2-3`, `2025/02/03` and `2025-02-30` are rejected
  /// rather than guessed, because a silently shifted date moves an account
  /// across a horizon boundary.
  public init?(iso bytes: UnsafeBufferPointer<UInt8>) {
    guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-")
    else { return nil }
    func digits(_ range: Range<Int>) -> Int? {
      var value = 0
      for i in range {
        let d = Int(bytes[i]) - 48
        guard d >= 0, d <= 9 else { return nil }
        value = value * 10 + d
      }
      return value
    }
    guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// Parses a strict ISO `YYYY-MM-DD` date from a string.
  public init?(iso string: String) {
    var copy = string
    guard let parsed = copy.withUTF8({ CalendarDate(iso: $0) }) else { return nil }
    self = parsed
  }

  /// The civil (year, month, day) of this date.
  public var components: (year: Int, month: Int, day: Int) {
    // Howard Hinnant's civil_from_days: exact for the proleptic Gregorian calendar.
    let z = daysSinceEpoch + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    return (year, month, day)
  }

  /// The date as `YYYY-MM-DD`.
  public var description: String {
    let (y, m, d) = components
    func pad(_ value: Int, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
  }

  /// The date `days` days later (earlier when negative).
  public func adding(days: Int) -> CalendarDate {
    CalendarDate(daysSinceEpoch: daysSinceEpoch + days)
  }

  /// Whole days from `other` to `self`.
  public func days(since other: CalendarDate) -> Int {
    daysSinceEpoch - other.daysSinceEpoch
  }

  /// The same day of the month `months` months later, clamped to the month's
  /// last day (Jan 31 + 1 month is Feb 28 or 29).
  public func adding(months: Int) -> CalendarDate {
    let (y, m, d) = components
    let index = y * 12 + (m - 1) + months
    let year = index / 12
    let month = index % 12 + 1
    let day = min(d, CalendarDate.daysIn(month: month, year: year))
    return CalendarDate(daysSinceEpoch: CalendarDate.daysFromCivil(year: year, month: month, day: day))
  }

  public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
    lhs.daysSinceEpoch < rhs.daysSinceEpoch
  }

  package static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  package static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = month > 2 ? month - 3 : month + 9
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }
}
