import HealthCal
import HealthCalFormats

/// `healthcal drift` as a terminal table, Markdown, JSON or an HTML page.
public struct DriftReport: Report {
  /// The check to render.
  public var check: DriftCheck

  /// Creates a report.
  public init(check: DriftCheck) {
    self.check = check
  }

  /// The verdict first, then the stability of the score and of each signal,
  /// the band mix and the green-churn rates.
  package func render(_ style: TextStyle) -> String {
    var out = style == .markdown ? "# Drift\n\n" : "Drift\n"
    out += "Verdict: \(check.verdict.rawValue.uppercased()): \(check.reasons.joined(separator: "; ")).\n"
    out += "Reference: \(Self.describe(check.reference)); current: \(Self.describe(check.current)) (from \(check.referenceBefore)).\n"
    out += "PSI: < 0.10 stable, 0.10-0.25 moderate, > 0.25 major; bins are deciles of the reference, missing values apart.\n"

    out += style.heading("Population stability")
    var stability = TextTable(headers: ["value", "PSI", "reading", "missing then", "missing now"], alignments: [.left, .right, .left, .right, .right])
    func missing(_ psi: PopulationStability, current: Bool) -> String {
      NumberFormat.percent(psi.bins.first { $0.isMissing }.map { current ? $0.currentShare : $0.referenceShare } ?? 0)
    }
    stability.append([
      "score", NumberFormat.fixed(check.score.index, digits: 3), check.score.reading.rawValue,
      missing(check.score, current: false), missing(check.score, current: true),
    ])
    for signal in check.signals {
      stability.append([
        DriftCheck.name(signal), NumberFormat.fixed(signal.stability.index, digits: 3), signal.stability.reading.rawValue,
        missing(signal.stability, current: false), missing(signal.stability, current: true),
      ])
    }
    out += style.render(stability)

    out += style.heading("Band mix (snapshot rows)")
    var mix = TextTable(headers: ["band", "reference", "share", "current", "share"], alignments: [.left, .right, .right, .right, .right])
    for row in check.bandMix where row.band != "unscored" || row.reference + row.current > 0 {
      mix.append([
        row.band, "\(row.reference)", NumberFormat.percent(Double(row.reference) / Double(check.reference.rows)),
        "\(row.current)", NumberFormat.percent(Double(row.current) / Double(check.current.rows)),
      ])
    }
    out += style.render(mix)

    if !check.greenChurn.isEmpty {
      out += style.heading(
        "Green-churn rate of accounts that churned in each period (limit \(NumberFormat.percent(check.maximumGreenChurn)), judged on at least \(check.minimumChurned) churners)")
      var churn = TextTable(headers: ["horizon", "reference", "current", "p-value"], alignments: [.right, .right, .right, .right])
      for change in check.greenChurn {
        churn.append([
          "\(change.horizon) days", Self.describe(change.reference), Self.describe(change.current), NumberFormat.fixed(change.pValue, digits: 3),
        ])
      }
      out += style.render(churn)
    }
    return out
  }

  /// `2026-01-01 to 2026-06-30, 5,400 rows`.
  static func describe(_ period: DriftCheck.Period) -> String {
    guard let first = period.first, let last = period.last else { return "no rows" }
    return "\(first) to \(last), \(period.rows) rows"
  }

  /// `12.5% (3/24)`, or `n/a (0 scored)`.
  static func describe(_ rate: Rate) -> String {
    rate.value.map { "\(NumberFormat.percent($0)) (\(rate.numerator)/\(rate.denominator))" } ?? "n/a (0 scored)"
  }

  /// The check for scripts; `verdict` is `keep` or `recalibrate`.
  package var json: JSONValue {
    func stabilityJSON(_ psi: PopulationStability) -> JSONValue {
      .object(JSONObject([
        ("psi", .number(psi.index)),
        ("reading", .string(psi.reading.rawValue)),
        ("bins", .array(psi.bins.map { bin in
          .object(JSONObject([
            ("lower", .optional(bin.lower)), ("missing", .bool(bin.isMissing)),
            ("reference_count", .int(bin.referenceCount)), ("current_count", .int(bin.currentCount)),
            ("reference_share", .number(bin.referenceShare)), ("current_share", .number(bin.currentShare)), ("term", .number(bin.term)),
          ]))
        })),
      ]))
    }
    func periodJSON(_ period: DriftCheck.Period) -> JSONValue {
      .object(JSONObject([
        ("first", period.first.map { .string($0.description) } ?? .null), ("last", period.last.map { .string($0.description) } ?? .null),
        ("rows", .int(period.rows)),
      ]))
    }
    return .object(JSONObject([
      ("report", .string("drift")),
      ("schema", .number(1)),
      ("tool", .string("healthcal \(HealthCalVersion.current)")),
      ("verdict", .string(check.verdict.rawValue)),
      ("reasons", .array(check.reasons.map(JSONValue.string))),
      ("reference_before", .string(check.referenceBefore.description)),
      ("reference", periodJSON(check.reference)),
      ("current", periodJSON(check.current)),
      ("max_green_churn", .number(check.maximumGreenChurn)),
      ("min_churned", .int(check.minimumChurned)),
      ("score", stabilityJSON(check.score)),
      ("signals", .array(check.signals.map { signal in
        .object(JSONObject([
          ("column", .string(signal.column)), ("look_back_days", signal.lookBackDays.map(JSONValue.int) ?? .null),
          ("stability", stabilityJSON(signal.stability)),
        ]))
      })),
      ("band_mix", .array(check.bandMix.map { row in
        .object(JSONObject([("band", .string(row.band)), ("reference", .int(row.reference)), ("current", .int(row.current))]))
      })),
      ("green_churn", .array(check.greenChurn.map { change in
        .object(JSONObject([
          ("horizon_days", .int(change.horizon)), ("reference", change.reference.json), ("current", change.current.json),
          ("p_value", .number(change.pValue)),
        ]))
      })),
    ]))
  }
}

extension DriftReport {
  public static let formats: [ReportFormat] = [.table, .json, .markdown, .html]

  public func rendered(as format: ReportFormat) -> String {
    switch format {
    case .table: render(.plain)
    case .markdown: render(.markdown)
    case .json: json.reportText
    case .html: DriftHTMLReport(check: check).html
    case .csv: preconditionFailure("drift has no CSV form")
    }
  }
}
