import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats
@testable import HealthCalReports

/// Markdown reports render as intended in GitHub-flavoured Markdown: a line
/// of text right after a table is read as one more row, so every table is
/// followed by a blank line.
@Suite struct MarkdownReportTests {
  /// Lines after a table row that are neither a row nor blank.
  static func swallowedLines(_ markdown: String) -> [String] {
    let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    return zip(lines, lines.dropFirst()).compactMap { line, next in
      line.hasPrefix("|") && !next.hasPrefix("|") && !next.isEmpty ? next : nil
    }
  }

  @Test func auditTablesAreFollowedByABlankLine() throws {
    let audit = try HandAuditBook.audit(horizons: [30, 60])
    let markdown = AuditTextReport(audit: audit, missLimit: 1).render(.markdown)
    #expect(markdown.contains("| horizon"))
    #expect(Self.swallowedLines(markdown).isEmpty, "\(Self.swallowedLines(markdown))")
  }

  @Test func tuneTablesAreFollowedByABlankLine() throws {
    let result = try Tuner(scorer: PlantedBook.planted.scorer, outcomes: PlantedBook.planted.outcomes, configuration: PlantedBook.configuration(.greenChurn)).run()
    let markdown = TuneReport(result: result).render(.markdown)
    #expect(markdown.contains("Bands:"))
    #expect(Self.swallowedLines(markdown).isEmpty, "\(Self.swallowedLines(markdown))")
  }

  /// The tuned model's description states its own weights, not the old ones.
  @Test func aTunedModelDescribesItsTunedWeights() throws {
    let result = try Tuner(scorer: PlantedBook.planted.scorer, outcomes: PlantedBook.planted.outcomes, configuration: PlantedBook.configuration(.auc)).run()
    let weights = result.tunedModel.components.map { "\($0.name) \(Int($0.weight))" }.joined(separator: ", ")
    #expect(result.tunedModel.description == "Tuned from abc by healthcal: \(weights) (component weights of 100).")
  }
}

/// A horizon that cannot compare churned with other accounts says so; it
/// never reads as a clean result.
@Suite struct NotMeasurableTests {
  @Test func aHorizonWithoutBothClassesIsNotMeasurable() throws {
    let audit = try HandAuditBook.audit(horizons: [90, 30])
    let m = audit.horizons[0].overall
    #expect(!m.isMeasurable)
    let text = AuditTextReport(audit: audit).render(.plain)
    #expect(text.contains("90 days: not measurable: \(m.notMeasurableReason!)."))
    #expect(!text.contains("30 days: not measurable"))
    guard case .object(let overall) = m.json else {
      Issue.record("unexpected shape")
      return
    }
    #expect(overall["deciles_monotonic"] == .null)
  }
}

/// Verdicts in the analyst's terms first, the formula's number second.
@Suite struct VerdictWordingTests {
  @Test func gainsAreSaidInChurnedAccountsPerHundred() {
    let objective = Objective(kind: .greenChurn, horizonWeights: [1], alertBudgets: [nil])
    #expect(objective.gainInWords(0.1507) == "about 15.1 of every 100 churned accounts would no longer have been shown green, horizons weighted")
    #expect(objective.gainInWords(-0.02) == "about 2.0 more of every 100 churned accounts would have been shown green, horizons weighted")
    let auc = Objective(kind: .auc, horizonWeights: [1], alertBudgets: [nil])
    #expect(auc.gainInWords(0.0304) == "the ROC AUC would have been higher by 0.030, horizons weighted")
    #expect(!objective.plainDescription.contains("Σ"))
  }

  @Test func theRecommendationLeadsWithTheUnits() throws {
    let result = try Tuner(scorer: PlantedBook.planted.scorer, outcomes: PlantedBook.planted.outcomes, configuration: PlantedBook.configuration(.greenChurn)).run()
    #expect(result.recommendation.contains("of every 100 churned accounts"))
    #expect(result.recommendation.contains("(objective gain "))
  }
}

/// "Recall" names the bands it counts in every report, because audit and
/// tune default to different ones.
@Suite struct FlaggedSetWordingTests {
  @Test func auditAndTuneHeadersNameTheFlaggedBands() throws {
    let red = AuditTextReport(audit: try HandAuditBook.audit(horizons: [30])).render(.plain)
    #expect(red.contains("recall (red)") && !red.contains("at-risk recall"))
    let amber = AuditTextReport(audit: try HandAuditBook.audit(horizons: [30], atRisk: .amber)).render(.plain)
    #expect(amber.contains("recall (red+amber)"))
    let result = try Tuner(scorer: PlantedBook.planted.scorer, outcomes: PlantedBook.planted.outcomes, configuration: PlantedBook.configuration(.greenChurn)).run()
    let tune = TuneReport(result: result).render(.plain)
    #expect(tune.contains("At risk = red+amber") && tune.contains("recall (red+amber)"))
  }
}

/// The folds' weights are shown as what they are: each fold's own choice,
/// beside the fit on all the data, never as a range that reads as an interval.
@Suite struct FoldWeightsWordingTests {
  @Test func eachFoldsChoiceIsListedWithTheReason() throws {
    let result = try Tuner(scorer: PlantedBook.planted.scorer, outcomes: PlantedBook.planted.outcomes, configuration: PlantedBook.configuration(.greenChurn)).run()
    let text = TuneReport(result: result).render(.plain)
    #expect(text.contains("each fold chose") && !text.contains("range across folds"))
    let first = result.foldWeights.map { "\(Int($0[0]))" }.joined(separator: ", ")
    #expect(text.contains(first))
    #expect(text.contains("not an interval around it"))
  }
}

/// "Kept green by" names what lifted a miss above a neutral account, not
/// what merely carries weight.
@Suite struct MissAttributionTests {
  @Test func liftIsPointsAboveANeutralSubScore() {
    // A 40% component at a neutral 50 contributes 20 points and lifts nothing;
    // a 20% component at 90 lifts (90 − 50) × 0.2 = 8.
    let heavy = ComponentContribution(name: "heavy", subScore: 50, share: 0.4, points: 20)
    let light = ComponentContribution(name: "light", subScore: 90, share: 0.2, points: 18)
    let low = ComponentContribution(name: "low", subScore: 30, share: 0.4, points: 12)
    #expect(heavy.pointsAboveNeutral == 0)
    #expect(abs(light.pointsAboveNeutral - 8) < 1e-12)
    #expect(low.pointsAboveNeutral < 0)
    let entry = Miss.Horizon(
      horizon: 90, asOf: CalendarDate(iso: "2025-01-01")!,
      scored: ScoredSnapshot(row: 0, score: 50, band: .amber, contributions: [heavy, light, low]))
    #expect(entry.topContributions.first?.name == "heavy")
    #expect(entry.lifts.map(\.name) == ["light"])
  }
}
