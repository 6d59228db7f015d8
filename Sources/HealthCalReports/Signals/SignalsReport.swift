import HealthCal
import HealthCalFormats

/// `healthcal signals` as a terminal table or Markdown, as JSON and as CSV.
public struct SignalsReport: Report {
  /// The screen to render.
  public var screen: SignalScreen

  /// Creates a report.
  public init(screen: SignalScreen) {
    self.screen = screen
  }

  /// The ranking, the redundant groups, the model's signals and each
  /// column's bins, as aligned tables or Markdown.
  package func render(_ style: TextStyle) -> String {
    var out = style == .markdown ? "# Signals\n\n" : "Signals\n"
    let first = screen.horizons.first.map { "\($0) days" } ?? "-"
    out += "Design: \(screen.design.rawValue) (\(screen.designReason)).\n"
    out += "Columns strongest first: by how far their ROC AUC at \(first) is from 0.5 (either way), then information value.\n"
    for warning in screen.warnings { out += "Warning: \(warning.message)\n" }

    out += style.heading("Ranking")
    var ranking = TextTable(
      headers: ["column", "horizon", "coverage", "direction", "ROC AUC", "95% CI", "IV", "reading", "bins", "suggested transform"],
      alignments: [.left, .right, .right, .left, .right, .left, .right, .left, .right, .left])
    for column in screen.columns {
      for profile in column.profiles {
        ranking.append([
          column.name, "\(profile.horizon)", NumberFormat.percent(profile.coverage), profile.direction?.rawValue ?? "none",
          NumberFormat.number(profile.rocAUC, digits: 3), Self.interval(profile.rocAUCInterval),
          NumberFormat.fixed(profile.informationValue, digits: 3), profile.strength.description, "\(profile.bins.thresholds.count + 1)",
          profile.suggestion.map(Self.describe) ?? "none (one bin)",
        ])
      }
    }
    out += style.render(ranking)

    out += style.heading("Redundant columns (|rank correlation| > \(NumberFormat.fixed(screen.settings.maximumCorrelation, digits: 2)) at \(first))")
    if screen.redundantGroups.isEmpty {
      out += "None: no two columns measure the same behaviour.\n"
    } else {
      for group in screen.redundantGroups { out += (style == .markdown ? "- " : "  ") + group.joined(separator: ", ") + "\n" }
    }

    if !screen.modelSignals.isEmpty {
      out += style.heading("The model's signals against the data (\(first))")
      out += "Agrees: the transform scores as healthier the end the data do; unclear when the AUC's 95% interval spans 0.5 (or --bootstrap 0).\n" + (style == .markdown ? "\n" : "")
      var signals = TextTable(
        headers: ["component", "column", "transform", "data says", "agrees", "component AUC", "with suggestion"],
        alignments: [.left, .left, .left, .left, .left, .right, .right])
      for signal in screen.modelSignals {
        signals.append([
          signal.component, signal.column, Self.describe(signal.transform), signal.profiles.first?.direction?.rawValue ?? "none",
          Self.agreement(signal),
          NumberFormat.number(signal.componentAUC.first ?? nil, digits: 3),
          NumberFormat.number(signal.componentAUCWithSuggestion.first ?? nil, digits: 3),
        ])
      }
      out += style.render(signals)
    }

    out += style.heading("Bins at \(first) (churn rate and weight of evidence; WoE > 0 = fewer churners than average)")
    for column in screen.columns {
      guard let profile = column.profiles.first else { continue }
      out += style == .markdown ? "\n### \(column.name)\n\n" : "\n\(column.name)\n"
      var bins = TextTable(headers: ["bin", "share", "churned", "churn rate", "WoE", "IV"], alignments: [.left, .right, .right, .right, .right, .right])
      for (i, bin) in profile.bins.bins.enumerated() {
        bins.append([
          Self.describe(bin, index: i, labels: profile.labels), NumberFormat.percent(bin.share), "\(bin.cases)", NumberFormat.percent(bin.churnRate),
          NumberFormat.number(bin.weightOfEvidence, digits: 3), NumberFormat.fixed(bin.informationValue, digits: 4),
        ])
      }
      out += style.render(bins)
    }
    return out
  }

