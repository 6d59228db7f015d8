// # Notebook 1: the quarterly audit of green churners
//
// Run with `swift run QuarterlyAudit` from the repository root.
//
// A CS-ops analyst has last quarter's account snapshots and the list of
// accounts that churned or renewed. The question from the VP of Customer
// Success is blunt: "Of the accounts that left, how many did our health score
// show green 90, 60 and 30 days before they went?" This walk-through answers
// it with the public HealthCal API only, on the bundled demo book.

import Foundation
import HealthCal
import HealthCalFormats

func percent(_ rate: Rate) -> String {
  "\(NumberFormat.percent(rate.value)) (\(rate.numerator) of \(rate.denominator))"
}

// ## 1. Load the data
//
// Snapshots are one row per account per month; outcomes say who churned and
// when. Loading checks every cell: a bad date or a duplicate row stops here
// with the file, line and column, rather than skewing a number later.
let snapshots = try SnapshotLoader.load(path: "Fixtures/demo/snapshots.csv")
let outcomes = try OutcomeLoader.load(path: "Fixtures/demo/outcomes.csv", snapshots: snapshots)
print("Loaded \(snapshots.rowCount) snapshots of \(snapshots.accountIDs.count) accounts; \(outcomes.filter(\.isChurned).count) of \(outcomes.count) outcomes are churn.")

// ## 2. Score with the model the team runs today
//
// `chs-4` is the classic hand-set weighting: product engagement 40, support
// health 20, relationship depth 25, NPS/CSAT trend 15. Nobody has checked it.
let model = Presets.chs4
let scorer = try Scorer(model: model, table: snapshots, modelSource: model.name)
let audit = Audit(scorer: scorer, outcomes: outcomes, configuration: RunSettings())

// ## 3. The headline: churned accounts that were green
//
// The green-churn rate is over churned accounts that *could be scored* at that
// horizon; accounts with no snapshot in the window are coverage gaps, counted
// separately, never silently dropped.
print("\nGreen-churn rate (churned accounts shown green), with 95% Wilson intervals:")
for result in audit.horizons {
  let m = result.overall
  let interval = m.greenChurn.interval.map { "\(NumberFormat.percent($0.lower))–\(NumberFormat.percent($0.upper))" } ?? "n/a"
  print("  \(result.horizon) days before churn: \(percent(m.greenChurn)), CI \(interval); \(m.coverage.churnedUnscored) churned accounts unscored")
}

// ## 4. Is the score any good at ranking risk?
//
// A threshold-free view: ROC AUC is the chance that a random churned account
// scored lower than a random renewed one (ties count half). 0.5 is a coin.
print("\nROC AUC by horizon (bootstrap 95% interval):")
for result in audit.horizons {
  let m = result.overall
  let interval = m.rocAUCInterval.map { "\(NumberFormat.fixed($0.lower, digits: 3))–\(NumberFormat.fixed($0.upper, digits: 3))" } ?? "n/a"
  print("  \(result.horizon) days: \(NumberFormat.number(m.rocAUC, digits: 3)) (\(interval))")
}

// The score gets better as churn approaches, which is exactly the problem:
// by 30 days out, the intervention window has mostly closed.

// ## 5. The dollars
let ninety = audit.horizons[0].overall
print("\nAt 90 days, \(NumberFormat.money(ninety.greenChurnARR.numerator)) of \(NumberFormat.money(ninety.greenChurnARR.denominator)) churned ARR (\(NumberFormat.percent(ninety.greenChurnARR.value))) was shown green.")

// ## 6. Who, and what kept them green
//
// The miss list is every churned account that was green at any horizon,
// largest ARR first, with the components that lifted it most above a neutral
// account: a component's sub-score above 50 times its share. (Ranking by raw
// points would mostly restate the weights: a 40% component at a neutral 50
// contributes 20 points and explains nothing.)
print("\nLargest misses:")
for miss in audit.misses.prefix(5) {
  guard let green = miss.horizons.first(where: { $0.scored.band == .green }) else { continue }
  let top = green.lifts.prefix(2).map { "\($0.name) +\(NumberFormat.fixed($0.pointsAboveNeutral, digits: 1)) pts" }.joined(separator: ", ")
  print("  \(miss.accountID) (\(miss.segment ?? "-"), ARR \(NumberFormat.money(miss.arr))): green \(green.horizon) days out at \(NumberFormat.fixed(green.scored.score, digits: 1)); kept green by \(top)")
}

// ## 7. What to take to the VP
//
// The miss list says which components carried the points that kept churners
// green. Whether other weights would have caught them earlier, without
// flagging every account, is a question for a recalibration with held-out
// validation, not for eyeballing this list.
print("\n\(audit.misses.count) churned accounts were green at one or more horizons; lead time median \(audit.leadTime.medianDays.map { NumberFormat.fixed($0, digits: 0) } ?? "n/a") days.")
