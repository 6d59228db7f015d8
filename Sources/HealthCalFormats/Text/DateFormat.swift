/// How dates are written in an export: ISO by default, or one of the shapes
/// spreadsheets and CRMs really produce, always named by the user.
///
/// A date format is never guessed. `03/04/2025` is the 4th of March in
/// New York and the 3rd of April in London, and a silently swapped day and
/// month moves accounts across horizon boundaries with no error anywhere.
/// When a cell does not match the named format, ``hint(for:)`` recognises the
/// common shapes and says which `--date-format` would read it.
public enum DateFormat: String, CaseIterable, Hashable, Sendable {
  /// `2025-03-04`.
  case iso = "YYYY-MM-DD"
  /// `03/04/2025` or `3/4/2025`, month first (US).
  case monthDayYear = "MM/DD/YYYY"
  /// `04/03/2025` or `4/3/2025`, day first (UK, most of Europe).
  case dayMonthYear = "DD/MM/YYYY"
  /// `2025-03-04T17:30:00`, optionally with fractional seconds and `Z` or a
  /// `±HH:MM` offset, truncated to the day as written (the offset is not
  /// applied: the export's own calendar day is the snapshot's day).
  case timestamp = "YYYY-MM-DDTHH:MM:SS"
  /// Excel's short US form `3/4/25`; two-digit years 00–29 are 2000–2029 and
  /// 30–99 are 1930–1999, Excel's own rule.
  case shortMonthDayYear = "M/D/YY"
  /// The short day-first form `4/3/25`, with the same two-digit-year rule.
  case shortDayMonthYear = "D/M/YY"

  /// The format named on a command line or in a project file, by its
  /// pattern (`MM/DD/YYYY`) in any letter case.
  public init?(name: String) {
    guard let format = Self.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else { return nil }
    self = format
  }

  /// What a message says a cell should look like.
  public var expectation: String {
    switch self {
    case .iso: return "a date YYYY-MM-DD"
    case .monthDayYear: return "a date MM/DD/YYYY"
    case .dayMonthYear: return "a date DD/MM/YYYY"
    case .timestamp: return "a timestamp YYYY-MM-DDTHH:MM:SS"
    case .shortMonthDayYear: return "a date M/D/YY"
    case .shortDayMonthYear: return "a date D/M/YY"
    }
  }

  /// Parses a cell, surrounding ASCII spaces and tabs ignored; `nil` when it
  /// is not a real calendar day in this format.
  public func date(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
    let text = DateText(bytes)
    switch self {
    case .iso: return text.iso()
    case .timestamp: return text.timestamp()
    case .monthDayYear: return text.slashed(dayFirst: false, yearDigits: 4)
    case .dayMonthYear: return text.slashed(dayFirst: true, yearDigits: 4)
    case .shortMonthDayYear: return text.slashed(dayFirst: false, yearDigits: 2)
    case .shortDayMonthYear: return text.slashed(dayFirst: true, yearDigits: 2)
    }
  }

  /// Parses a string cell.
  public func date(_ string: String) -> CalendarDate? {
    var copy = string
    return copy.withUTF8 { date($0) }
  }

  /// What to do about a cell this format cannot read, when it has a shape
  /// another format reads: the flag to pass, or why a shape is ambiguous.
  public func hint(for bytes: UnsafeBufferPointer<UInt8>) -> String? {
    let text = DateText(bytes)
    if self != .timestamp, text.timestamp() != nil, text.iso() == nil {
      return "it looks like a timestamp; pass --date-format \(DateFormat.timestamp.rawValue) to read its day"
    }
    if self != .iso, text.iso() != nil { return "it looks like YYYY-MM-DD; pass --date-format YYYY-MM-DD" }
    guard text.isSlashed else { return nil }
    let candidates = Self.allCases.filter { $0 != self && $0.date(bytes) != nil }
    switch candidates.count {
    case 0: return nil
    case 1: return "it looks like \(candidates[0].rawValue); pass --date-format \(candidates[0].rawValue)"
    default:
      let names = candidates.map(\.rawValue).joined(separator: " or ")
      return "it could be \(names), which cannot be told apart; pass --date-format with the one the export uses"
    }
  }

