import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

/// `signals` on books with planted truth.
@Suite struct SignalScreenTests {
  /// 3,000 accounts, one snapshot each on the same day, outcomes 40 days
  /// later. Churn rises as `strong` falls (steeply) and as `medium` falls
  /// (gently), and as `reversed` rises; `noise` carries nothing and
  /// `duplicate` is `strong` in other units.
  static func plantedBook(seed: UInt64 = 2026) throws -> (table: SnapshotTable, outcomes: [Outcome]) {
    var generator = SeededGenerator(seed: seed)
    var csv = "account_id,as_of,strong,medium,noise,duplicate,reversed\n"
    var churned: [Bool] = []
    for a in 0..<3_000 {
      let strong = Double.random(in: 0..<1, using: &generator)
      let medium = Double.random(in: 0..<1, using: &generator)
      let noise = Double.random(in: 0..<1, using: &generator)
      let reversed = Double(Int.random(in: 0...10, using: &generator))
      let p = 0.02 + 0.4 * (1 - strong) * (1 - strong) + 0.35 * (1 - medium) + 0.2 * reversed / 10
      churned.append(Double.random(in: 0..<1, using: &generator) < p)
      let duplicate = (strong * 1_000).rounded() + Double(Int.random(in: 0...2, using: &generator))
      csv += "A\(a),2025-01-01,\(strong),\(medium),\(noise),\(duplicate),\(reversed)\n"
    }
    let table = try TestData.table(csv)
    let outcomes = churned.enumerated().map { a, churn in
      Outcome(account: table.accountIndex(of: "A\(a)")!, kind: churn ? .churned : .renewed, date: CalendarDate(year: 2025, month: 2, day: 10))
    }
    return (table, outcomes)
  }

  /// The model reads `strong` the right way round and `reversed` the wrong way.
  static let model = HealthModel(
    name: "planted",
    components: [
      Component(name: "usage", weight: 60, signals: [Signal(column: "strong", transform: .linear(low: 0, high: 1))]),
      Component(name: "load", weight: 40, signals: [Signal(column: "reversed", transform: .linear(low: 0, high: 10))]),
    ],
    bands: Bands(redBelow: 40, greenAtOrAbove: 60))

  static func screen() throws -> SignalScreen {
    let (table, outcomes) = try plantedBook()
    var configuration = RunSettings()
    configuration.horizons = [30]
    configuration.bootstrapReplicates = 200
    return SignalScreen(scorer: try Scorer(model: model, table: table, modelSource: "planted"), outcomes: outcomes, configuration: configuration)
  }

  @Test func ranksPlantedSignalsInOrder() throws {
    let screen = try Self.screen()
    #expect(screen.design == .renewal)
    let names = screen.columns.map(\.name)
    #expect(Set(names.prefix(2)) == ["strong", "duplicate"])
    #expect(names.suffix(1) == ["noise"])
    let noise = screen.columns.last!.profiles[0]
    #expect(noise.separation < 0.05 && noise.strength == .useless && noise.suggestion == nil)
    let strong = screen.columns[0].profiles[0]
    #expect(strong.direction == .lowerMeansChurn && strong.rocAUCInterval!.upper < 0.5)
    #expect(strong.bins.thresholds.count >= 2)
  }

  @Test func flagsTheDuplicate() throws {
    #expect(try Self.screen().redundantGroups.map(Set.init) == [["strong", "duplicate"]])
  }

  @Test func flagsTheReversedDirection() throws {
    let checks = try Self.screen().modelSignals
    #expect(checks.map(\.column) == ["strong", "reversed"])
    #expect(checks[0].directionAgrees == true)
    #expect(checks[1].directionAgrees == false)
    #expect(checks[1].profiles[0].direction == .higherMeansChurn)
    // The suggested transform turns the reversed component around.
    let before = try #require(checks[1].componentAUC[0])
    let after = try #require(checks[1].componentAUCWithSuggestion[0])
    #expect(before < 0.5 && after > 0.5)
  }

  @Test func suggestedBandsScoreTheLowestChurnBinHighest() throws {
    let strong = try Self.screen().columns[0].profiles[0]
    guard case .bands(let thresholds, let scores)? = strong.suggestion else {
      Issue.record("expected bands")
      return
    }
    #expect(thresholds == strong.bins.thresholds)
    #expect(scores.first == 0 && scores.last == 100 && scores == scores.sorted())
  }

  /// The calendar-confounded book: `tenure_days` only tracks when accounts
  /// were scored. On the landmark design `auto` picks, it has no separation.
  @Test func aCalendarSignalIsNotRankedAsHealth() throws {
    let (table, outcomes) = try CalendarConfoundTests.book(confound: true)
    var configuration = CalendarConfoundTests.configuration(.auto)
    configuration.horizons = [90]
    let scorer = try Scorer(model: Presets.chs4, table: table, modelSource: "chs-4")
    let screen = SignalScreen(scorer: scorer, outcomes: outcomes, configuration: configuration)
    #expect(screen.design == .landmark)
    let tenure = try #require(screen.columns.first { $0.name == "tenure_days" }?.profiles[0])
    #expect(abs(tenure.rocAUC! - 0.5) < 0.05)
    configuration.design = .renewal
    let naive = SignalScreen(scorer: scorer, outcomes: outcomes, configuration: configuration)
    #expect(naive.columns[0].name == "tenure_days", "the renewal design is fooled, which is why auto does not run it here")
    #expect(tenure.bins.thresholds.isEmpty && tenure.informationValue == 0 && tenure.suggestion == nil)
    #expect(naive.columns[0].profiles[0].informationValue > 1)
  }

