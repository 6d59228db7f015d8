import HealthCalFormats

/// One monthly row of a synthetic account: the signals as `snapshots.csv` prints them.
///
/// Values are stored at exactly the precision the CSV prints (thousandths for
/// ratios, tenths for CSAT, whole numbers for counts), so what a test reads from
/// the struct is what a reader parses from the file; there is no hidden extra
/// precision that could make the two disagree at a band boundary. The compact
/// storage (24 bytes a row) is also what lets a book of millions of rows stay
/// in memory while its CSV text is streamed.
///
/// Every setter rounds to that precision and clamps to the column's documented
/// range, so a snapshot can never hold a value its column cannot print; NaN is
/// refused (a precondition failure) rather than printed or guessed.
public struct SyntheticSnapshot: Hashable, Sendable {
  /// The snapshot date (`as_of`).
  public var asOf: CalendarDate
  var dauMAUThousandths: UInt16
  var featureAdoptionThousandths: UInt16
  var licenseUtilizationThousandths: UInt16
  /// NPS, or `Int16.min` when missing.
  var npsValue: Int16
  var execLoginDaysValue: UInt8
  var escalationsValue: UInt8
  var ticketsValue: UInt8
  /// CSAT in tenths (10...50), or 0 when missing.
  var csatTenths: UInt8
  /// Whether the champion changed in the last 90 days (`champion_changed`).
  public var championChanged: Bool
  /// Whether a quarterly business review is on the calendar (`qbr_scheduled`).
  public var qbrScheduled: Bool
  /// Whether an invoice is overdue (`payment_overdue`, printed 0 or 1).
  public var paymentOverdue: Bool

  /// Creates a snapshot, rounding each value to its printed precision and
  /// clamping it to its column's range.
  public init(
    asOf: CalendarDate, dauMAU: Double, featureAdoption: Double, licenseUtilization: Double,
    execLoginDays: Int, championChanged: Bool, qbrScheduled: Bool, escalationsLast90Days: Int,
    ticketsLast30Days: Int, nps: Int?, csat: Double?, paymentOverdue: Bool
  ) {
    self.asOf = asOf
    dauMAUThousandths = Self.thousandths(dauMAU, maximum: 1000)
    featureAdoptionThousandths = Self.thousandths(featureAdoption, maximum: 1000)
    licenseUtilizationThousandths = Self.thousandths(licenseUtilization, maximum: 1200)
    npsValue = nps.map { Int16(min(max($0, -100), 100)) } ?? Int16.min
    execLoginDaysValue = UInt8(min(max(execLoginDays, 0), 30))
    escalationsValue = UInt8(min(max(escalationsLast90Days, 0), 10))
    ticketsValue = UInt8(min(max(ticketsLast30Days, 0), 40))
    csatTenths = csat.map(Self.tenths) ?? 0
    self.championChanged = championChanged
    self.qbrScheduled = qbrScheduled
    self.paymentOverdue = paymentOverdue
  }

  /// Daily over monthly active users (`dau_mau`), 0...1 in thousandths; healthy is about 0.3–0.6.
  public var dauMAU: Double {
    get { Double(dauMAUThousandths) / 1000 }
    set { dauMAUThousandths = Self.thousandths(newValue, maximum: 1000) }
  }

  /// Share of key features in use (`feature_adoption`), 0...1 in thousandths.
  public var featureAdoption: Double {
    get { Double(featureAdoptionThousandths) / 1000 }
    set { featureAdoptionThousandths = Self.thousandths(newValue, maximum: 1000) }
  }

  /// Seats in use over seats bought (`license_utilization`), 0...1.2 in
  /// thousandths; above 1 is over-deployment, healthy is about 0.7–1.0.
  public var licenseUtilization: Double {
    get { Double(licenseUtilizationThousandths) / 1000 }
    set { licenseUtilizationThousandths = Self.thousandths(newValue, maximum: 1200) }
  }

  /// Days in the last 30 with an executive-sponsor login (`exec_login_days`), 0...30.
  public var execLoginDays: Int {
    get { Int(execLoginDaysValue) }
    set { execLoginDaysValue = UInt8(min(max(newValue, 0), 30)) }
  }

  /// Escalations in the last 90 days (`escalations_90d`), 0...10.
  public var escalationsLast90Days: Int {
    get { Int(escalationsValue) }
    set { escalationsValue = UInt8(min(max(newValue, 0), 10)) }
  }

  /// Support tickets in the last 30 days (`tickets_30d`), 0...40.
  public var ticketsLast30Days: Int {
    get { Int(ticketsValue) }
    set { ticketsValue = UInt8(min(max(newValue, 0), 40)) }
  }

  /// Net promoter score (`nps`), -100...100, or `nil` for an empty cell (no survey answer).
  public var nps: Int? {
    get { npsValue == Int16.min ? nil : Int(npsValue) }
    set { npsValue = newValue.map { Int16(min(max($0, -100), 100)) } ?? Int16.min }
  }

  /// Customer satisfaction (`csat`), 1.0...5.0 in tenths, or `nil` for an empty cell.
  public var csat: Double? {
    get { csatTenths == 0 ? nil : Double(csatTenths) / 10 }
    set { csatTenths = newValue.map(Self.tenths) ?? 0 }
  }

  /// Rounds to thousandths and clamps to `0...maximum` thousandths.
  ///
  /// - Precondition: `value` is not NaN: a snapshot has no way to print it, and
  ///   turning it into some in-range number would hide the caller's bug.
  static func thousandths(_ value: Double, maximum: Int) -> UInt16 {
    precondition(!value.isNaN, "a synthetic snapshot value cannot be NaN")
    return UInt16(min(max((value * 1000).rounded(), 0), Double(maximum)))
  }

  /// Rounds to tenths and clamps to 1.0...5.0.
  ///
  /// - Precondition: `value` is not NaN.
  static func tenths(_ value: Double) -> UInt8 {
    precondition(!value.isNaN, "a synthetic snapshot value cannot be NaN")
    return UInt8(min(max((value * 10).rounded(), 10), 50))
  }
}
