import HealthCal
import HealthCalFormats

/// Escaping and number formatting shared by every SVG and HTML writer.
///
/// One place decides how text and numbers enter markup, so an account named
/// `Smith & <Sons>` can never break a report, and coordinates are written
/// the same way on every machine (no locale, no exponent, no NaN).
package enum Markup {
  /// `text` safe inside an element or a double- or single-quoted attribute:
  /// `&`, `<`, `>`, `"` and `'` become entities, and control characters other
  /// than tab and newline (which XML 1.0 forbids outright) are dropped.
  package static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\t", "\n": out.unicodeScalars.append(scalar)
      default:
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// A coordinate or length with at most one decimal, trailing `.0` dropped.
  ///
  /// Non-finite values become `0`: the charts never pass one (missing values
  /// are drawn as notes, not as points), and if a bug ever did, a stray point
  /// at the origin is visible while `NaN` would make the browser drop the
  /// whole element silently.
  package static func number(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let text = NumberFormat.fixed(value, digits: 1)
    if text.hasSuffix(".0") {
      let trimmed = String(text.dropLast(2))
      return trimmed == "-0" ? "0" : trimmed
    }
    return text
  }
}
