import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

/// The landmark (time-matched) design on hand-made books: who is a case, who
/// is a control, who is left out, and the metrics that compare them.
@Suite struct LandmarkDesignTests {
  /// Monthly snapshots January–June 2025. A churns 2025-06-15, D churns
  /// 2025-04-10, B renewed 2025-12-01, C renewed without a date, E has no outcome.
  static let csv = """
    account_id,as_of,segment,x
    A,2025-01-01,SMB,50
    A,2025-02-01,SMB,50
    A,2025-03-01,SMB,50
    A,2025-04-01,SMB,50
    A,2025-05-01,SMB,50
    A,2025-06-01,SMB,50
    B,2025-01-01,SMB,50
    B,2025-03-01,SMB,50
    B,2025-05-01,SMB,50
    B,2025-06-01,SMB,50
    C,2025-03-01,SMB,50
    C,2025-05-01,SMB,50
    D,2025-01-01,SMB,50
    D,2025-03-01,SMB,50
    D,2025-04-01,SMB,50
    E,2025-03-01,SMB,50
    E,2025-05-01,SMB,50
    """

  static func sample() throws -> (table: SnapshotTable, sample: DesignSample) {
    let table = try TestData.table(csv)
    func id(_ name: String) -> Int { table.accountIndex(of: name)! }
    let outcomes = [
      Outcome(account: id("A"), kind: .churned, date: CalendarDate(iso: "2025-06-15")),
      Outcome(account: id("B"), kind: .renewed, date: CalendarDate(iso: "2025-12-01")),
      Outcome(account: id("C"), kind: .renewed, date: nil),
      Outcome(account: id("D"), kind: .churned, date: CalendarDate(iso: "2025-04-10")),
    ]
    let sample = DesignSample(
      design: .landmark, table: table, outcomes: outcomes, horizon: 30, picker: HorizonPicker(maxStaleness: 31),
      landmarks: LandmarkSpacing.snapshotDates.landmarks(dates: table.fileDates), observedUntil: CalendarDate(iso: "2025-06-01")!)
    return (table, sample)
  }

