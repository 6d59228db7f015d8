/// Band cut-offs chosen for a tuned model.
///
/// New weights move every score, so cut-offs tuned for the old weights no
/// longer mean the same thing. Depending on the objective the bands are
/// searched on a grid, matched to the share of accounts the current model
/// flags, or set from a fitted flag threshold.
package enum BandFit {
  /// Candidate cut-offs for a band search: 20 to 90 points in steps of 2.5.
  package static let grid: [Double] = stride(from: 20.0, through: 90.0, by: 2.5).map { $0 }

  /// The grid bands (and the current ones) that minimise the objective for
  /// fixed `weights`, ranked like ``WeightSearch`` and then by closeness to
  /// the current bands.
  package static func search(_ search: WeightSearch, weights: [Double], current: Bands) -> (bands: Bands, loss: Double)? {
    var candidates = [current]
    for red in grid {
      for green in grid where green >= red { candidates.append(Bands(redBelow: red, greenAtOrAbove: green)) }
    }
    var best: (bands: Bands, candidate: WeightSearch.Candidate, distance: Double)?
    for bands in candidates {
      guard let candidate = search.evaluate([weights], bands: bands)[0] else { continue }
      let distance = abs(bands.redBelow - current.redBelow) + abs(bands.greenAtOrAbove - current.greenAtOrAbove)
      if let incumbent = best {
        if candidate.loss > incumbent.candidate.loss { continue }
        if candidate.loss == incumbent.candidate.loss, distance >= incumbent.distance { continue }
      }
      best = (bands, candidate, distance)
    }
    return best.map { ($0.bands, $0.candidate.loss) }
  }

  /// Bands that flag the same shares of `scores` as `reference` does of
  /// `referenceScores`: the red share and the non-green share.
  ///
  /// Used after maximising AUC, which ignores the cut-offs: this keeps the
  /// tuned model's workload equal to the current one's. A cut-off is placed
  /// midway between the two scores that straddle the target share, so ties
  /// are never split.
  package static func matchingShares(of reference: Bands, referenceScores: [Double], scores: [Double]) -> Bands {
    guard !scores.isEmpty, !referenceScores.isEmpty else { return reference }
    let redShare = Double(referenceScores.filter { $0 < reference.redBelow }.count) / Double(referenceScores.count)
    let nonGreenShare = Double(referenceScores.filter { $0 < reference.greenAtOrAbove }.count) / Double(referenceScores.count)
    let sorted = scores.sorted()
    func cut(share: Double) -> Double {
      let k = Int((share * Double(sorted.count)).rounded())
      if k <= 0 { return max(0, sorted[0] - 0.05) }
      if k >= sorted.count { return min(100, sorted[sorted.count - 1] + 0.05) }
      return (sorted[k - 1] + sorted[k]) / 2
    }
    let red = cut(share: redShare)
    let green = max(red, cut(share: nonGreenShare))
    return Bands(redBelow: red, greenAtOrAbove: green)
  }

  /// Bands whose flag threshold is `threshold`: under `.red` the red cut-off
  /// moves (green stays at least as high); under `.amber` the green cut-off
  /// moves (red stays at most as high).
  package static func flagging(below threshold: Double, rule: AtRiskRule, current: Bands) -> Bands {
    switch rule {
    case .red: return Bands(redBelow: threshold, greenAtOrAbove: max(threshold, current.greenAtOrAbove))
    case .amber: return Bands(redBelow: min(threshold, current.redBelow), greenAtOrAbove: threshold)
    }
  }
}
