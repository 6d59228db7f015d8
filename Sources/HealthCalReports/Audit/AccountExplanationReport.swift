import HealthCal
import HealthCalFormats

/// `audit --explain` as terminal text: one block per horizon with the
/// component and signal breakdown and what would have changed the band.
public struct AccountExplanationReport: Report {
  /// The explanation to render.
  public var explanation: AccountExplanation

  /// Creates a report.
  public init(explanation: AccountExplanation) {
    self.explanation = explanation
  }

  public static let formats: [ReportFormat] = [.table]

  public func rendered(as format: ReportFormat) -> String {
    precondition(format == .table, "an explanation is terminal text only")
    let e = explanation
    var out = "healthcal explain: account \(e.accountID), model \(e.modelName)\n"
    var facts: [String] = []
    if let segment = e.segment { facts.append("segment \(segment)") }
    if let arr = e.arr { facts.append("ARR \(NumberFormat.money(arr))") }
    switch (e.outcome?.kind, e.outcome?.date) {
    case (.churned?, let date?): facts.append("churned on \(date)")
    case (.renewed?, let date?): facts.append("renewed on \(date)")
    case (.renewed?, nil): facts.append("renewed, observed until \(e.referenceDate)")
    default: facts.append("no outcome; horizons count back from \(e.referenceDate)")
    }
    out += facts.joined(separator: ", ") + ".\n"

    for horizon in e.horizons {
      out += "\n\(horizon.horizon) days before (\(horizon.targetDate)): "
      guard let scored = horizon.scored, let snapshot = horizon.snapshotDate else {
        out += Self.gapText(horizon) + "\n"
        continue
      }
      let bands = horizon.bands
      out += "snapshot \(snapshot), score \(NumberFormat.fixed(scored.score, digits: 1)), \(scored.band.rawValue.uppercased())"
      out += " (red below \(Self.points(bands.redBelow)), green at or above \(Self.points(bands.greenAtOrAbove)))\n"
      var table = TextTable(
        headers: ["component / signal", "raw value", "sub-score", "share", "points"],
        alignments: [.left, .right, .right, .right, .right])
      for component in horizon.components {
        let c = component.contribution
        table.append([
          c.name, "", NumberFormat.number(c.subScore, digits: 1), NumberFormat.percent(c.share), NumberFormat.fixed(c.points, digits: 1),
        ])
        for signal in component.signals {
          table.append([
            "  " + signal.column, Self.raw(signal), signal.subScore.map { NumberFormat.fixed($0, digits: 1) } ?? "left out",
            NumberFormat.percent(signal.share), "",
          ])
        }
      }
      out += table.renderPlain()
      out += "Signal share is within its component; component points add up to the score.\n"
      for shift in horizon.shifts { out += Self.shiftText(shift) }
    }
    return out
  }

  /// Why a horizon has no score.
  static func gapText(_ horizon: AccountExplanation.Horizon) -> String {
    switch horizon.gap {
    case .noSnapshotYet?: return "not scored: no snapshot on or before this date."
    case .stale?: return "not scored: the latest snapshot before this date is older than the staleness limit."
    case .unscorable?: return "not scored: snapshot \(horizon.snapshotDate?.description ?? "") has no usable signal."
    case nil: return "not scored."
    }
  }

  /// What would have moved the score into `shift.band`.
  static func shiftText(_ shift: AccountExplanation.BandShift) -> String {
    let falls = shift.scoreChange < 0
    var out = "To turn \(shift.band.rawValue): the score would have had to "
    out += falls
      ? "fall by more than \(NumberFormat.fixed(-shift.scoreChange, digits: 1)) points (below \(points(shift.cutOff))).\n"
      : "rise by at least \(NumberFormat.fixed(shift.scoreChange, digits: 1)) points (to \(points(shift.cutOff))).\n"
    if shift.levers.isEmpty {
      out += "  No single component could do it alone; it would take several moving together.\n"
    } else {
      for lever in shift.levers {
        out += "  \(lever.component) alone: sub-score \(falls ? "below" : "at least") \(NumberFormat.fixed(lever.requiredSubScore, digits: 1)) (now \(NumberFormat.fixed(lever.currentSubScore, digits: 1))).\n"
      }
    }
    return out
  }

  /// A signal's raw value as read: `yes`/`no` for booleans, a signed change
  /// with its look-back for trajectories, the label for categories (marked
  /// when the model scores it as `other`), `missing` when absent.
  static func raw(_ signal: AccountExplanation.SignalDetail) -> String {
    guard let value = signal.rawValue else { return "missing" }
    switch signal.transform {
    case .boolean: return value != 0 ? "yes" : "no"
    case .delta(let days, _, _, _): return (value > 0 ? "+" : "") + trimmed(value) + " over \(days)d"
    case .linear, .bands: return trimmed(value)
    case .category(let labels, _, _):
      let label = signal.label ?? "?"
      return Int(value) < labels.count ? label : "\(label) (other)"
    }
  }

  /// A value with up to three decimals, trailing zeros dropped.
  static func trimmed(_ value: Double) -> String {
    var text = NumberFormat.fixed(value, digits: 3)
    while text.contains("."), text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text == "-0" ? "0" : text
  }

  /// A cut-off as written in the model.
  static func points(_ value: Double) -> String {
    ScoreDistributionChart.cutLabel(value)
  }
}
