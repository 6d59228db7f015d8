import HealthCal
import HealthCalFormats

/// A model comparison as a human-readable report: aligned tables for a
/// terminal, or the same tables as Markdown.
///
/// Differences are printed as B − A with an explicit sign, rates in
/// percentage points ("pp") so a change of a rate is not mistaken for a
/// relative change. The "P(B better)" column is the bootstrap share of
/// resamples in which B beat A (ties counting half), read in each metric's
/// own direction: lower for the green-churn rate, higher for AUC.
package struct ComparisonTextReport: Sendable {
  /// The comparison to render.
  package var comparison: ModelComparison
  /// How many band changes to list (the JSON report has all of them).
  package var changeLimit: Int

  /// Creates a report.
  package init(comparison: ModelComparison, changeLimit: Int = 20) {
    self.comparison = comparison
    self.changeLimit = changeLimit
  }

  /// The rendered report.
  package func render(_ style: TextStyle) -> String {
    var out = ""
    func heading(_ text: String) { out += style.heading(text) }
    func table(_ table: TextTable) { out += style.render(table) }
    let c = comparison
    let title = "healthcal compare: A = \(c.baselineName), B = \(c.candidateName)"
    out += style == .markdown ? "# \(title)\n\n" : "\(title)\n"
    out += "Snapshots: \(c.snapshotsFile) (\(c.accountCount) accounts, \(c.snapshotCount) rows). "
    out += "Outcomes: \(c.outcomeCount) accounts, \(c.churnedCount) churned; renewals without a date observed until \(c.observedUntil).\n"
    out += "At risk = \(c.configuration.atRisk == .red ? "red" : "red or amber"). "
    out += "Every figure is on the accounts both models scored; differences are B − A"
    out += c.bootstrapReplicates > 0
      ? ", with paired percentile bootstrap 95% intervals (\(c.bootstrapReplicates) resamples, seed \(c.seed)).\n" : ".\n"
    out += AuditTextReport.designLines(design: c.design, reason: c.designReason, spacing: c.configuration.landmarkSpacing)
    out += AuditTextReport.warningLines(c.warnings, style: style)

    heading("Green-churn rate by horizon (lower is better)")
    var green = TextTable(headers: ["horizon", "scored A/B/both", "A", "B", "B − A", "95% CI", "P(B better)"])
    for h in c.horizons {
      let bootstrap = h.greenChurnDifference
      green.append([
        "\(h.horizon) days", "\(h.scoredByBaseline)/\(h.scoredByCandidate)/\(h.scoredByBoth)",
        Self.rate(h.baseline.greenChurn), Self.rate(h.candidate.greenChurn),
        Self.points(h.greenChurnChange), Self.pointsInterval(bootstrap),
        NumberFormat.percent(bootstrap.map { 1 - $0.probabilityPositive }),
      ])
    }
    table(green)

    heading("ROC AUC by horizon (higher is better)")
    var auc = TextTable(headers: ["horizon", "A", "B", "B − A", "95% CI", "P(B better)"])
    for h in c.horizons {
      let bootstrap = h.rocAUCDifference
      auc.append([
        "\(h.horizon) days", NumberFormat.number(h.baseline.rocAUC, digits: 3),
        NumberFormat.number(h.candidate.rocAUC, digits: 3), Self.signed(h.rocAUCChange, digits: 3),
        bootstrap.map { "\(Self.signed($0.lower, digits: 3)) to \(Self.signed($0.upper, digits: 3))" } ?? "n/a",
        NumberFormat.percent(bootstrap?.probabilityPositive),
      ])
    }
    table(auc)

    heading("Flags at the band cut-offs")
    var flags = TextTable(headers: [
      "horizon", "recall (\(c.configuration.atRisk.flaggedBands)) A", "B", "false alarms A", "B", "alert rate A", "B",
    ])
    for h in c.horizons {
      flags.append([
        "\(h.horizon) days", Self.rate(h.baseline.atRiskRecall), Self.rate(h.candidate.atRiskRecall),
        NumberFormat.percent(h.baseline.falseAlarmRate.value), NumberFormat.percent(h.candidate.falseAlarmRate.value),
        NumberFormat.percent(h.baseline.alertRate.value), NumberFormat.percent(h.candidate.alertRate.value),
      ])
    }
    table(flags)

    heading("Band changes (B's band differs from A's)")
    var summary = TextTable(headers: [
      "horizon", "changed", "churned: green → not", "churned: not → green", "churned: red ↔ amber", "renewed: newly flagged",
      "renewed: unflagged", "renewed: flag unchanged",
    ])
    for h in c.horizons {
      let parts = c.bandChangeBreakdown(horizon: h.horizon)
      summary.append([
        "\(h.horizon) days", "\(h.bandChangeCount)", "\(parts.churnedLeftGreen)", "\(parts.churnedBecameGreen)", "\(parts.churnedOther)",
        "\(parts.otherNewlyFlagged)", "\(parts.otherUnflagged)", "\(parts.otherUnchangedFlag)",
      ])
    }
    table(summary)
    if c.bandChanges.isEmpty {
      out += "No account changed band.\n"
    } else {
      out += "\nAccounts that changed band, by horizon then account id:\n" + (style == .markdown ? "\n" : "")
      var list = TextTable(
        headers: ["horizon", "account", "outcome", "score A", "band A", "score B", "band B"],
        alignments: [.left, .left, .left, .right, .left, .right, .left])
      for change in c.bandChanges.prefix(changeLimit) {
        list.append([
          "\(change.horizon) days", change.accountID + (change.landmark.map { " at \($0)" } ?? ""),
          change.landmark == nil ? (change.isChurned ? "churned" : "renewed") : (change.isChurned ? "churned h days later" : "still a customer"),
          NumberFormat.fixed(change.baselineScore, digits: 1), change.baselineBand.rawValue,
          NumberFormat.fixed(change.candidateScore, digits: 1), change.candidateBand.rawValue,
        ])
      }
      table(list)
      if c.bandChanges.count > changeLimit {
        out += "… and \(c.bandChanges.count - changeLimit) more (\(c.bandChanges.count) in all); --format json lists every one.\n"
      }
    }
    return out
  }

  /// `25.0% (30/120)`, or `n/a`.
  private static func rate(_ rate: Rate) -> String {
    "\(NumberFormat.percent(rate.value)) (\(rate.numerator)/\(rate.denominator))"
  }

  /// A difference of proportions in percentage points with a sign: `-5.0 pp`.
  private static func points(_ value: Double?) -> String {
    guard let value else { return "n/a" }
    return signed(value * 100, digits: 1) + " pp"
  }

  /// The bootstrap interval of a difference of proportions: `-9.2 to -0.8 pp`.
  private static func pointsInterval(_ bootstrap: PairedBootstrap?) -> String {
    guard let bootstrap else { return "n/a" }
    return "\(signed(bootstrap.lower * 100, digits: 1)) to \(signed(bootstrap.upper * 100, digits: 1)) pp"
  }

  /// `value` with `digits` decimals and a `+` when it rounds to a positive
  /// number, so a gain reads as one; a value that rounds to zero prints bare.
  private static func signed(_ value: Double?, digits: Int) -> String {
    guard let value else { return "n/a" }
    let text = NumberFormat.fixed(value, digits: digits)
    return value > 0 && text != NumberFormat.fixed(0, digits: digits) ? "+" + text : text
  }
}