  @Test func casesControlsAndExclusionsMatchTheHandCount() throws {
    let (table, sample) = try Self.sample()
    let observed = sample.observations.map { observation in
      "\(table.accountIDs[sample.outcome(of: observation).account])@\(CalendarDate(daysSinceEpoch: observation.landmark!))\(observation.isCase ? " case" : "")"
    }
    // D's pick for T = 04-10 at 30 days is 03-01; A's for 06-15 is 05-01.
    // At 03-01: A is still a customer on 03-31 (it churns in June), B and C are too.
    // At 05-01: D churned on 04-10, before 05-31: left out. E has no outcome.
    #expect(observed == [
      "A@2025-03-01", "B@2025-03-01", "C@2025-03-01", "D@2025-03-01 case",
      "A@2025-05-01 case", "B@2025-05-01", "C@2025-05-01",
    ])
    #expect(sample.exclusions.landmarksWithCases == 2)
    #expect(sample.exclusions.landmarksWithoutCases == 4)
    #expect(sample.exclusions.noOutcome == 2)
    #expect(sample.exclusions.churningWithinHorizon == 1)
    #expect(sample.exclusions.unknownStatus == 0)
  }

  @Test func renewedAccountsObservedTooBrieflyAreLeftOut() throws {
    let table = try TestData.table(Self.csv)
    let outcomes = [
      Outcome(account: table.accountIndex(of: "A")!, kind: .churned, date: CalendarDate(iso: "2025-06-15")),
      Outcome(account: table.accountIndex(of: "C")!, kind: .renewed, date: nil),
    ]
    // Observed until 05-20: C's status on 05-31 (landmark 05-01 + 30) is unknown.
    let sample = DesignSample(
      design: .landmark, table: table, outcomes: outcomes, horizon: 30, picker: HorizonPicker(),
      landmarks: table.fileDates, observedUntil: CalendarDate(iso: "2025-05-20")!)
    #expect(sample.observations.count == 1)
    #expect(sample.exclusions.unknownStatus == 1)
  }

  /// Two landmarks. L1: a case scoring 30 against controls 20, 60, 80;
  /// L2: a case scoring 50 against controls 40, 90. Red < 50, green ≥ 70.
  static func metrics(bootstrap: Int = 0) -> GroupMetrics {
    let observations: [(account: Int, score: Double, isCase: Bool, landmark: Int)] = [
      (0, 30, true, 1), (1, 20, false, 1), (2, 60, false, 1), (3, 80, false, 1),
      (4, 50, true, 2), (1, 40, false, 2), (2, 90, false, 2),
    ]
    let bands = Bands(redBelow: 50, greenAtOrAbove: 70)
    let accounts = observations.enumerated().map { i, o in
      ScoredAccount(account: o.account, row: i, score: o.score, band: bands.band(for: o.score), isChurned: o.isCase, arr: 100, segment: nil, landmark: o.landmark)
    }
    var coverage = Coverage()
    for account in accounts { coverage.addScored(isChurned: account.isChurned) }
    return GroupMetrics(group: "all", accounts: accounts, coverage: coverage, atRisk: .red, bootstrapReplicates: bootstrap, seed: 1)
  }

  @Test func aucComparesOnlyWithinALandmark() {
    // L1: risk 70 beats 40 and 20, not 80: 2 of 3. L2: risk 50 beats 10, not 60: 1 of 2.
    // Pooled across landmarks it would be 7 of 10.
    #expect(Self.metrics().rocAUC == 3.0 / 5.0)
  }

  @Test func controlRatesAreWeightedToTheCasesCalendar() throws {
    let m = Self.metrics()
    // Weights: L1 (1/2)·(5/3) = 5/6, L2 (1/2)·(5/2) = 5/4; flagged controls 20 (L1) and 40 (L2).
    // False alarms = (1/3 + 1/2) / 2 = 5/12; raw counts stay 2 of 5.
    #expect(m.falseAlarmRate.numerator == 2 && m.falseAlarmRate.denominator == 5)
    #expect(abs(try #require(m.falseAlarmRate.value) - 5.0 / 12.0) < 1e-15)
    #expect(abs(try #require(m.alertRate.value) - 37.0 / 84.0) < 1e-15)
    #expect(abs(try #require(m.precision.value) - 12.0 / 37.0) < 1e-15)
    #expect(m.greenChurn == Rate(0, of: 2))
    #expect(m.atRiskRecall == Rate(1, of: 2))
  }

  @Test func aScoreThatOnlyTracksTheLandmarkHasNoSkill() {
    // Every observation at a landmark scores the landmark's number: cases
    // concentrate on the early (low) landmark, so pooled it would look predictive.
    var risk: [Double] = [], isCase: [Bool] = [], landmarks: [Int] = []
    for (landmark, cases, controls) in [(1, 9, 10), (2, 1, 10), (3, 1, 10)] {
      for i in 0..<(cases + controls) {
        risk.append(Double(10 - landmark))
        isCase.append(i < cases)
        landmarks.append(landmark)
      }
    }
    #expect(LandmarkConcordance(risk: risk, isChurned: isCase, landmarks: landmarks).rocAUC == 0.5)
    #expect(RankedScores(risk: risk, isChurned: isCase).rocAUC! > 0.7)
    // Weighted to the cases' calendar, the flagged share is the same on both sides.
    let weights = LandmarkWeights.weights(landmarks: landmarks, isChurned: isCase)
    let flagged = risk.map { $0 == 9 }
    let controls = isCase.indices.filter { !isCase[$0] }
    let falseAlarms = Rate(weights: controls.map { weights[$0] }, meets: controls.map { flagged[$0] })
    let recall = Double(isCase.indices.filter { isCase[$0] && flagged[$0] }.count) / 11
    #expect(abs(try! #require(falseAlarms.value) - recall) < 1e-12)
  }

  @Test func concordanceMatchesABruteForceCountAndIgnoresOrder() {
    var random = SeededGenerator(seed: 42)
    for _ in 0..<50 {
      let n = 2 + random.nextInt(below: 60)
      let risk = (0..<n).map { _ in Double(random.nextInt(below: 8)) }
      let isCase = (0..<n).map { _ in random.nextUnit() < 0.3 }
      let landmarks = (0..<n).map { _ in random.nextInt(below: 4) }
      var concordant2 = 0, pairs = 0
      for i in 0..<n where isCase[i] {
        for j in 0..<n where !isCase[j] && landmarks[j] == landmarks[i] {
          pairs += 1
          concordant2 += risk[i] > risk[j] ? 2 : risk[i] == risk[j] ? 1 : 0
        }
      }
      let auc = LandmarkConcordance(risk: risk, isChurned: isCase, landmarks: landmarks).rocAUC
      #expect(auc == (pairs > 0 ? Double(concordant2) / Double(2 * pairs) : nil))
      let order = MetricTestData.permutation(count: n, seed: UInt64(n))
      let shuffled = LandmarkConcordance(risk: order.map { risk[$0] }, isChurned: order.map { isCase[$0] }, landmarks: order.map { landmarks[$0] })
      #expect(shuffled.rocAUC == auc)
    }
  }

  @Test func bootstrapResamplesAccountsAndIsSeeded() {
    let first = Self.metrics(bootstrap: 200).rocAUCInterval
    let second = Self.metrics(bootstrap: 200).rocAUCInterval
    #expect(first != nil && first == second)
    #expect(first!.lower <= 0.6 && first!.upper >= 0.6)
  }

  /// Every account scored at the same date: the two designs compare the
  /// same pairs, so their AUCs agree exactly.
  @Test func oneScoringDateGivesTheSameAUCInBothDesigns() throws {
    for seed in 0..<UInt64(20) {
      var random = SeededGenerator(seed: seed)
      var csv = "account_id,as_of,x\n"
      var outcomes: [(String, Outcome.Kind)] = []
      for a in 0..<40 {
        csv += "A\(a),2025-01-01,\(random.nextInt(below: 100))\nA\(a),2025-03-01,\(random.nextInt(below: 100))\n"
        outcomes.append(("A\(a)", random.nextUnit() < 0.3 ? .churned : .renewed))
      }
      let table = try TestData.table(csv)
      let tied = outcomes.map { Outcome(account: table.accountIndex(of: $0.0)!, kind: $0.1, date: CalendarDate(iso: "2025-04-01")) }
      let scorer = try Scorer(model: TestData.linearModel(), table: table, modelSource: "m")
      var configuration = RunSettings()
      configuration.horizons = [30]
      configuration.bootstrapReplicates = 0
      configuration.design = .renewal
      let renewal = Audit(scorer: scorer, outcomes: tied, configuration: configuration)
      configuration.design = .landmark
      let landmark = Audit(scorer: scorer, outcomes: tied, configuration: configuration)
      #expect(landmark.design == .landmark)
      #expect(renewal.horizons[0].overall.rocAUC == landmark.horizons[0].overall.rocAUC, "seed \(seed)")
      #expect(renewal.horizons[0].overall.falseAlarmRate.value == landmark.horizons[0].overall.falseAlarmRate.value, "seed \(seed)")
    }
  }

  /// A million accounts at 13 landmarks and 3 horizons are 39 million
  /// observations: their size is the audit's memory.
  @Test func observationsStayCompact() {
    #expect(MemoryLayout<DesignSample.Observation>.stride == 12)
    #expect(MemoryLayout<ScoredAccount>.stride <= 56)
  }
}
