// # Notebook 3: segment-specific weights, and why one set does not fit both
//
// Run with `swift run SegmentWeights` from the repository root.
//
// SMB accounts churn late and fast: usage collapses a month or two before
// they leave. Enterprise accounts churn early and slowly: the executive
// sponsor stops logging in and the champion leaves long before usage moves.
// One set of weights has to average the two. This walk-through measures how
// differently each segment behaves, shows why the demo book cannot yet
// support Enterprise-specific weights, and tunes per-segment weights on a
// larger synthetic book with the same dynamics. Public API only.

import Foundation
import HealthCal
import HealthCalFormats

func auc(_ m: GroupMetrics) -> String {
  let interval = m.rocAUCInterval.map { " (\(NumberFormat.fixed($0.lower, digits: 2))–\(NumberFormat.fixed($0.upper, digits: 2)))" } ?? ""
  return NumberFormat.number(m.rocAUC, digits: 2) + interval
}

/// The model with all weight on one component: how well that component
/// alone ranks churners.
func only(_ component: Int, of model: HealthModel) -> HealthModel {
  var single = model
  for c in single.components.indices { single.components[c].weight = c == component ? 100 : 0 }
  return single
}

/// Per segment at 90 days: churners scored, green-churn rate, ROC AUC of the
/// model and of each component alone.
func profile(_ snapshots: SnapshotTable, _ outcomes: [Outcome], model: HealthModel, replicates: Int) throws {
  var configuration = RunSettings()
  configuration.horizons = [90]
  configuration.bootstrapReplicates = replicates
  let audit = Audit(scorer: try Scorer(model: model, table: snapshots, modelSource: model.name), outcomes: outcomes, configuration: configuration)
  var componentAUC: [[String: String]] = []
  for c in model.components.indices {
    var quick = configuration
    quick.bootstrapReplicates = 0
    let single = Audit(scorer: try Scorer(model: only(c, of: model), table: snapshots, modelSource: model.name), outcomes: outcomes, configuration: quick)
    componentAUC.append(Dictionary(uniqueKeysWithValues: single.horizons[0].segments.map { ($0.group, NumberFormat.number($0.rocAUC, digits: 2)) }))
  }
  for m in audit.horizons[0].segments {
    print("  \(m.group): \(m.coverage.churnedScored) churners scored; green-churn \(NumberFormat.percent(m.greenChurn.value)); AUC \(auc(m))")
    print("    each component alone: " + model.components.enumerated().map { "\($1.name) \(componentAUC[$0][m.group] ?? "n/a")" }.joined(separator: ", "))
  }
}

// ## 1. The demo book, per segment, 90 days out
//
// An AUC of 0.5 is a coin toss. Read the interval before the point: with a
// handful of churners it spans most of the scale.
let demo = try SnapshotLoader.load(path: "Fixtures/demo/snapshots.csv")
let demoOutcomes = try OutcomeLoader.load(path: "Fixtures/demo/outcomes.csv", snapshots: demo)
print("Demo book, chs-4, 90 days before the outcome:")
try profile(demo, demoOutcomes, model: Presets.chs4, replicates: 1000)

// ## 2. Can the demo support per-segment weights?
//
// `--per-segment` tunes a segment only when it has at least 30 churned
// accounts at every horizon. Fitting four weights to three churners would
// just memorise them; the tuner says so and keeps the global weights there.
var demoConfiguration = TuneConfiguration()
demoConfiguration.audit.observedUntil = demo.latestDate
demoConfiguration.perSegment = true
let demoResult = try Tuner(scorer: try Scorer(model: Presets.chs4, table: demo, modelSource: "chs-4"), outcomes: demoOutcomes, configuration: demoConfiguration).run()
print("\nPer-segment tuning on the demo book:")
for note in demoResult.notes { print("  \(note)") }

// ## 3. A book large enough to ask the question
//
// The same generator with 6,000 accounts: same segment mix and dynamics, so
// Enterprise now has a few dozen churners.
let bookDirectory = ".build/notebooks/book-6000"
try SyntheticBook(configuration: SyntheticBookConfiguration(accounts: 6000, months: 12, seed: 2026)).write(to: bookDirectory)
let book = try SnapshotLoader.load(path: "\(bookDirectory)/snapshots.csv")
let bookOutcomes = try OutcomeLoader.load(path: "\(bookDirectory)/outcomes.csv", snapshots: book)
print("\nSynthetic book of 6,000 accounts, chs-4, 90 days before the outcome:")
try profile(book, bookOutcomes, model: Presets.chs4, replicates: 200)

// The component-alone AUCs are the argument. Ninety days out, relationship
// depth already ranks Enterprise churners well, because their sponsors drift
// away early; for SMB every component is close to a coin, because SMB
// accounts still look healthy three months before they leave. The segments
// differ less in *which* component matters than in *when* it starts to
// matter: weights tuned on the pooled book are dominated by SMB's many
// churners and under-use the early signal Enterprise offers.

// ## 4. Global weights vs per-segment weights, validated
//
// The objective here is ranking (horizon-weighted ROC AUC), the clearest way
// to ask "which signals matter in this segment"; the bands are then re-fitted
// to keep today's workload. Both runs use 5-fold cross-validation, so the
// out-of-sample AUCs are comparable.
var global = TuneConfiguration()
global.audit.observedUntil = book.latestDate
global.audit.bootstrapReplicates = 200
global.objective = .auc
var perSegment = global
perSegment.perSegment = true
let bookScorer = try Scorer(model: Presets.chs4, table: book, modelSource: "chs-4")
let globalResult = try Tuner(scorer: bookScorer, outcomes: bookOutcomes, configuration: global).run()
let segmentResult = try Tuner(scorer: bookScorer, outcomes: bookOutcomes, configuration: perSegment).run()

let names = Presets.chs4.components.map(\.name)
print("\nGlobal weights: " + zip(names, globalResult.tunedModel.components).map { "\($0) \(NumberFormat.fixed($1.weight, digits: 0))" }.joined(separator: ", "))
for override in segmentResult.tunedModel.segments {
  print("\(override.segment) weights: " + names.map { "\($0) \(NumberFormat.fixed(override.weights[$0] ?? 0, digits: 0))" }.joined(separator: ", "))
}
print("\nOut-of-sample ROC AUC (all accounts), current → global → per-segment:")
for (h, horizon) in global.audit.horizons.enumerated() {
  let current = globalResult.outOfSample.current[h]
  print("  \(horizon) days: \(auc(current)) → \(auc(globalResult.outOfSample.tuned[h])) → \(auc(segmentResult.outOfSample.tuned[h]))")
}
for note in segmentResult.notes { print("  \(note)") }
print("Per-segment vs current: " + segmentResult.recommendation)

// ## 5. Reading it
//
// Both tuned models beat `chs-4` clearly. Per-segment weights move
// Enterprise towards support and away from the pooled optimum, but on this
// book their out-of-sample AUC is within the intervals of the single tuned
// set: the extra parameters buy no measurable ranking. Per-segment weights are
// worth their complexity only when each segment has enough churners to fit
// them (the notes above say which did) and the out-of-sample gain over one
// tuned set is clear of the noise. Here: ship one set of weights, and give
// Enterprise an earlier review cadence instead, since its signal arrives
// earlier. Revisit when the book has grown.
