// # Notebook 2: a recalibration with holdout validation and JSON export
//
// Run with `swift run Recalibration` from the repository root.
//
// The quarterly audit (notebook 1) showed that `chs-4` let half of the
// churners look green 90 days out. The analyst's next question: would other
// weights have caught them earlier, without flagging every account, and would
// that hold up on accounts the search never saw? This walk-through fits new
// weights on the outcomes before July, tests them on July to September, and
// writes the tuned model for the CS platform, with the public API only.

import Foundation
import HealthCal
import HealthCalFormats

func percent(_ rate: Rate) -> String {
  "\(NumberFormat.percent(rate.value)) (\(rate.numerator)/\(rate.denominator))"
}

// ## 1. Load the data and bind the current model
let snapshotsPath = "Fixtures/demo/snapshots.csv"
let outcomesPath = "Fixtures/demo/outcomes.csv"
let snapshots = try SnapshotLoader.load(path: snapshotsPath)
let outcomes = try OutcomeLoader.load(path: outcomesPath, snapshots: snapshots)
let scorer = try Scorer(model: Presets.chs4, table: snapshots, modelSource: "chs-4")

// ## 2. Decide what "better" means before looking
//
// The default objective is the audit's headline: minimise the green-churn
// rate, weighting 90 days out most (0.5), then 60 (0.3) and 30 (0.2), while
// no horizon shows more accounts as not green than the current model does.
// Without that budget the search would "win" by painting everything amber.
//
// Validation is time-ordered: fit on outcomes dated before 1 July 2026 and
// test on the rest, as the weights would be used next quarter. (The CLI's
// default, stratified 5-fold cross-validation, uses every churner for testing;
// a holdout answers the more sceptical question "does it transfer forward?")
var configuration = TuneConfiguration()
configuration.audit.observedUntil = snapshots.latestDate
configuration.validation = .holdout(after: CalendarDate(iso: "2026-07-01")!)
let result = try Tuner(scorer: scorer, outcomes: outcomes, configuration: configuration).run()

print("Objective: \(result.objective.formula)")
print("Alert budget (share not green): " + zip(configuration.audit.horizons, result.objective.alertBudgets).map { "\($0) days \(NumberFormat.percent($1))" }.joined(separator: ", "))

// ## 3. What moved
//
// The search is exhaustive on the 5-point lattice (1,771 weightings of four
// components); the winner ranks first by the objective, then by AUC, then by
// how little it moves from today's weights.
print("\nWeights, current → tuned:")
for (c, component) in result.tunedModel.components.enumerated() {
  print("  \(component.name): \(NumberFormat.fixed(result.space.current[c], digits: 0)) → \(NumberFormat.fixed(component.weight, digits: 0))")
}

// ## 4. In-sample flatters; out-of-sample decides
//
// In-sample figures are on the accounts the weights were fitted to, so they
// are optimistic by construction. The held-out rows are the ones to believe.
// The alert budget is met where it was fitted; on new accounts the share not
// green drifts a little either way, which is why it is printed beside the rate.
print("\nGreen-churn rate and share not green, per horizon:")
for (h, horizon) in configuration.audit.horizons.enumerated() {
  for (sample, comparison) in [("fitted on", result.inSample), ("held out", result.outOfSample)] {
    let current = comparison.current[h], tuned = comparison.tuned[h]
    let notGreen = { (m: GroupMetrics) in NumberFormat.percent(m.alertRate.value) }
    print("  \(horizon) days, \(sample): current \(percent(current.greenChurn)) at \(notGreen(current)) not green; tuned \(percent(tuned.greenChurn)) at \(notGreen(tuned)) not green")
  }
}

// ## 5. Is the gain real?
//
// A paired bootstrap resamples the held-out accounts (each keeping its 90-,
// 60- and 30-day scores together), scores both models on the same resample,
// and asks how often the tuned model wins. Only an interval clear of zero
// earns a recommendation to adopt.
if let improvement = result.improvement {
  print("\nHeld-out improvement in the objective: \(NumberFormat.fixed(improvement.estimate, digits: 4)), 95% CI \(NumberFormat.fixed(improvement.lower, digits: 4)) to \(NumberFormat.fixed(improvement.upper, digits: 4)); tuned better in \(NumberFormat.percent(improvement.probabilityPositive)) of resamples.")
}
print(result.recommendation)

// ## 6. Export for the CS platform
//
// The tuned model is the same schema as the input plus a calibration block:
// SHA-256 of both input files, the objective and budgets, the search and the
// before/after metrics, so next quarter's analyst can see where it came from.
let record = CalibrationRecord(
  inputs: [
    try CalibrationRecord.Input(role: "snapshots", path: snapshotsPath, rows: snapshots.rowCount),
    try CalibrationRecord.Input(role: "outcomes", path: outcomesPath, rows: outcomes.count),
  ],
  dataThrough: snapshots.latestDate!, result: result)
let exportPath = ".build/notebooks/chs-4-tuned-holdout.json"
try FileManager.default.createDirectory(atPath: ".build/notebooks", withIntermediateDirectories: true)
try AtomicFile.write(record.model.json.serialized(pretty: true) + "\n", to: exportPath)
print("\nWrote \(exportPath) (inputs fingerprinted: \(record.inputs.map { "\($0.role) \($0.sha256.prefix(12))…" }.joined(separator: ", ")))")

// ## 7. The file loads back and audits like any model
let reloaded = try HealthModel.load(path: exportPath)
let audit = Audit(
  scorer: try Scorer(model: reloaded, table: snapshots, modelSource: exportPath), outcomes: outcomes,
  configuration: RunSettings())
print("Reloaded \(reloaded.name): 90-day green-churn rate on the whole book \(percent(audit.horizons[0].overall.greenChurn)).")

// Next step: `healthcal compare --demo chs-4 .build/notebooks/chs-4-tuned-holdout.json`
// lists every account whose band the new weights would change, for the CS
// leads to sanity-check before the platform admin loads the file.
