import HealthCal
import HealthCalFormats

/// A book with one planted predictor, which the search and report tests tune.
package enum PlantedBook {
  /// 400 accounts, one in four churned, as CSV: column `a` separates
  /// churners perfectly, `b` and `c` are noise; `b` is blank on every
  /// `blankB`-th row when given.
  package static func plantedCSV(seed: UInt64, blankB: Int? = nil) -> (csv: String, churned: [Bool]) {
    var generator = SeededGenerator(seed: seed)
    var csv = "account_id,as_of,a,b,c\n"
    var churned: [Bool] = []
    for i in 0..<400 {
      let isChurned = i % 4 == 0
      churned.append(isChurned)
      let a = isChurned ? 0.1 + 0.3 * generator.nextUnit() : 0.5 + 0.5 * generator.nextUnit()
      let b = blankB.map { i % $0 == 0 } ?? false ? "" : "\(generator.nextUnit())"
      csv += "A\(1000 + i),2025-03-01,\(a),\(b),\(generator.nextUnit())\n"
    }
    return (csv, churned)
  }

  /// The planted accounts with one component per column at equal weights.
  package static let planted: (scorer: Scorer, outcomes: [Outcome]) = {
    let (csv, churned) = plantedCSV(seed: 21)
    let table = try! TestData.table(csv)
    let model = HealthModel(name: "abc", components: ["a", "b", "c"].map { name in
      Component(name: name, weight: 100.0 / 3, signals: [Signal(column: name, transform: .linear(low: 0, high: 1))])
    }, bands: Bands(redBelow: 40, greenAtOrAbove: 60))
    let date = CalendarDate(iso: "2025-04-01")!
    let outcomes = (0..<400).map { Outcome(account: table.accountIndex(of: "A\(1000 + $0)")!, kind: churned[$0] ? .churned : .renewed, date: date) }
    return (try! Scorer(model: model, table: table, modelSource: "abc"), outcomes)
  }()

  /// Tuning settings small enough for a unit test.
  package static func configuration(_ objective: Objective.Kind, threads: Int = 2) -> TuneConfiguration {
    var audit = TuneConfiguration.defaultAudit
    audit.horizons = [30]
    audit.bootstrapReplicates = 100
    var configuration = TuneConfiguration(audit: audit)
    configuration.objective = objective
    configuration.step = 10
    configuration.validation = .kFold(4)
    configuration.search.threads = threads
    return configuration
  }
}
