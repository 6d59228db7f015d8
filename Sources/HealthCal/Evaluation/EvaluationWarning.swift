import HealthCalFormats

/// Something a reader must know before trusting a comparison of churned
/// with other accounts. Every report prints these, in every format.
public struct EvaluationWarning: Hashable, Sendable {
  /// What kind of problem.
  public enum Kind: String, Hashable, Sendable {
    /// Churned and other accounts were scored at different calendar dates.
    case calendar
    /// A signal separates the classes across dates but not at matched dates.
    case leakage
  }

  /// What kind of problem.
  public var kind: Kind
  /// The signal column (leakage only).
  public var column: String?
  /// One sentence.
  public var message: String

  /// Creates a warning.
  public init(kind: Kind, column: String? = nil, message: String) {
    self.kind = kind
    self.column = column
    self.message = message
  }

  /// The warnings of an evaluation: the failed calendar check (whatever
  /// design ran, with what it means for that design) and every leakage finding.
  package static func warnings(design: EvaluationDesign, check: CalendarCheck, leakage: LeakageScreen?) -> [EvaluationWarning] {
    var warnings: [EvaluationWarning] = []
    let failing = check.horizons.filter { !$0.passes }
    if !failing.isEmpty {
      let figures = failing.map { h in
        "\(h.horizon) days: date AUC \(Self.twoDecimals(h.dateAUC!)), median scored date churned \(h.churnedMedian.map(\.description) ?? "n/a") vs others \(h.otherMedian.map(\.description) ?? "n/a")"
      }.joined(separator: "; ")
      let consequence = design == .landmark
        ? "the landmark design compares accounts only at the same dates"
        : "metrics that compare churned with other accounts (false alarms, AUC, KS, Brier, tuning) measure the calendar, not health; run with --design landmark"
      warnings.append(EvaluationWarning(
        kind: .calendar,
        message: "Churned and other accounts were scored at different dates (\(figures)); \(consequence)."))
    }
    // One warning per column, its horizons together.
    let findings = leakage?.findings ?? []
    var columns: [String] = []
    for finding in findings where !columns.contains(finding.column) { columns.append(finding.column) }
    for column in columns {
      warnings.append(EvaluationWarning(
        kind: .leakage, column: column, message: LeakageScreen.Finding.sentence(findings.filter { $0.column == column })))
    }
    return warnings
  }

  /// `0.83`: two decimals without Foundation's locale-dependent formatting.
  static func twoDecimals(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let text = String(hundredths)
    return hundredths >= 100 ? "\(hundredths / 100).\(String(text.suffix(2)))" : "0." + String(repeating: "0", count: 2 - text.count) + text
  }
}

extension EvaluationWarning {
  /// `{"kind", "column", "message"}`.
  package var json: JSONValue {
    .object(JSONObject([("kind", .string(kind.rawValue)), ("column", column.map(JSONValue.string) ?? .null), ("message", .string(message))]))
  }
}
