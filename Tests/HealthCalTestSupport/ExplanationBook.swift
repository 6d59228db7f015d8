import HealthCal
import HealthCalFormats

/// The book `AccountExplanationTests` explains by hand, which the report
/// tests render.
package enum ExplanationBook {
  /// Four churned accounts on 2025-04-01.
  package static let csv = """
    account_id,as_of,segment,arr,x,y,z
    acme,2025-03-01,SMB,1200,90,80,1
    bolt,2025-03-01,SMB,,0,0,0
    core,2025-03-01,SMB,,60,,0
    dale,2025-03-01,SMB,,60,60,1
    """

  /// Component a (weight 60) reads x; component b (weight 40) averages y and
  /// a boolean z; red < 50, green ≥ 70.
  package static let model = HealthModel(
    name: "two-part",
    components: [
      Component(name: "a", weight: 60, signals: [Signal(column: "x", transform: .linear(low: 0, high: 100))]),
      Component(name: "b", weight: 40, signals: [
        Signal(column: "y", transform: .linear(low: 0, high: 100)),
        Signal(column: "z", transform: .boolean(trueScore: 100, falseScore: 0)),
      ]),
    ],
    missing: .renormalize,
    bands: Bands(redBelow: 50, greenAtOrAbove: 70))

  /// The explanation of account `id` at `horizons`.
  package static func explain(_ id: String, horizons: [Int] = [90, 30]) throws -> AccountExplanation {
    let table = try TestData.table(csv)
    let date = CalendarDate(iso: "2025-04-01")!
    let outcomes = ["acme", "bolt", "core", "dale"].map { Outcome(account: table.accountIndex(of: $0)!, kind: .churned, date: date) }
    var configuration = RunSettings()
    configuration.horizons = horizons
    let scorer = try Scorer(model: model, table: table, modelSource: "m")
    return try AccountExplanation(accountID: id, scorer: scorer, outcomes: outcomes, configuration: configuration)
  }
}
