// # Notebook 5: from a raw export to a suggested model to a tuned one
//
// Run with `swift run SignalDiscovery` from the repository root.
//
// A quarterly recalibration has two halves. Reweighting the components the
// model already has is `tune`'s job; before it, the analyst asks which
// columns of the export predict churn, whether the model reads each of them
// the right way round, and where their cut-offs belong. This walk-through
// starts from the CS platform's export as it is (`Fixtures/export/`: "Account
// ID", US dates, percent cells, Won/Lost, a project file mapping them), asks
// `signals` those questions, writes the suggested model, and lets `tune` set
// its weights, with the public API only. CI checks its figures against the CLI.

import Foundation
import HealthCal
import HealthCalFormats

func three(_ value: Double?) -> String { value.map { NumberFormat.fixed($0, digits: 3) } ?? "n/a" }

// ## 1. The export, read through its project file
//
// `healthcal.json` beside the data names the columns and formats. Reading
// every numeric and boolean column (not only the model's) is what lets
// `signals` look beyond the model.
let project = try ProjectFile(path: "Fixtures/export/healthcal.json")
var settings = project.settings.reading(Presets.chs4)
settings.signalColumns = nil
let snapshots = try SnapshotLoader.load(path: project.snapshots!, settings: settings)
let outcomes = try OutcomeLoader.load(path: project.outcomes!, snapshots: snapshots, settings: settings)
print("Export: \(snapshots.fileRowCount) snapshot rows, \(outcomes.count) outcomes, \(outcomes.filter(\.isChurned).count) churned.")
print("Columns that are not numbers, left out: \(snapshots.unreadColumns.keys.sorted().joined(separator: ", ")).")

// ## 2. Which columns predict churn
//
// On the observations the audit compares (the design `auto` picks), every
// column's ROC AUC (0.5 = a coin; below 0.5 means low values go with churn),
// its information value from the optimal monotonic bins, and its reading.
var audit = RunSettings()
audit.bySegment = false
let scorer = try Scorer(model: Presets.chs4, table: snapshots, modelSource: "chs-4")
let screen = SignalScreen(scorer: scorer, outcomes: outcomes, configuration: audit)
print("\nDesign: \(screen.design.rawValue). Columns at 90 days, strongest first:")
for column in screen.columns {
  let profile = column.profiles[0]
  print("  \(column.name): AUC \(three(profile.rocAUC)), IV \(three(profile.informationValue)) (\(profile.strength.description))")
}
print("Redundant groups: \(screen.redundantGroups.isEmpty ? "none" : screen.redundantGroups.map { $0.joined(separator: " + ") }.joined(separator: "; "))")

// ## 3. Does the model read its signals the right way round?
//
// A transform that scores the churn-prone end as healthy hurts its component.
// "unclear" means the AUC's bootstrap interval spans 0.5.
for signal in screen.modelSignals where signal.directionAgrees == false {
  print("\nReversed: \(signal.component)/\(signal.column): the data say \(signal.profiles[0].direction!.rawValue); "
    + "component AUC \(three(signal.componentAUC[0])) now, \(three(signal.componentAUCWithSuggestion[0])) with the suggested transform.")
}

// ## 4. The suggested model
//
// Each point-in-time signal takes its column's suggested cut-offs; columns the
// model ignores with a medium or strong IV would join at weight 0.
let suggested = SuggestedModel(screen: screen, model: Presets.chs4, inputs: [], dataThrough: snapshots.latestDate!)
print("\nSuggested changes: \(suggested.changes.count) (\(suggested.changes.map(\.column).joined(separator: ", "))).")
for change in suggested.changes {
  print("  \(change.component)/\(change.column): \(change.before.map { "\($0.kind)" } ?? "new") -> \(change.after.kind)")
}

// ## 5. Is the suggestion better where it was not fitted?
//
// The cut-offs above were read off every churner, so judging them on the same
// accounts flatters them. Here they are read off the accounts whose outcome
// came before July 2026 only, and both models are audited on the later ones.
let cut = CalendarDate(year: 2026, month: 7, day: 1)!
let earlier = outcomes.filter { ($0.date ?? snapshots.latestDate!) < cut }
let later = outcomes.filter { ($0.date ?? snapshots.latestDate!) >= cut }
let fitted = SuggestedModel(
  screen: SignalScreen(scorer: scorer, outcomes: earlier, configuration: audit), model: Presets.chs4, inputs: [],
  dataThrough: snapshots.latestDate!)
var judge = audit
judge.bootstrapReplicates = 0
print("\nFitted on \(earlier.count) earlier outcomes, judged on \(later.count) later ones (\(later.filter(\.isChurned).count) churned):")
for (name, model) in [("chs-4", Presets.chs4), ("suggested", fitted.model)] {
  let result = Audit(scorer: try Scorer(model: model, table: snapshots, modelSource: name), outcomes: later, configuration: judge)
  print("  \(name): ROC AUC " + result.horizons.map { "\(three($0.overall.rocAUC)) at \($0.horizon)" }.joined(separator: ", ")
    + "; green churn at 90 days \(NumberFormat.percent(result.horizons[0].overall.greenChurn.value))")
}

// ## 6. Weights for it, validated out of sample
//
// The same small search (10-point lattice, 3 folds, 200 paired resamples) on
// the model as it was and on the suggestion: the verdict says whether the
// suggestion's weights beat the current ones where they were not fitted.
for (name, model) in [("chs-4", Presets.chs4), ("suggested", suggested.model)] {
  var tune = TuneConfiguration()
  tune.audit.bySegment = false
  tune.audit.bootstrapReplicates = 200
  tune.step = 10
  tune.validation = .kFold(3)
  let result = try Tuner(scorer: try Scorer(model: model, table: snapshots, modelSource: name), outcomes: outcomes, configuration: tune).run()
  let weights = result.tunedModel.components.map { "\($0.name) \(NumberFormat.fixed($0.weight, digits: 0))" }.joined(separator: ", ")
  print("\nTuning \(name): \(weights)")
  print(result.recommendation)
}