  /// `yes`, `NO: reversed`, `unclear` (the AUC's interval spans 0.5, or
  /// there is none with `--bootstrap 0`), or `n/a` for a transform without a direction.
  static func agreement(_ signal: SignalScreen.ModelSignal) -> String {
    signal.directionAgrees.map { $0 ? "yes" : "NO: reversed" } ?? (signal.higherIsHealthier == nil ? "n/a" : "unclear")
  }

  /// `[0.61, 0.74]`, or `-` without an interval.
  static func interval(_ interval: BootstrapInterval?) -> String {
    interval.map { "[\(NumberFormat.fixed($0.lower, digits: 3)), \(NumberFormat.fixed($0.upper, digits: 3))]" } ?? "-"
  }

  /// A bin's range: `< 0.3`, `0.3 to < 0.5`, `≥ 0.5`, `missing`; for a
  /// category, the label of bin `index`.
  static func describe(_ bin: SignalBins.Bin, index: Int, labels: [String]?) -> String {
    if bin.isMissing { return "missing" }
    if let labels, index < labels.count { return labels[index] }
    switch (bin.lower, bin.upper) {
    case (nil, nil): return "all"
    case (nil, let upper?): return "< \(number(upper))"
    case (let lower?, nil): return ">= \(number(lower))"
    case (let lower?, let upper?): return "\(number(lower)) to < \(number(upper))"
    }
  }

  /// A transform in one line: `bands 0.3 / 0.5 -> 0 / 60 / 100`.
  static func describe(_ transform: Transform) -> String {
    switch transform {
    case .linear(let low, let high): return "linear \(number(low)) -> \(number(high))"
    case .delta(let days, let low, let high, _): return "delta \(days)d \(number(low)) -> \(number(high))"
    case .bands(let thresholds, let scores):
      return "bands \(thresholds.map(number).joined(separator: " / ")) -> \(scores.map(number).joined(separator: " / "))"
    case .boolean(let trueScore, let falseScore): return "boolean true \(number(trueScore)), false \(number(falseScore))"
    case .category(let labels, let scores, let other):
      return "category " + zip(labels, scores).map { "\($0) \(number($1))" }.joined(separator: " / ") + (other.map { ", other \(number($0))" } ?? "")
    }
  }

