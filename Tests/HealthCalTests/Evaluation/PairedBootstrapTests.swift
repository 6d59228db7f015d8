import Testing

import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

@Suite struct PairedBootstrapTests {
  static let sample = MetricTestData.sample(count: 400, seed: 7)
  static let ranked = RankedScores(risk: MetricTestData.risk(sample.scores), isChurned: sample.isChurned)
  /// A planted, clearly better model: it ranks every churned account above every renewed one.
  static let perfect = RankedScores(risk: sample.isChurned.map { $0 ? 1 : 0 }, isChurned: sample.isChurned)

  /// The AUC of `baseline` against `candidate` under the replicate's weights.
  static func auc(_ baseline: RankedScores, _ candidate: RankedScores)
    -> @Sendable (UnsafeBufferPointer<Int32>, Bool) -> Double?
  {
    let isChurned = sample.isChurned
    return { multiplicities, isCandidate in
      WeightedMetrics.rocAUC(ranked: isCandidate ? candidate : baseline, isChurned: isChurned, multiplicities: multiplicities)
    }
  }

  /// Replays replicate r's draws as the bootstrap makes them: n uniform picks from stream r.
  static func multiplicities(accounts n: Int, seed: UInt64, replicate: Int) -> [Int32] {
    var generator = SeededGenerator(seed: seed, stream: UInt64(replicate))
    var counts = [Int32](repeating: 0, count: n)
    for _ in 0..<n { counts[generator.nextInt(below: n)] += 1 }
    return counts
  }

  @Test func identicalModelsDifferByExactlyZero() throws {
    let result = try #require(PairedBootstrap.run(accounts: 400, seed: 3, statistic: Self.auc(Self.ranked, Self.ranked)))
    #expect(result.estimate == 0)
    #expect(result.lower == 0 && result.upper == 0)
    #expect(result.probabilityPositive == 0.5)
    #expect(result.replicates == 1000)
  }

  @Test func aPlantedBetterModelIsAlwaysAhead() throws {
    let result = try #require(PairedBootstrap.run(accounts: 400, seed: 3, statistic: Self.auc(Self.ranked, Self.perfect)))
    let baseline = try #require(Self.ranked.rocAUC)
    #expect(result.estimate == 1 - baseline)
    #expect(result.lower > 0.1)
    #expect(result.lower < result.estimate && result.estimate < result.upper)
    #expect(result.probabilityPositive == 1)
    // Swapping the roles mirrors everything.
    let reversed = try #require(PairedBootstrap.run(accounts: 400, seed: 3, statistic: Self.auc(Self.perfect, Self.ranked)))
    #expect(reversed.estimate == -result.estimate)
    // (Interpolated percentiles mirror up to rounding: numpy's formula depends on the side.)
    #expect(abs(reversed.lower + result.upper) <= 1e-15 && abs(reversed.upper + result.lower) <= 1e-15)
    #expect(reversed.probabilityPositive == 0)
  }

  @Test func pairingNarrowsTheIntervalOfADifference() throws {
    // Candidate = baseline with a little noise: the unpaired AUC intervals are
    // several hundredths wide, the paired interval of the difference far narrower.
    var generator = SeededGenerator(seed: 41)
    let noisy = Self.sample.scores.map { $0 + 3 * generator.nextGaussian() }
    let candidate = RankedScores(risk: MetricTestData.risk(noisy), isChurned: Self.sample.isChurned)
    let paired = try #require(PairedBootstrap.run(accounts: 400, seed: 9, statistic: Self.auc(Self.ranked, candidate)))
    let unpaired = try #require(BootstrapInterval.rocAUC(Self.ranked, seed: 9))
    #expect(paired.upper - paired.lower < (unpaired.upper - unpaired.lower) / 2)
  }

