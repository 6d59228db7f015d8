import HealthCalFormats

/// The size, time window and seed of a synthetic book of accounts.
///
/// Everything a ``SyntheticBook`` contains follows from these four values, so a
/// configuration is the whole recipe: two books built from equal
/// configurations are byte-identical on every platform.
public struct SyntheticBookConfiguration: Hashable, Sendable {
  /// How many accounts the book holds (at least 1).
  public var accounts: Int = 500

  /// How many monthly snapshot dates the window spans (at least 2), ending at ``end``.
  ///
  /// Two is the floor because every outcome date must fall after a snapshot
  /// date and no later than the last one; with a single date no outcome fits.
  public var months: Int = 12

  /// Weekly snapshots instead of monthly ones: this many dates seven days
  /// apart, the last on ``end``; `nil` (the default) keeps ``months``.
  ///
  /// Real CS platforms often export weekly; the largest books this tool is
  /// sized for (a million accounts × 52 weeks) are weekly, so the benchmarks
  /// need them.
  public var weeks: Int?

  /// The seed of every random draw.
  ///
  /// Account `k` draws from its own stream `(seed, k)`, so its data does not
  /// change when ``accounts`` grows or shrinks.
  public var seed: UInt64 = 2026

  /// A calendar confound, planted on purpose to test the evaluation designs:
  /// every renewed account's outcome date is left empty (renewed = "still a
  /// customer at the end of the export", so the renewal design scores it at
  /// the end), and a `tenure_days` column is added, days since an account
  /// start drawn uniformly up to a year before the first snapshot, from a
  /// stream of its own. Tenure carries no churn information at any one date;
  /// it only tracks when an account was scored. Everything else in the book
  /// is unchanged.
  public var calendarConfound = false

  /// A planted drift, to test `healthcal drift`: from this date on, every
  /// snapshot's `dau_mau` is written 40% lower (a product-analytics change
  /// that redefines an active user), while churn still follows the account's
  /// unchanged health. Nothing before the date, and no other value, moves.
  public var usageShiftAfter: CalendarDate?

  /// The date of the last snapshot; earlier snapshots fall on the same day of
  /// each preceding month (the 1st, for the default).
  public var end: CalendarDate = CalendarDate(year: 2026, month: 10, day: 1)!

  /// Creates a configuration; call ``validate()`` before building a book from
  /// user-supplied values.
  public init(
    accounts: Int = 500, months: Int = 12, seed: UInt64 = 2026,
    end: CalendarDate = CalendarDate(year: 2026, month: 10, day: 1)!, weeks: Int? = nil
  ) {
    self.accounts = accounts
    self.months = months
    self.seed = seed
    self.end = end
    self.weeks = weeks
  }

  /// The largest accepted ``months``: a century of monthly snapshots.
  public static let maximumMonths = 1200

  /// The largest accepted ``weeks``: a century of weekly snapshots.
  public static let maximumWeeks = 5200

  /// The snapshot dates, oldest first, the last on ``end``.
  public var snapshotDates: [CalendarDate] {
    if let weeks {
      return (0..<weeks).map { end.adding(days: 7 * ($0 - (weeks - 1))) }
    }
    return (0..<months).map { end.adding(months: $0 - (months - 1)) }
  }

  /// Why a configuration cannot produce a book.
  public struct ValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The offending setting, named as the configuration property.
    public var setting: String
    /// What was expected and what was found, in one sentence.
    public var detail: String

    /// `accounts: expected at least 1, found 0`.
    public var description: String { "\(setting): \(detail)" }
  }

  /// Checks that a book can be built from this configuration.
  ///
  /// ``SyntheticBook/init(configuration:)`` stops the process on an invalid
  /// configuration (it is a programming error there), so a caller that takes
  /// the values from a user, such as a command line, validates first and
  /// reports the error instead of crashing.
  ///
  /// - Throws: ``ValidationError`` when ``accounts`` is below 1, ``months`` is
  ///   outside 2...``maximumMonths`` (``weeks`` outside 2...``maximumWeeks``),
  ///   or the window would start before year 1.
  public func validate() throws(ValidationError) {
    guard accounts >= 1 else {
      throw ValidationError(setting: "accounts", detail: "expected at least 1, found \(accounts)")
    }
    guard (2...Self.maximumMonths).contains(months) else {
      throw ValidationError(
        setting: "months", detail: "expected 2...\(Self.maximumMonths), found \(months)")
    }
    if let weeks {
      guard (2...Self.maximumWeeks).contains(weeks) else {
        throw ValidationError(setting: "weeks", detail: "expected 2...\(Self.maximumWeeks), found \(weeks)")
      }
      guard end.components.year <= 9999, end.adding(days: -7 * (weeks - 1)).components.year >= 1 else {
        throw ValidationError(
          setting: "end", detail: "expected a window of \(weeks) weeks ending at a year 1...9999 date, found \(end)")
      }
      return
    }
    let (year, month, _) = end.components
    guard year * 12 + month - 1 - (months - 1) >= 12, year <= 9999 else {
      throw ValidationError(
        setting: "end", detail: "expected a window of \(months) months ending at a year 1...9999 date, found \(end)")
    }
  }
}
