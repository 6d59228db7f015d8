import Foundation

/// Evaluates candidate weightings against a ``TrainingSet`` with no
/// allocation per candidate: the hot loop of the weight search.
///
/// Per account it computes `Σ w·s` and `Σ w·p` over the components (one
/// multiply-add pair each), compares the score with the band cut-offs, and
/// drops it into a score histogram per class; the histograms then give the
/// AUC in one pass over the buckets instead of a sort.
public struct CandidateEvaluator: Sendable {
  /// Histogram buckets over 0–100 for the counting AUC (0.05 points wide).
  public static let bucketCount = 2000

  /// The data being evaluated against.
  public let training: TrainingSet

  /// Prepares an evaluator.
  public init(training: TrainingSet) {
    self.training = training
  }

  /// Reusable buffers for one thread: histograms and per-horizon results.
  public struct Scratch: ~Copyable {
    let histogram: UnsafeMutableBufferPointer<Int32>
    /// One entry per horizon, overwritten by each evaluation.
    public let metrics: UnsafeMutableBufferPointer<CandidateMetrics>

    /// Allocates buffers for `horizons` horizons.
    public init(horizons: Int) {
      histogram = .allocate(capacity: 2 * CandidateEvaluator.bucketCount * horizons)
      metrics = .allocate(capacity: horizons)
      metrics.initialize(repeating: CandidateMetrics())
    }

    deinit {
      histogram.deallocate()
      metrics.deallocate()
    }
  }

  /// Evaluates `weights` with `bands`, writing one ``CandidateMetrics`` per
  /// horizon into `scratch.metrics`.
  ///
  /// With a `falseAlarmLimit`, also fits the flag threshold: the highest
  /// bucket boundary t at which renewed accounts scoring below t are at most
  /// that share of renewed accounts at every horizon. Bucket boundaries are
  /// exact thresholds (`score < b / 20` exactly when the score's bucket is
  /// below b), so the refit counts are exact for thresholds on that 0.05 grid.
  /// - Complexity: O(accounts × components + horizons × bucketCount).
  public func evaluate(weights: UnsafeBufferPointer<Double>, bands: Bands, falseAlarmLimit: Double? = nil, scratch: inout Scratch) {
    let k = training.componentCount
    let buckets = Self.bucketCount
    let scale = Double(buckets) / 100
    scratch.histogram.update(repeating: 0)
    for (h, sample) in training.horizons.enumerated() {
      var metrics = CandidateMetrics()
      let renewedHistogram = scratch.histogram.baseAddress! + 2 * buckets * h
      let churnedHistogram = renewedHistogram + buckets
      sample.matrix.subScores.withUnsafeBufferPointer { sub in
        sample.matrix.presence.withUnsafeBufferPointer { present in
          sample.isChurned.withUnsafeBufferPointer { churned in
            for i in 0..<sample.count {
              var numerator = 0.0
              var denominator = 0.0
              let base = i * k
              for c in 0..<k {
                numerator += weights[c] * sub[base + c]
                denominator += weights[c] * present[base + c]
              }
              guard denominator > 0 else { continue }
              let score = numerator / denominator
              let bucket = min(buckets - 1, Int(score * scale))
              if churned[i] {
                metrics.churned += 1
                if score >= bands.greenAtOrAbove { metrics.greenChurned += 1 }
                if score < bands.redBelow { metrics.redChurned += 1 }
                churnedHistogram[bucket] += 1
              } else {
                metrics.renewed += 1
                if score >= bands.greenAtOrAbove { metrics.greenRenewed += 1 }
                if score < bands.redBelow { metrics.redRenewed += 1 }
                renewedHistogram[bucket] += 1
              }
            }
          }
        }
      }
      if metrics.churned > 0, metrics.renewed > 0 {
        // Churned accounts should score lower: count renewed accounts above
        // each churned bucket, and half of those in the same bucket.
        var renewedAbove = Int64(metrics.renewed)
        var concordant2 = Int64(0)
        for b in 0..<buckets {
          let r = Int64(renewedHistogram[b])
          renewedAbove -= r
          concordant2 += Int64(churnedHistogram[b]) * (2 * renewedAbove + r)
        }
        metrics.auc = Double(concordant2) / (2 * Double(metrics.churned) * Double(metrics.renewed))
      }
      scratch.metrics[h] = metrics
    }
    if let falseAlarmLimit { refit(falseAlarmLimit: falseAlarmLimit, scratch: &scratch) }
  }

  private func refit(falseAlarmLimit: Double, scratch: inout Scratch) {
    let buckets = Self.bucketCount
    var boundary = buckets
    for h in training.horizons.indices {
      let renewed = scratch.metrics[h].renewed
      guard renewed > 0 else { continue }
      let allowed = Int((falseAlarmLimit * Double(renewed)).rounded(.down))
      let histogram = scratch.histogram.baseAddress! + 2 * buckets * h
      var flagged = 0
      var b = 0
      while b < boundary, flagged + Int(histogram[b]) <= allowed {
        flagged += Int(histogram[b])
        b += 1
      }
      boundary = min(boundary, b)
    }
    for h in training.horizons.indices {
      let renewedHistogram = scratch.histogram.baseAddress! + 2 * buckets * h
      let churnedHistogram = renewedHistogram + buckets
      var churned = 0
      var renewed = 0
      for b in 0..<boundary {
        churned += Int(churnedHistogram[b])
        renewed += Int(renewedHistogram[b])
      }
      scratch.metrics[h].refit = CandidateMetrics.Refit(
        threshold: Double(boundary) * 100 / Double(buckets), flaggedChurned: churned, flaggedRenewed: renewed)
    }
  }
}