  @Test func sameSeedSameResultAndOtherSeedDiffers() throws {
    let statistic = Self.auc(Self.ranked, Self.perfect)
    let first = PairedBootstrap.run(accounts: 400, replicates: 300, seed: 11, statistic: statistic)
    #expect(first != nil)
    #expect(PairedBootstrap.run(accounts: 400, replicates: 300, seed: 11, statistic: statistic) == first)
    #expect(PairedBootstrap.run(accounts: 400, replicates: 300, seed: 12, statistic: statistic) != first)
  }

  @Test func independentOfThreadCount() throws {
    let statistic = Self.auc(Self.ranked, Self.perfect)
    let single = try #require(PairedBootstrap.run(accounts: 400, replicates: 257, seed: 5, threads: 1, statistic: statistic))
    for threads in [2, 3, 8] {
      #expect(PairedBootstrap.run(accounts: 400, replicates: 257, seed: 5, threads: threads, statistic: statistic) == single)
    }
  }

  @Test func replicateRDrawsFromStreamRAndTiesCountHalf() throws {
    // Candidate − baseline = (times account 0 was drawn) − 1, so the result can be
    // recomputed from the documented draws: positive when drawn twice or more, a tie when once.
    let n = 6, replicates = 400, seed: UInt64 = 21
    let result = try #require(PairedBootstrap.run(accounts: n, replicates: replicates, seed: seed) { m, isCandidate in
      isCandidate ? Double(m[0]) : 1
    })
    let differences = (0..<replicates).map { Double(Self.multiplicities(accounts: n, seed: seed, replicate: $0)[0]) - 1 }
    let positive = differences.filter { $0 > 0 }.count
    let ties = differences.filter { $0 == 0 }.count
    #expect(result.estimate == 0)
    #expect(result.replicates == replicates)
    #expect(result.probabilityPositive == (Double(positive) + 0.5 * Double(ties)) / Double(replicates))
    let sorted = differences.sorted()
    #expect(result.lower == BootstrapInterval.quantile(sorted, 0.025))
    #expect(result.upper == BootstrapInterval.quantile(sorted, 0.975))
  }

  @Test func skipsReplicatesWhereAStatisticIsUndefined() throws {
    // Undefined whenever account 0 is not drawn: (5/6)^6 ≈ 33% of replicates.
    let n = 6, replicates = 500, seed: UInt64 = 4
    let result = try #require(PairedBootstrap.run(accounts: n, replicates: replicates, seed: seed) { m, isCandidate in
      m[0] == 0 ? nil : (isCandidate ? 1 : 0)
    })
    let defined = (0..<replicates).filter { Self.multiplicities(accounts: n, seed: seed, replicate: $0)[0] > 0 }.count
    #expect(result.replicates == defined)
    #expect(defined < 400 && defined > 250)
    #expect(result.lower == 1 && result.upper == 1 && result.probabilityPositive == 1)
  }

  @Test func refusesUndefinedRequests() {
    let constant: @Sendable (UnsafeBufferPointer<Int32>, Bool) -> Double? = { _, _ in 0.5 }
    #expect(PairedBootstrap.run(accounts: 0, seed: 1, statistic: constant) == nil)
    #expect(PairedBootstrap.run(accounts: 10, replicates: 0, seed: 1, statistic: constant) == nil)
    // Undefined on the full sample.
    #expect(PairedBootstrap.run(accounts: 10, seed: 1) { _, isCandidate in isCandidate ? nil : 0.5 } == nil)
    // NaN is undefined too, never a number in the interval.
    #expect(PairedBootstrap.run(accounts: 10, seed: 1) { _, isCandidate in isCandidate ? .nan : 0.5 } == nil)
    // Defined on the full sample only: every one of 50 resamples of 20 accounts repeats one.
    let onlyUnresampled = PairedBootstrap.run(accounts: 20, replicates: 50, seed: 1) { m, _ in
      m.allSatisfy { $0 == 1 } ? 0 : nil
    }
    #expect(onlyUnresampled == nil)
  }
}
