import HealthCal
import HealthCalFormats

extension NumberFormat {
  /// A Wilson interval as percentages (`36.8–60.3%`), or `n/a`.
  static func percent(_ interval: WilsonInterval?) -> String {
    guard let interval else { return "n/a" }
    return "\(fixed(interval.lower * 100, digits: 1))–\(fixed(interval.upper * 100, digits: 1))%"
  }
}
