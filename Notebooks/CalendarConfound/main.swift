// # Notebook 4: a book built to fool the audit, and how healthcal refuses to be fooled
//
// Run with `swift run CalendarConfound` from the repository root.
//
// Many CRM exports say "renewed" for every account still active at the end of
// the export, with no renewal date. healthcal then scores each renewed
// account at the end of the window and each churned account throughout it,
// and any column that moves with the calendar separates the two groups
// without saying anything about health. This walk-through plants exactly that
// confound in a synthetic book (undated renewals, and a `tenure_days` column
// drawn independently of churn), then shows what the renewal design, the
// calendar check, the leakage screen, the landmark design and the tuner's
// verdict make of it, with the public API only.

import Foundation
import HealthCal
import HealthCalFormats

func two(_ value: Double?) -> String { value.map { NumberFormat.fixed($0, digits: 2) } ?? "n/a" }

// ## 1. The book: 400 accounts, 12 months, renewals undated, tenure planted
var recipe = SyntheticBookConfiguration(accounts: 400, seed: 7)
recipe.calendarConfound = true
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("healthcal-notebook-confound").path
try SyntheticBook(configuration: recipe).write(to: directory)
let snapshots = try SnapshotLoader.load(path: "\(directory)/snapshots.csv")
let outcomes = try OutcomeLoader.load(path: "\(directory)/outcomes.csv", snapshots: snapshots)
let model = try HealthModel.load(path: "Fixtures/models/chs-4-tenure.json")
let scorer = try Scorer(model: model, table: snapshots, modelSource: "chs-4-tenure")
print("Book: \(outcomes.count) accounts, \(outcomes.filter(\.isChurned).count) churned; model \(model.name) (tenure weighs 10 of 100).")

// ## 2. The renewal design: each account scored 90/60/30 days before its own outcome
//
// The calendar check measures how well the scoring date alone separates the
// churned accounts: an AUC near 1 means renewed accounts were all scored later.
var settings = RunSettings()
settings.bootstrapReplicates = 0
settings.design = .renewal
let renewal = Audit(scorer: scorer, outcomes: outcomes, configuration: settings)
for check in renewal.calendarCheck.horizons {
  print("\(check.horizon) days: date AUC \(two(check.dateAUC)); median scored date churned \(check.churnedMedian!), others \(check.otherMedian!)")
}
print("Renewal design, model ROC AUC by horizon: " + renewal.horizons.map { two($0.overall.rocAUC) }.joined(separator: " / "))

// ## 3. The default: `auto` sees the failed check and compares at matched dates
//
// At each landmark (snapshot date), a churned account scored there is compared
// only with accounts scored the same day that were still customers h days
// later. The leakage screen names every column whose separation vanishes at
// matched dates.
settings.design = .auto
let audit = Audit(scorer: scorer, outcomes: outcomes, configuration: settings)
print("\nDesign: \(audit.design.rawValue): \(audit.designReason)")
print("Landmark design, model ROC AUC by horizon: " + audit.horizons.map { two($0.overall.rocAUC) }.joined(separator: " / "))
for warning in audit.warnings where warning.kind == .leakage { print("warning: \(warning.message)") }
print("Green churn is the same in both designs (it involves churned accounts only): "
  + zip(renewal.horizons, audit.horizons).map { "\(NumberFormat.percent($0.overall.greenChurn.value)) = \(NumberFormat.percent($1.overall.greenChurn.value))" }.joined(separator: ", "))

// ## 4. Recalibrating on each design
//
// A small search (10-point lattice, 3 folds) is enough to see the difference:
// on the renewal design the search moves weight onto tenure and the paired
// bootstrap calls the gain certain; the verdict refuses it. On the landmark
// design tenure may not gain weight, and any gain left is time-matched.
for design in [DesignChoice.renewal, .auto] {
  var tune = TuneConfiguration()
  tune.audit.design = design
  tune.audit.bootstrapReplicates = 200
  tune.step = 10
  tune.validation = .kFold(3)
  let result = try Tuner(scorer: scorer, outcomes: outcomes, configuration: tune).run()
  let tenure = result.tunedModel.components.first { $0.name == "tenure" }!.weight
  print("\n--design \(design.rawValue) (\(result.plan.design.rawValue) ran): tenure weight 10 → \(NumberFormat.fixed(tenure, digits: 0))")
  print(result.recommendation)
}
try? FileManager.default.removeItem(atPath: directory)
