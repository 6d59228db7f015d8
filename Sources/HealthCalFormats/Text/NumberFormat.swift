/// Fixed, locale-free number formatting for reports.
///
/// `String(format:)` follows the process locale on some platforms (a comma
/// decimal separator in de_DE) and would make reports differ between
/// machines; these helpers round half away from zero and always use `.`.
package enum NumberFormat {
  /// `value` with exactly `digits` decimals.
  package static func fixed(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
    let negative = value < 0 && scaled != 0
    guard scaled < 9e15 else { return String(value) }
    let integer = UInt64(scaled)
    var digitsText = String(integer)
    if digits > 0 {
      if digitsText.count <= digits {
        digitsText = String(repeating: "0", count: digits - digitsText.count + 1) + digitsText
      }
      digitsText.insert(".", at: digitsText.index(digitsText.endIndex, offsetBy: -digits))
    }
    return (negative ? "-" : "") + digitsText
  }

  /// A proportion as a percentage with one decimal (`0.1234` → `12.3%`), or `n/a`.
  package static func percent(_ value: Double?) -> String {
    guard let value else { return "n/a" }
    return fixed(value * 100, digits: 1) + "%"
  }

  /// An optional number with `digits` decimals, or `n/a`.
  package static func number(_ value: Double?, digits: Int) -> String {
    guard let value else { return "n/a" }
    return fixed(value, digits: digits)
  }

  /// Whole currency units with thousands separators (`1234567` → `1,234,567`).
  package static func money(_ value: Double?) -> String {
    guard let value else { return "n/a" }
    let text = fixed(value, digits: 0)
    let negative = text.hasPrefix("-")
    let digits = Array(negative ? text.dropFirst() : Substring(text))
    var grouped = ""
    for (i, digit) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { grouped.append(",") }
      grouped.append(digit)
    }
    return (negative ? "-" : "") + grouped
  }
}