  /// A threshold or score as written in a model: shortest round-trip form.
  static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
  }

  /// Every column and horizon with its bins, for scripts; the suggestions
  /// in model JSON form.
  package var json: JSONValue {
    func profileJSON(_ profile: SignalProfile) -> JSONValue {
      .object(JSONObject([
        ("horizon_days", .int(profile.horizon)),
        ("observations", .int(profile.observations)),
        ("present", .int(profile.present)),
        ("coverage", .optional(profile.coverage)),
        ("direction", profile.direction.map { .string($0.rawValue) } ?? .null),
        ("roc_auc", .optional(profile.rocAUC)),
        ("roc_auc_ci95", profile.rocAUCInterval.map { .array([.number($0.lower), .number($0.upper)]) } ?? .null),
        ("information_value", .number(profile.informationValue)),
        ("reading", .string(profile.strength.rawValue)),
        ("bins", .array(profile.bins.bins.enumerated().map { i, bin in
          .object(JSONObject([
            ("lower", .optional(bin.lower)), ("upper", .optional(bin.upper)), ("missing", .bool(bin.isMissing)),
            ("label", profile.labels.flatMap { i < $0.count && !bin.isMissing ? JSONValue.string($0[i]) : nil } ?? .null),
            ("count", .int(bin.count)), ("churned", .int(bin.cases)), ("others_weighted", .number(bin.controls)),
            ("churn_rate", .optional(bin.churnRate)), ("woe", .optional(bin.weightOfEvidence)), ("iv", .number(bin.informationValue)),
          ]))
        })),
        ("cohorts", .array(profile.cohorts.rows.map { row in
          .object(JSONObject([
            ("decile", .int(row.decile)), ("count", .int(row.count)), ("churned", .int(row.churned)),
            ("min", .optional(row.minScore)), ("max", .optional(row.maxScore)), ("churn_rate", .optional(row.churnRate)),
          ]))
        })),
        ("suggested_transform", profile.suggestion.map(HealthModel.json) ?? .null),
      ]))
    }
    return .object(JSONObject([
      ("report", .string("signals")),
      ("schema", .number(1)),
      ("tool", .string("healthcal \(HealthCalVersion.current)")),
      ("design", .string(screen.design.rawValue)),
      ("design_reason", .string(screen.designReason)),
      ("warnings", .array(screen.warnings.map(\.json))),
      ("settings", .object(JSONObject([
        ("max_bins", .int(screen.settings.binning.maximumBins)),
        ("min_bin_share", .number(screen.settings.binning.minimumShare)),
        ("prebins", .int(screen.settings.binning.prebins)),
        ("significance", .number(screen.settings.binning.significance)),
        ("max_correlation", .number(screen.settings.maximumCorrelation)),
      ]))),
      ("columns", .array(screen.columns.map { column in
        .object(JSONObject([
          ("column", .string(column.name)), ("boolean", .bool(column.isBoolean)), ("category", .bool(column.isCategory)),
          ("horizons", .array(column.profiles.map(profileJSON))),
        ]))
      })),
      ("redundant_groups", .array(screen.redundantGroups.map { .array($0.map(JSONValue.string)) })),
      ("model_signals", .array(screen.modelSignals.map { signal in
        .object(JSONObject([
          ("component", .string(signal.component)), ("column", .string(signal.column)),
          ("transform", HealthModel.json(signal.transform)),
          ("higher_is_healthier", signal.higherIsHealthier.map(JSONValue.bool) ?? .null),
          ("direction_agrees", signal.directionAgrees.map(JSONValue.bool) ?? .null),
          ("component_auc", .array(signal.componentAUC.map { .optional($0) })),
          ("component_auc_with_suggestion", .array(signal.componentAUCWithSuggestion.map { .optional($0) })),
          ("horizons", .array(signal.profiles.map(profileJSON))),
        ]))
      })),
    ]))
  }

  /// One row per column and horizon.
  package var csv: String {
    var writer = CSVWriter(header: [
      "column", "horizon_days", "coverage", "direction", "roc_auc", "roc_auc_lower", "roc_auc_upper", "information_value", "reading",
      "bins", "thresholds_or_labels",
    ])
    for column in screen.columns {
      for profile in column.profiles {
        writer.append([
          column.name, "\(profile.horizon)", profile.coverage.map { "\($0)" } ?? "", profile.direction?.rawValue ?? "",
          profile.rocAUC.map { "\($0)" } ?? "", profile.rocAUCInterval.map { "\($0.lower)" } ?? "",
          profile.rocAUCInterval.map { "\($0.upper)" } ?? "", "\(profile.informationValue)", profile.strength.rawValue,
          "\(profile.bins.thresholds.count + 1)",
          profile.labels?.joined(separator: " ") ?? profile.bins.thresholds.map { "\($0)" }.joined(separator: " "),
        ])
      }
    }
    return writer.text
  }
}

extension SignalsReport {
  public static let formats = ReportFormat.allCases

  public func rendered(as format: ReportFormat) -> String {
    switch format {
    case .table: render(.plain)
    case .markdown: render(.markdown)
    case .json: json.reportText
    case .csv: csv
    case .html: SignalsHTMLReport(screen: screen).html
    }
  }
}
