import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

/// The audit recovers what the synthetic generator planted.
@Suite struct PlantedTruthTests {
  /// A 3,000-account book written and read back through the real loaders.
  static let book: (table: SnapshotTable, outcomes: [Outcome]) = {
    let directory = try! TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try! SyntheticBook(configuration: SyntheticBookConfiguration(accounts: 3000, months: 12, seed: 99)).write(to: directory.path)
    let table = try! SnapshotLoader.load(path: directory.appendingPathComponent("snapshots.csv").path)
    let outcomes = try! OutcomeLoader.load(path: directory.appendingPathComponent("outcomes.csv").path, snapshots: table)
    return (table, outcomes)
  }()

  static func audit(_ model: HealthModel, table: SnapshotTable = book.table) throws -> Audit {
    var configuration = RunSettings()
    configuration.bootstrapReplicates = 200
    return Audit(scorer: try Scorer(model: model, table: table, modelSource: model.name), outcomes: book.outcomes, configuration: configuration)
  }

  /// A model on the signals the generator degrades before churn.
  static let degradingSignals = HealthModel(
    name: "degrading",
    components: [
      Component(name: "usage", weight: 50, signals: [
        Signal(column: "dau_mau", transform: .linear(low: 0.15, high: 0.55)),
        Signal(column: "feature_adoption", transform: .linear(low: 0.25, high: 0.75)),
        Signal(column: "license_utilization", transform: .linear(low: 0.5, high: 1.0)),
      ]),
      Component(name: "relationship", weight: 50, signals: [
        Signal(column: "exec_login_days", transform: .linear(low: 0, high: 10)),
        Signal(column: "qbr_scheduled", transform: .boolean(trueScore: 100, falseScore: 50)),
      ]),
    ])

  @Test func degradingSignalsSeparateChurnersBetterAt30DaysThanAt90() throws {
    let audit = try Self.audit(Self.degradingSignals)
    let auc = audit.horizons.map { try! #require($0.overall.rocAUC) }
    #expect(audit.configuration.horizons == [90, 60, 30])
    #expect(auc[2] > auc[0] + 0.15, "AUC 90/60/30: \(auc)")
    #expect(auc[1] > auc[0])
    #expect(auc[2] > 0.8)
    #expect(audit.horizons[2].overall.greenChurn.value! < audit.horizons[0].overall.greenChurn.value!)
  }

  @Test func aModelOnNoiseHasAnAUCOfAboutOneHalf() throws {
    var table = Self.book.table
    var generator = SeededGenerator(seed: 4)
    let width = table.signalNames.count
    var values: [Double] = []
    values.reserveCapacity(table.rowCount * (width + 1))
    for row in 0..<table.rowCount {
      values.append(contentsOf: table.values[(row * width)..<(row * width + width)])
      values.append(generator.nextUnit())
    }
    table.signalNames.append("noise")
    table.categories.append(nil)
    table.values = values
    let model = HealthModel(name: "noise", components: [
      Component(name: "noise", weight: 100, signals: [Signal(column: "noise", transform: .linear(low: 0, high: 1))])
    ])
    let audit = try Self.audit(model, table: table)
    for result in audit.horizons {
      let auc = try #require(result.overall.rocAUC)
      #expect(abs(auc - 0.5) < 0.06, "\(result.horizon) days: AUC \(auc)")
      let interval = try #require(result.overall.rocAUCInterval)
      #expect(interval.lower < 0.5 && 0.5 < interval.upper || abs(auc - 0.5) < 0.03)
    }
  }

  @Test func everyChurnedAccountIsScoredOrCountedAsAGap() throws {
    let audit = try Self.audit(Presets.chs4)
    let churned = Self.book.outcomes.filter(\.isChurned).count
    for result in audit.horizons {
      let coverage = result.overall.coverage
      #expect(coverage.churnedScored + coverage.churnedUnscored == churned)
      #expect(coverage.outcomes == Self.book.outcomes.count)
    }
  }
}
