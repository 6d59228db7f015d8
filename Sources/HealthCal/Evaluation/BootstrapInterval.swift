import Dispatch
import Foundation
import HealthCalFormats

/// A percentile bootstrap confidence interval.
///
/// The bootstrap answers "how much would this AUC move on another quarter's
/// accounts?" without assuming a distribution for the AUC, which is skewed
/// near 0 and 1 where normal-approximation intervals overshoot.
public struct BootstrapInterval: Hashable, Sendable {
  /// The lower percentile of the replicate statistics.
  public var lower: Double
  /// The upper percentile of the replicate statistics.
  public var upper: Double
  /// How many replicates had a defined statistic and entered the percentiles.
  ///
  /// Fewer than requested when some resamples drew no churned (or no renewed)
  /// account; a count far below the request means the interval rests on few
  /// replicates and the sample is too small for it.
  public var replicates: Int

  /// A percentile bootstrap interval of ROC AUC, resampling accounts with
  /// replacement (n draws of n), seeded.
  ///
  /// Counting-based: a replicate never sorts. Each draw picks one of the n
  /// observations uniformly and adds one to the churned or renewed count of
  /// its distinct risk value (its ``RankedScores/bucket``); the replicate's AUC
  /// is then one O(d) pass, ``RankedScores/rocAUC(positives:negatives:)``.
  /// Draws index the observations in a canonical order (by risk value, renewed
  /// before churned within a value), not in input order, so the interval is
  /// the same however the input rows were ordered.
  ///
  /// Replicates in which a class is empty have no AUC; they are skipped (not
  /// counted as 0.5, which would pull the interval toward chance) and
  /// ``replicates`` says how many remained.
  ///
  /// Replicates run in parallel with `DispatchQueue.concurrentPerform`, and
  /// replicate r always draws from `SeededGenerator(seed: seed, stream: r)`, so
  /// the result is identical for any thread count.
  ///
  /// Percentiles use linear interpolation between order statistics, numpy's
  /// default: the q-quantile of m sorted values sits at index (m − 1)·q.
  ///
  /// - Parameters:
  ///   - ranked: The observations, grouped by distinct risk.
  ///   - replicates: How many resamples to draw.
  ///   - seed: Fixes every draw.
  ///   - confidence: The two-sided level; the interval runs from the
  ///     (1 − confidence)/2 to the (1 + confidence)/2 quantile.
  /// - Returns: `nil` when the sample has an empty class, `replicates < 1`,
  ///   `confidence` is not strictly between 0 and 1, or no replicate had both
  ///   classes.
  /// - Complexity: O(R · (n + d)) for R replicates, n observations and d
  ///   distinct risk values, split over the available cores, plus O(R log R)
  ///   for the percentiles; O(n + d) memory per thread.
  package static func rocAUC(
    _ ranked: RankedScores, replicates: Int = RunSettings.defaultBootstrapReplicates, seed: UInt64, confidence: Double = 0.95
  ) -> BootstrapInterval? {
    rocAUC(
      ranked, replicates: replicates, seed: seed, confidence: confidence,
      threads: ProcessInfo.processInfo.activeProcessorCount)
  }

  /// ``rocAUC(_:replicates:seed:confidence:)`` with an explicit thread count,
  /// so tests can prove the result does not depend on it: `threads <= 1` runs
  /// every replicate on the calling thread; more splits the replicates into
  /// `4 · threads` chunks run by `concurrentPerform` (which itself uses at most
  /// one worker per core).
  static func rocAUC(
    _ ranked: RankedScores, replicates: Int, seed: UInt64, confidence: Double, threads: Int
  ) -> BootstrapInterval? {
    guard ranked.positiveCount > 0, ranked.negativeCount > 0, replicates > 0,
      confidence > 0, confidence < 1
    else { return nil }

    let layout = canonicalLayout(ranked)
    let bucketCount = ranked.distinctRisks.count
    // Each replicate's slot is written by exactly one chunk and read only after
    // concurrentPerform returns, so the unsynchronised writes never race.
    nonisolated(unsafe) let statistics = UnsafeMutableBufferPointer<Double?>.allocate(capacity: replicates)
    statistics.initialize(repeating: nil)
    defer { statistics.deallocate() }

    // A few chunks per thread so a thread slowed by other work on the machine
    // does not hold the rest up; each chunk owns its own count buffer.
    let chunkCount = min(replicates, max(1, threads) * 4)
    let runChunk: @Sendable (Int) -> Void = { chunk in
      let counts = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 2 * bucketCount)
      defer { counts.deallocate() }
      let negatives = UnsafeBufferPointer(rebasing: counts[0..<bucketCount])
      let positives = UnsafeBufferPointer(rebasing: counts[bucketCount..<(2 * bucketCount)])
      layout.withUnsafeBufferPointer { layout in
        for replicate in (chunk * replicates / chunkCount)..<((chunk + 1) * replicates / chunkCount) {
          counts.update(repeating: 0)
          var generator = SeededGenerator(seed: seed, stream: UInt64(replicate))
          for _ in 0..<layout.count {
            counts[Int(layout[generator.nextInt(below: layout.count)])] &+= 1
          }
          statistics[replicate] = RankedScores.rocAUC(positives: positives, negatives: negatives)
        }
      }
    }
    if threads > 1 {
      DispatchQueue.concurrentPerform(iterations: chunkCount, execute: runChunk)
    } else {
      for chunk in 0..<chunkCount { runChunk(chunk) }
    }

    let defined = statistics.compactMap { $0 }.sorted()
    guard !defined.isEmpty else { return nil }
    let tail = (1 - confidence) / 2
    return BootstrapInterval(
      lower: quantile(defined, tail), upper: quantile(defined, 1 - tail), replicates: defined.count)
  }

  /// For each observation in canonical order, the slot it tallies into: its
  /// bucket b when renewed, d + b when churned.
  ///
  /// Built from the per-bucket counts alone, so it depends on the multiset of
  /// (risk, outcome) pairs and not on input order.
  private static func canonicalLayout(_ ranked: RankedScores) -> [UInt32] {
    let bucketCount = ranked.distinctRisks.count
    var layout: [UInt32] = []
    layout.reserveCapacity(ranked.positiveCount + ranked.negativeCount)
    for b in 0..<bucketCount {
      layout.append(contentsOf: repeatElement(UInt32(b), count: ranked.negatives[b]))
      layout.append(contentsOf: repeatElement(UInt32(bucketCount + b), count: ranked.positives[b]))
    }
    return layout
  }

  /// The q-quantile of ascending `sorted` by linear interpolation (numpy's
  /// default `method="linear"`, including its choice of interpolation formula
  /// by side, so the results match numpy bit for bit).
  static func quantile(_ sorted: [Double], _ q: Double) -> Double {
    let position = Double(sorted.count - 1) * q
    let below = min(Int(position.rounded(.down)), sorted.count - 1)
    let above = min(below + 1, sorted.count - 1)
    let fraction = position - Double(below)
    let a = sorted[below]
    let b = sorted[above]
    let difference = b - a
    return fraction >= 0.5 ? b - difference * (1 - fraction) : a + difference * fraction
  }
}
