import Testing

import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

/// Invariants of the whole audit over many random small books
/// (``RandomBook``), each fixed by its seed so a failure names a seed that
/// reproduces it.
@Suite struct AuditPropertyTests {
  static let books = 300

  /// The audit describes accounts, not files: shuffling the snapshot rows
  /// and the outcomes, and renaming every account (which changes the order
  /// accounts sort in), changes no metric, miss or lead time.
  @Test func metricsIgnoreRowOrderAndAccountNames() throws {
    for seed in 0..<UInt64(Self.books) {
      let book = RandomBook(seed: seed)
      let expected = AuditSummary(try book.audit())
      var random = SeededGenerator(seed: seed, stream: 1)
      let names = MetricTestData.permutation(count: book.accounts.count, seed: seed &+ 7)
      let renaming = Dictionary(uniqueKeysWithValues: book.accounts.enumerated().map { i, account in
        (account.id, "\(["z", "A", "m"][random.nextInt(below: 3)])\(names[i])-\(account.id.lowercased())")
      })
      let original = Dictionary(uniqueKeysWithValues: renaming.map { ($0.value, $0.key) })
      let renamed = book.renamed { renaming[$0]! }
      let audit = try renamed.audit(
        rowOrder: MetricTestData.permutation(count: book.rowCount, seed: seed &+ 1),
        outcomeOrder: MetricTestData.permutation(count: book.outcomeCount, seed: seed &+ 2))
      let summary = AuditSummary(audit, originalID: { original[$0]! })
      #expect(summary.matches(expected), "seed \(seed)")
    }
  }

  /// Segments partition the accounts: every count, ARR total and coverage
  /// figure of the segments adds up to the overall one at every horizon.
  /// In the landmark design only the churned side partitions: a segment
  /// compares its churned accounts with its own controls at its own
  /// landmarks, so controls at a landmark where the segment has no churned
  /// account drop out of the segment, never into another one.
  @Test func segmentsAddUpToTheOverallCounts() throws {
    var landmarkBooks = 0
    for seed in 0..<UInt64(Self.books) {
      let audit = try RandomBook(seed: seed).audit()
      Self.expectSegmentsAddUp(audit, "seed \(seed)")
      if audit.design == .landmark, audit.horizons.contains(where: { !$0.segments.isEmpty }) { landmarkBooks += 1 }
    }
    // Random books exercise both designs.
    #expect(landmarkBooks > 0)
  }

  /// Any text column is a dimension that partitions the book the same way:
  /// the demo by its plan tier, in both designs.
  @Test(arguments: [DesignChoice.renewal, .landmark])
  func planTiersAddUpToTheOverallCounts(design: DesignChoice) throws {
    let settings = ImportSettings(segmentColumn: "plan_tier").reading(Presets.chs4)
    let table = try SnapshotLoader.load(path: TestData.fixture("demo/snapshots.csv"), settings: settings)
    let outcomes = try OutcomeLoader.load(path: TestData.fixture("demo/outcomes.csv"), snapshots: table)
    #expect(table.segments == ["basic", "premier", "standard"])
    var configuration = RunSettings()
    configuration.bootstrapReplicates = 0
    configuration.design = design
    let audit = Audit(scorer: try Scorer(model: Presets.chs4, table: table, modelSource: "chs-4"), outcomes: outcomes, configuration: configuration)
    #expect(audit.horizons.allSatisfy { $0.segments.map(\.group) == ["basic", "premier", "standard"] })
    Self.expectSegmentsAddUp(audit, "demo by plan tier, \(design)")
  }

