import HealthCal
import HealthCalFormats

/// The book of `AuditTests`, counted by hand, which the report tests render.
package enum HandAuditBook {
  /// The hand-computed audit's book. Model: score = x, red < 50, green ≥ 70;
  /// every outcome is on 2025-04-01.
  package static let csv = """
    account_id,as_of,segment,arr,x
    A,2025-03-01,SMB,100,80
    B,2025-01-01,SMB,300,90
    B,2025-02-01,SMB,300,30
    B,2025-03-01,SMB,300,40
    C,2025-03-01,Enterprise,200,60
    D,2025-03-01,Enterprise,50,90
    E,2025-03-01,SMB,,45
    F,2025-03-01,SMB,10,75
    G,2025-01-01,Enterprise,400,20
    H,2025-03-20,SMB,10,99
    I,2025-03-01,SMB,10,50
    """

  /// The hand-computed audit of ``csv`` at `horizons`.
  package static func audit(horizons: [Int], atRisk: AtRiskRule = .red, bootstrap: Int = 0) throws -> Audit {
    let table = try TestData.table(csv)
    let date = CalendarDate(iso: "2025-04-01")!
    let kinds: [String: Outcome.Kind] = ["A": .churned, "B": .churned, "C": .churned, "D": .renewed, "E": .renewed, "F": .renewed, "G": .churned, "H": .renewed]
    let outcomes = kinds.keys.sorted().map { Outcome(account: table.accountIndex(of: $0)!, kind: kinds[$0]!, date: date) }
    var configuration = RunSettings()
    configuration.horizons = horizons
    configuration.atRisk = atRisk
    configuration.bootstrapReplicates = bootstrap
    let scorer = try Scorer(model: TestData.linearModel(), table: table, modelSource: "m")
    return Audit(scorer: scorer, outcomes: outcomes, configuration: configuration)
  }
}