  /// Fitted on one book, judged on another drawn the same way: the
  /// suggested model separates churn better out of sample.
  @Test func suggestedModelBeatsTheStartingModelOutOfSample() throws {
    let screen = try Self.screen()
    let suggested = SuggestedModel(screen: screen, model: Self.model, inputs: [], dataThrough: CalendarDate(year: 2025, month: 1, day: 1)!)
    #expect(suggested.changes.map(\.column) == ["strong", "reversed", "medium"], "\(screen.columns.map { ($0.name, $0.profiles[0].informationValue, $0.profiles[0].bins.thresholds) })")
    #expect(suggested.model.components.last?.name == SuggestedModel.addedComponent && suggested.model.components.last?.weight == 0)
    #expect(suggested.leftOut.map(\.column) == ["duplicate"] || suggested.leftOut.isEmpty)
    let (table, outcomes) = try Self.plantedBook(seed: 7)
    var configuration = RunSettings()
    configuration.horizons = [30]
    configuration.bootstrapReplicates = 0
    func auc(_ model: HealthModel) throws -> Double {
      try #require(Audit(scorer: try Scorer(model: model, table: table, modelSource: "m"), outcomes: outcomes, configuration: configuration)
        .horizons[0].overall.rocAUC)
    }
    let before = try auc(Self.model)
    let after = try auc(suggested.model)
    #expect(after > before + 0.05, "out-of-sample AUC \(before) → \(after)")
    // The suggestion round-trips through model JSON with its provenance.
    let reread = try HealthModel(json: suggested.model.json, file: "suggested.json")
    #expect(reread == suggested.model)
  }

  /// A `category` signal of the model: one bin per label, its AUC that of
  /// the model's label scores, and a suggested table of label scores.
  @Test func aCategorySignalIsBinnedByLabel() throws {
    let model = try HealthModel.load(path: TestData.fixture("models/chs-4-tier.json"))
    var settings = ImportSettings().reading(model)
    settings.signalColumns = nil
    let table = try SnapshotLoader.load(path: TestData.fixture("demo/snapshots.csv"), settings: settings)
    let outcomes = try OutcomeLoader.load(path: TestData.fixture("demo/outcomes.csv"), snapshots: table)
    var configuration = RunSettings()
    configuration.horizons = [90]
    configuration.bootstrapReplicates = 0
    let screen = SignalScreen(scorer: try Scorer(model: model, table: table, modelSource: "tier"), outcomes: outcomes, configuration: configuration)
    let column = try #require(screen.columns.first { $0.name == "plan_tier" })
    #expect(column.isCategory)
    let profile = column.profiles[0]
    let labels = try #require(profile.labels)
    #expect(Set(labels) == ["basic", "standard", "premier"])
    #expect(profile.bins.bins.count == 3 && profile.direction == nil)
    #expect(profile.bins.bins.map(\.count).reduce(0, +) == profile.observations)
    guard case .category(let suggested, let scores, _)? = profile.suggestion else {
      Issue.record("expected a category suggestion")
      return
    }
    // The label with the least churn scores 100, the most 0.
    let rate = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, profile.bins.bins[$0].churnRate!) })
    let byScore = zip(suggested, scores).sorted { $0.1 < $1.1 }.map(\.0)
    #expect(byScore == suggested.sorted { rate[$0]! > rate[$1]! })
    #expect(scores.min() == 0 && scores.max() == 100)
    // A category has no rank correlation with anything.
    #expect(!screen.redundantGroups.contains { $0.contains("plan_tier") })
    let rewritten = SuggestedModel(screen: screen, model: model, inputs: [], dataThrough: table.latestDate!)
    #expect(rewritten.changes.contains { $0.column == "plan_tier" && $0.after == profile.suggestion })
  }

  @Test func threadCountChangesNothing() throws {
    let (table, outcomes) = try Self.plantedBook()
    var configuration = RunSettings()
    configuration.horizons = [60, 30]
    configuration.bootstrapReplicates = 50
    let scorer = try Scorer(model: Self.model, table: table, modelSource: "m")
    let one = SignalScreen(scorer: scorer, outcomes: outcomes, configuration: configuration, threads: 1)
    let two = SignalScreen(scorer: scorer, outcomes: outcomes, configuration: configuration, threads: 2)
    #expect(one == two)
  }

  @Test func permutingAccountsChangesNothing() throws {
    let (table, outcomes) = try Self.plantedBook()
    var configuration = RunSettings()
    configuration.horizons = [30]
    configuration.bootstrapReplicates = 0
    let a = SignalScreen(scorer: try Scorer(model: Self.model, table: table, modelSource: "m"), outcomes: outcomes, configuration: configuration)
    let b = SignalScreen(
      scorer: try Scorer(model: Self.model, table: table, modelSource: "m"), outcomes: outcomes.reversed(), configuration: configuration)
    #expect(a == b)
  }
}