  /// ``hint(for:)`` for a string cell.
  public func hint(for string: String) -> String? {
    var copy = string
    return copy.withUTF8 { hint(for: $0) }
  }
}

/// A cell's bytes, trimmed, with the small readers the formats share.
private struct DateText {
  let bytes: UnsafeBufferPointer<UInt8>
  let start: Int
  let end: Int

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    var start = 0
    var end = bytes.count
    while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
    while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
    self.start = start
    self.end = end
  }

  var count: Int { end - start }

  subscript(_ i: Int) -> UInt8 { bytes[start + i] }

  /// The decimal value of `count` digits at `offset`, `nil` if any is not a
  /// digit or there are more than a date part could have (no overflow).
  func digits(_ offset: Int, _ count: Int) -> Int? {
    guard count > 0, count <= 9, offset + count <= self.count else { return nil }
    var value = 0
    for i in offset..<(offset + count) {
      let digit = Int(self[i]) - 48
      guard digit >= 0, digit <= 9 else { return nil }
      value = value * 10 + digit
    }
    return value
  }

  /// `YYYY-MM-DD` at the start, and whether anything follows it.
  func isoPrefix() -> CalendarDate? {
    guard count >= 10, self[4] == 0x2D, self[7] == 0x2D,
      let y = digits(0, 4), let m = digits(5, 2), let d = digits(8, 2)
    else { return nil }
    return CalendarDate(year: y, month: m, day: d)
  }

  func iso() -> CalendarDate? {
    count == 10 ? isoPrefix() : nil
  }

  /// `YYYY-MM-DD(T| )HH:MM[:SS[.fff]][Z|±HH:MM]`, truncated to the day.
  func timestamp() -> CalendarDate? {
    guard count >= 16, self[10] == 0x54 || self[10] == 0x20, let date = isoPrefix(),
      let hour = digits(11, 2), hour < 24, self[13] == 0x3A, let minute = digits(14, 2), minute < 60
    else { return nil }
    var i = 16
    if i < count, self[i] == 0x3A {
      guard let second = digits(i + 1, 2), second <= 60 else { return nil }
      i += 3
      if i < count, self[i] == 0x2E {
        i += 1
        let first = i
        while i < count, digits(i, 1) != nil { i += 1 }
        guard i > first else { return nil }
      }
    }
    if i < count, self[i] == 0x5A {
      i += 1
    } else if i < count, self[i] == 0x2B || self[i] == 0x2D {
      guard let offsetHours = digits(i + 1, 2), offsetHours <= 14 else { return nil }
      i += 3
      if i < count, self[i] == 0x3A { i += 1 }
      guard let offsetMinutes = digits(i, 2), offsetMinutes < 60 else { return nil }
      i += 2
    }
    return i == count ? date : nil
  }

  /// Whether the cell is three groups of digits separated by `/`.
  var isSlashed: Bool { slashedParts() != nil }

  /// The three `/`-separated digit groups, with their lengths.
  func slashedParts() -> [(value: Int, length: Int)]? {
    var parts: [(value: Int, length: Int)] = []
    var i = 0
    while i <= count {
      var j = i
      while j < count, self[j] != 0x2F { j += 1 }
      guard let value = digits(i, j - i) else { return nil }
      parts.append((value, j - i))
      i = j + 1
    }
    return parts.count == 3 ? parts : nil
  }

  /// Day and month of one or two digits, then a year of exactly `yearDigits`.
  func slashed(dayFirst: Bool, yearDigits: Int) -> CalendarDate? {
    guard let parts = slashedParts(), parts[0].length <= 2, parts[1].length <= 2, parts[2].length == yearDigits else {
      return nil
    }
    let (month, day) = dayFirst ? (parts[1].value, parts[0].value) : (parts[0].value, parts[1].value)
    var year = parts[2].value
    if yearDigits == 2 { year += year < 30 ? 2000 : 1900 }
    return CalendarDate(year: year, month: month, day: day)
  }
}
