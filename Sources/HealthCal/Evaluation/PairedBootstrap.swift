import Dispatch
import Foundation
import HealthCalFormats

/// Percentile bootstrap of a difference between two models scored on the SAME
/// accounts: each replicate draws n accounts with replacement (as
/// multiplicities), and both models are evaluated on that same draw, so the
/// account-to-account variation cancels.
///
/// Why paired: two unpaired AUC intervals for models scored on the same 500
/// accounts overlap almost always, because most of each interval's width is
/// "which accounts happened to be in the book", and that is shared. Comparing
/// the overlap of the two intervals therefore calls a real gain noise. Drawing
/// one resample and scoring both models on it keeps the shared part out of the
/// difference, and the interval of the difference is what answers "is B really
/// better than A?".
public struct PairedBootstrap: Hashable, Sendable {
  /// `statistic(candidate) − statistic(baseline)` on the full sample (every
  /// account drawn once).
  public var estimate: Double
  /// The 2.5% percentile of the replicate differences (numpy `linear`).
  public var lower: Double
  /// The 97.5% percentile of the replicate differences (numpy `linear`).
  public var upper: Double
  /// The share of defined replicates in which the difference is above 0, a
  /// tie (difference exactly 0) counting half.
  ///
  /// Ties are common for discrete statistics such as a green-churn rate on a
  /// few churners, and often total when two models agree on every account;
  /// counting them half makes two identical models read 0.5 ("no evidence
  /// either way") instead of 0, and makes the share of replicates below 0
  /// exactly `1 − probabilityPositive`. It is a bootstrap proportion, not a
  /// p-value.
  public var probabilityPositive: Double
  /// How many replicates had both statistics defined and entered the
  /// percentiles; fewer than requested when some resamples left a statistic
  /// undefined (for example, no churned account drawn).
  public var replicates: Int

  /// Creates a result from its parts.
  public init(estimate: Double, lower: Double, upper: Double, probabilityPositive: Double, replicates: Int) {
    self.estimate = estimate
    self.lower = lower
    self.upper = upper
    self.probabilityPositive = probabilityPositive
    self.replicates = replicates
  }

  /// Runs the paired bootstrap, seeded, over all cores.
  ///
  /// Replicate r draws n account indices uniformly with replacement from
  /// `SeededGenerator(seed: seed, stream: r)` and tallies them into
  /// multiplicities (`multiplicities[i]` = times account i was drawn, summing
  /// to n), then calls `statistic` for the baseline and for the candidate on
  /// that same buffer. Replicates run in parallel with
  /// `DispatchQueue.concurrentPerform`, and each replicate's draws depend only
  /// on its number, so the result is identical for any thread count. The
  /// result does depend on the order of the accounts (index i is account i);
  /// a caller that wants it independent of input order passes the accounts in
  /// a canonical order, as ``ModelComparison`` does (by account id).
  ///
  /// A replicate in which either statistic is `nil` is skipped, not counted as
  /// a zero difference (which would pull the interval toward "no change"), and
  /// ``replicates`` says how many remained. A NaN difference is treated the
  /// same way, so it can never reach the sorted percentiles.
  ///
  /// - Parameters:
  ///   - n: The number of accounts, each scored by both models.
  ///   - replicates: How many resamples to draw.
  ///   - seed: Fixes every draw.
  ///   - statistic: The metric of one model under account weights
  ///     (`isCandidate` selects the model), or `nil` when undefined. Called
  ///     concurrently from several threads, hence `@Sendable`: it must only
  ///     read shared state. The buffer is valid only during the call.
  /// - Returns: `nil` when `n < 1`, `replicates < 1`, the difference is
  ///   undefined on the full sample, or no replicate had both statistics.
  /// - Complexity: O(R · (n + S)) for R replicates and a statistic costing
  ///   O(S), split over the available cores, plus O(R log R) for the
  ///   percentiles; O(n) memory per thread.
  public static func run(
    accounts n: Int, replicates: Int = RunSettings.defaultBootstrapReplicates, seed: UInt64,
    statistic: @Sendable (_ multiplicities: UnsafeBufferPointer<Int32>, _ isCandidate: Bool) -> Double?
  ) -> PairedBootstrap? {
    run(
      accounts: n, replicates: replicates, seed: seed, threads: ProcessInfo.processInfo.activeProcessorCount,
      statistic: statistic)
  }

  /// ``run(accounts:replicates:seed:statistic:)`` with an explicit thread
  /// count, so tests can prove the result does not depend on it: `threads <= 1`
  /// runs every replicate on the calling thread; more splits the replicates
  /// into `4 · threads` chunks run by `concurrentPerform`.
  static func run(
    accounts n: Int, replicates: Int, seed: UInt64, threads: Int,
    statistic: @Sendable (_ multiplicities: UnsafeBufferPointer<Int32>, _ isCandidate: Bool) -> Double?
  ) -> PairedBootstrap? {
    guard n > 0, n <= Int(Int32.max), replicates > 0 else { return nil }
    let ones = [Int32](repeating: 1, count: n)
    let full = ones.withUnsafeBufferPointer { ones in
      statistic(ones, false).flatMap { baseline in statistic(ones, true).map { $0 - baseline } }
    }
    guard let estimate = full, !estimate.isNaN else { return nil }

    // Each replicate's slot is written by exactly one chunk and read only after
    // concurrentPerform returns, so the unsynchronised writes never race.
    nonisolated(unsafe) let differences = UnsafeMutableBufferPointer<Double?>.allocate(capacity: replicates)
    differences.initialize(repeating: nil)
    defer { differences.deallocate() }

    let chunkCount = min(replicates, max(1, threads) * 4)
    @Sendable func runChunk(_ chunk: Int) {
      let multiplicities = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n)
      defer { multiplicities.deallocate() }
      let drawn = UnsafeBufferPointer(multiplicities)
      for replicate in (chunk * replicates / chunkCount)..<((chunk + 1) * replicates / chunkCount) {
        multiplicities.update(repeating: 0)
        var generator = SeededGenerator(seed: seed, stream: UInt64(replicate))
        for _ in 0..<n {
          multiplicities[generator.nextInt(below: n)] &+= 1
        }
        guard let baseline = statistic(drawn, false), let candidate = statistic(drawn, true),
          !(candidate - baseline).isNaN
        else { continue }
        differences[replicate] = candidate - baseline
      }
    }
    if threads > 1 {
      DispatchQueue.concurrentPerform(iterations: chunkCount, execute: runChunk)
    } else {
      for chunk in 0..<chunkCount { runChunk(chunk) }
    }

    let defined = differences.compactMap { $0 }.sorted()
    guard !defined.isEmpty else { return nil }
    // Counted as 2·(positive) + (ties) in integers, so the share is one rounding.
    var twicePositive = 0
    for difference in defined where difference >= 0 {
      twicePositive += difference > 0 ? 2 : 1
    }
    return PairedBootstrap(
      estimate: estimate,
      lower: BootstrapInterval.quantile(defined, 0.025), upper: BootstrapInterval.quantile(defined, 0.975),
      probabilityPositive: Double(twicePositive) / Double(2 * defined.count), replicates: defined.count)
  }
}
