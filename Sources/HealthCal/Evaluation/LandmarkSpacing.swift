import HealthCalFormats

/// How far apart the landmark dates of the time-matched design are.
///
/// The default is the snapshot calendar itself: every distinct `as_of` in the
/// snapshots. A weekly export has 52 of them a year; comparing at every fourth
/// week instead (`4w`) keeps the comparison time-matched to within four weeks
/// while holding a quarter of the rows.
public enum LandmarkSpacing: Hashable, Sendable, CustomStringConvertible {
  /// Each distinct `as_of` date of the snapshots.
  case snapshotDates
  /// Every `n` days from the first snapshot date.
  case days(Int)
  /// Every `n` calendar months from the first snapshot date.
  case months(Int)

  /// Parses `1m`, `4w` or `30d` (a positive count and a unit); `nil` otherwise.
  public init?(_ text: String) {
    guard let unit = text.last, let count = Int(text.dropLast()), count > 0, count <= 10_000 else { return nil }
    switch unit {
    case "d": self = .days(count)
    case "w": self = .days(7 * count)
    case "m": self = .months(count)
    default: return nil
    }
  }

  /// `snapshot dates`, `every 28 days` or `every 1 month(s)`.
  public var description: String {
    switch self {
    case .snapshotDates: return "snapshot dates"
    case .days(let n): return n % 7 == 0 ? "every \(n / 7)w" : "every \(n)d"
    case .months(let n): return "every \(n)m"
    }
  }

  /// The landmark days (days since 1970-01-01), ascending, for a snapshot
  /// calendar of distinct ascending `dates`.
  ///
  /// A grid starts at the first snapshot date and runs to the last.
  public func landmarks(dates: [Int]) -> [Int] {
    guard let first = dates.first, let last = dates.last else { return [] }
    switch self {
    case .snapshotDates:
      return dates
    case .days(let n):
      return Array(stride(from: first, through: last, by: n))
    case .months(let n):
      let start = CalendarDate(daysSinceEpoch: first)
      var result: [Int] = []
      var k = 0
      while true {
        let day = start.adding(months: k * n).daysSinceEpoch
        guard day <= last else { break }
        result.append(day)
        k += 1
      }
      return result
    }
  }
}