  /// Every count the segments share with the overall result adds up to it
  /// at every horizon. In the landmark design only the churned side
  /// partitions: a segment compares its churned accounts with its own
  /// controls at its own landmarks, so controls at a landmark where the
  /// segment has no churned account drop out of the segment, never into
  /// another one.
  static func expectSegmentsAddUp(_ audit: Audit, _ label: String) {
    for result in audit.horizons where !result.segments.isEmpty {
      let overall = AuditSummary.Group(horizon: result.horizon, result.overall)
      let parts = result.segments.map { AuditSummary.Group(horizon: result.horizon, $0) }
      func total<T: AdditiveArithmetic>(_ value: (AuditSummary.Group) -> T) -> T { parts.map(value).reduce(.zero, +) }
      let context = "\(label), horizon \(result.horizon)"
      #expect(total(\.coverage.churnedScored) == overall.coverage.churnedScored, "\(context)")
      #expect(total(\.coverage.churnedUnscored) == overall.coverage.churnedUnscored, "\(context)")
      for gap in HorizonPicker.Gap.allCases {
        #expect(total { $0.coverage.gaps[gap, default: 0] } == overall.coverage.gaps[gap, default: 0], "\(context) \(gap)")
      }
      #expect(result.segments.map(\.histogram.churnedTotal).reduce(0, +) == result.overall.histogram.churnedTotal, "\(context)")
      // Green churn and recall (rates 0 and 1) count churned accounts only.
      for i in 0..<2 {
        #expect(total { $0.rates[i].numerator } == overall.rates[i].numerator, "\(context) rate \(i)")
        #expect(total { $0.rates[i].denominator } == overall.rates[i].denominator, "\(context) rate \(i)")
      }
      guard audit.design == .renewal else {
        #expect(total(\.coverage.renewedScored) <= overall.coverage.renewedScored, "\(context)")
        continue
      }
      #expect(total(\.coverage.renewedScored) == overall.coverage.renewedScored, "\(context)")
      #expect(total(\.coverage.renewedUnscored) == overall.coverage.renewedUnscored, "\(context)")
      for i in overall.bandCounts.indices {
        #expect(total { $0.bandCounts[i] } == overall.bandCounts[i], "\(context) band count \(i)")
      }
      for i in overall.rates.indices {
        #expect(total { $0.rates[i].numerator } == overall.rates[i].numerator, "\(context) rate \(i)")
        #expect(total { $0.rates[i].denominator } == overall.rates[i].denominator, "\(context) rate \(i)")
      }
      for i in overall.arrShares.indices {
        #expect(total { $0.arrShares[i].numerator } == overall.arrShares[i].numerator, "\(context) ARR \(i)")
        #expect(total { $0.arrShares[i].denominator } == overall.arrShares[i].denominator, "\(context) ARR \(i)")
      }
      #expect(total(\.accountsWithoutARR) == overall.accountsWithoutARR, "\(context)")
    }
  }

  /// Green churn counts churned accounts only: adding an account that
  /// renewed never raises its numerator (nor changes its denominator), in
  /// the overall figures or in any segment, whatever the new account's
  /// snapshots and whether or not its renewal is dated.
  @Test func addingARenewedAccountNeverRaisesGreenChurn() throws {
    for seed in 0..<UInt64(Self.books) {
      let book = RandomBook(seed: seed)
      var random = SeededGenerator(seed: seed, stream: 2)
      var account = RandomBook.randomAccount(id: ["0-new", "M-new", "zz-new"][random.nextInt(below: 3)], random: &random)
      account.outcome = (.renewed, random.nextUnit() < 0.5 ? nil : account.snapshots.last!.day + random.nextInt(below: 151), nil)
      var grown = book
      grown.accounts.insert(account, at: random.nextInt(below: book.accounts.count + 1))
      let before = try book.audit()
      let after = try grown.audit()
      for (old, new) in zip(before.horizons, after.horizons) {
        let context = "seed \(seed), horizon \(old.horizon)"
        #expect(new.overall.greenChurn.numerator <= old.overall.greenChurn.numerator, "\(context)")
        #expect(new.overall.greenChurn.denominator == old.overall.greenChurn.denominator, "\(context)")
        for segment in new.segments {
          let earlier = old.segments.first { $0.group == segment.group }?.greenChurn ?? Rate(0, of: 0)
          #expect(segment.greenChurn.numerator <= earlier.numerator, "\(context) \(segment.group)")
          #expect(segment.greenChurn.denominator == earlier.denominator, "\(context) \(segment.group)")
        }
      }
    }
  }
}
