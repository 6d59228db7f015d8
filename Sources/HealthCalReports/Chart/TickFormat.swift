import HealthCal
import HealthCalFormats

/// How axis tick values are written.
///
/// A value type rather than a closure, so chart descriptions stay `Sendable`
/// and comparable, and two renders of one chart are byte-identical.
package enum TickFormat: Hashable, Sendable {
  /// A share 0–1 written as a whole percentage: `0.25` → `25%`.
  case percent
  /// A plain number with a fixed count of decimals.
  case number(digits: Int)

  /// The label for `value`.
  package func label(_ value: Double) -> String {
    switch self {
    case .percent:
      let percent = value * 100
      let digits = abs(percent - percent.rounded()) < 1e-9 ? 0 : 1
      return NumberFormat.fixed(percent, digits: digits) + "%"
    case .number(let digits):
      return NumberFormat.fixed(value, digits: digits)
    }
  }
}
