import Dispatch
import Foundation
import HealthCalFormats

/// ROC AUC of the landmark design: churned and non-churned observations are
/// compared only within the same landmark date.
///
///     AUC = Σ_L (concordant_L + ½ ties_L) ÷ Σ_L cases_L · controls_L
///
/// the pooled within-landmark concordance (Heagerty and Zheng's incident/dynamic
/// C-index with weights proportional to the pairs at each date). A score
/// that only tracks the calendar gives exactly 0.5, because every pair it
/// judges shares one date. Each landmark's concordance is counted as the
/// exact integer 2U, as in ``RankedScores/rocAUC``, and divided once.
package struct LandmarkConcordance: Sendable {
  /// Each observation's tally slot: its landmark's first slot plus the rank
  /// of its distinct risk within the landmark.
  let slot: [Int32]
  /// Whether each observation is churned.
  let isChurned: [Bool]
  /// Each landmark's slots, ascending by risk.
  let landmarkSlots: [Range<Int>]
  /// The number of slots.
  let slotCount: Int

  /// Groups observations by landmark and, within one, by distinct risk.
  /// - Parameters:
  ///   - risk: higher for observations more likely to churn; no NaN.
  ///   - isChurned: the class of each observation.
  ///   - landmarks: the landmark of each observation (any integer key).
  /// - Complexity: O(n log n).
  package init(risk: [Double], isChurned: [Bool], landmarks: [Int]) {
    precondition(risk.count == isChurned.count && risk.count == landmarks.count, "one value per observation")
    precondition(!risk.contains(where: \.isNaN), "risk must not contain NaN")
    let order = risk.indices.sorted { (landmarks[$0], risk[$0] + 0, $0) < (landmarks[$1], risk[$1] + 0, $1) }
    var slot = [Int32](repeating: 0, count: risk.count)
    var ranges: [Range<Int>] = []
    var next = 0
    var start = 0
    for (position, i) in order.enumerated() {
      if position == 0 || landmarks[i] != landmarks[order[position - 1]] {
        if position > 0 { ranges.append(start..<next) }
        start = next
        next += 1
      } else if risk[i] != risk[order[position - 1]] {
        next += 1
      }
      slot[i] = Int32(next - 1)
    }
    if !order.isEmpty { ranges.append(start..<next) }
    self.slot = slot
    self.isChurned = isChurned
    landmarkSlots = ranges
    slotCount = next
  }

  /// The pooled within-landmark AUC, `nil` when no landmark has both a
  /// churned and a non-churned observation.
  package var rocAUC: Double? { auc(multiplicity: nil) }

  /// The AUC with each observation counted `multiplicity[i]` times.
  func auc(multiplicity: UnsafeBufferPointer<Int32>?) -> Double? {
    // 32-bit tallies halve the buffer each bootstrap thread holds: a slot
    // lies in one landmark, where an account has one observation, so its
    // tally is at most the accounts drawn (fewer than 2³¹). Sums are 64-bit.
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * max(slotCount, 1)) { tallies in
      tallies.initialize(repeating: 0)
      for i in slot.indices {
        let m = UInt32(multiplicity?[i] ?? 1)
        tallies[2 * Int(slot[i]) + (isChurned[i] ? 1 : 0)] += m
      }
      var twiceU: UInt64 = 0
      var pairs: UInt64 = 0
      for range in landmarkSlots {
        var negativesBelow: UInt64 = 0
        var positives: UInt64 = 0
        for s in range {
          let n = UInt64(tallies[2 * s])
          let p = UInt64(tallies[2 * s + 1])
          twiceU += p * (2 * negativesBelow + n)
          negativesBelow += n
          positives += p
        }
        pairs += positives * negativesBelow
      }
      return pairs > 0 ? Double(twiceU) / Double(2 * pairs) : nil
    }
  }

  /// A percentile bootstrap interval of ``rocAUC`` that resamples accounts,
  /// not observations: an account's landmarks are drawn together, because
  /// one account's repeated snapshots are not independent evidence.
  ///
  /// Replicate r draws as many accounts as there are, with replacement, from
  /// `SeededGenerator(seed: seed, stream: r)`; each observation counts as
  /// often as its account was drawn. Replicates with no comparable pair are
  /// skipped. Identical for any thread count.
  /// - Parameter accounts: each observation's account (any integer key).
  /// - Complexity: O(R · (n + accounts)).
  package func bootstrap(accounts: [Int], replicates: Int, seed: UInt64, confidence: Double = 0.95) -> BootstrapInterval? {
    precondition(accounts.count == slot.count, "one account per observation")
    guard replicates > 0, rocAUC != nil else { return nil }
    let clusters = Set(accounts).sorted()
    let clusterIndex = Dictionary(uniqueKeysWithValues: clusters.enumerated().map { ($1, $0) })
    let member = accounts.map { Int32(clusterIndex[$0]!) }
    let clusterCount = clusters.count
    nonisolated(unsafe) let statistics = UnsafeMutableBufferPointer<Double?>.allocate(capacity: replicates)
    statistics.initialize(repeating: nil)
    defer { statistics.deallocate() }
    let chunkCount = min(replicates, ProcessInfo.processInfo.activeProcessorCount * 4)
    DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
      var drawn = [Int32](repeating: 0, count: clusterCount)
      var multiplicity = [Int32](repeating: 0, count: member.count)
      for replicate in (chunk * replicates / chunkCount)..<((chunk + 1) * replicates / chunkCount) {
        for c in drawn.indices { drawn[c] = 0 }
        var generator = SeededGenerator(seed: seed, stream: UInt64(replicate))
        for _ in 0..<clusterCount { drawn[generator.nextInt(below: clusterCount)] += 1 }
        for i in member.indices { multiplicity[i] = drawn[Int(member[i])] }
        statistics[replicate] = multiplicity.withUnsafeBufferPointer { auc(multiplicity: $0) }
      }
    }
    let defined = statistics.compactMap { $0 }.sorted()
    guard !defined.isEmpty else { return nil }
    let tail = (1 - confidence) / 2
    return BootstrapInterval(
      lower: BootstrapInterval.quantile(defined, tail), upper: BootstrapInterval.quantile(defined, 1 - tail), replicates: defined.count)
  }
}
