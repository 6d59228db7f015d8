import HealthCal
import HealthCalFormats

/// The book `ModelComparisonTests` compares by hand, which the report tests
/// render.
package enum HandComparisonBook {
  /// Model A scores x, model B scores y (a missing y leaves the account
  /// unscorable by B); the January rows are what the 60-day horizon sees.
  package static let csv = """
    account_id,as_of,x,y
    A,2025-01-15,75,72
    A,2025-03-01,80,40
    B,2025-03-01,60,60
    C,2025-01-15,40,80
    C,2025-03-01,30,75
    D,2025-03-01,90,70
    E,2025-03-01,45,50
    F,2025-03-01,72,65
    G,2025-03-01,20,
    """
  /// Every outcome is on 2025-04-01.
  package static let kinds: [String: Outcome.Kind] = [
    "A": .churned, "B": .churned, "C": .churned, "D": .renewed, "E": .renewed, "F": .renewed, "G": .renewed,
  ]

  /// One component reading `column`; red < 50, green ≥ 70.
  package static func model(_ column: String) -> HealthModel {
    HealthModel(
      name: "linear-\(column)",
      components: [Component(name: column, weight: 100, signals: [Signal(column: column, transform: .linear(low: 0, high: 100))])],
      missing: .renormalize)
  }

  /// The audit of `model` at 60 and 30 days.
  package static func audit(_ model: HealthModel, csv: String = csv) throws -> Audit {
    let table = try TestData.table(csv)
    let date = CalendarDate(iso: "2025-04-01")!
    let outcomes = kinds.keys.sorted().map { Outcome(account: table.accountIndex(of: $0)!, kind: kinds[$0]!, date: date) }
    var configuration = RunSettings()
    configuration.horizons = [60, 30]
    configuration.bootstrapReplicates = 0
    return Audit(scorer: try Scorer(model: model, table: table, modelSource: "m"), outcomes: outcomes, configuration: configuration)
  }

  /// Model A against model B.
  package static func comparison(replicates: Int = 0) throws -> ModelComparison {
    ModelComparison(baseline: try audit(model("x")), candidate: try audit(model("y")), bootstrapReplicates: replicates, seed: 1)
  }
}
