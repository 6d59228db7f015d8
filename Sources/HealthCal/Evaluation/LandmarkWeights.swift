/// Weights that put the landmark design's controls on the churned accounts'
/// calendar.
///
/// A rate over controls pooled across landmarks would weight each landmark
/// by how many controls it has, while the churned side weights it by how
/// many cases it has. Where churn is bunched in time (a renewal season, a
/// price change), a score that merely tracks the date would then flag more
/// churners than controls "at the same alert rate" and look predictive. So
/// each landmark's controls are weighted by its share of the cases:
///
///     weight(control at L) = (cases_L ÷ C) · (N ÷ controls_L)
///
/// with C the cases and N the controls over all landmarks that have a case.
/// The weights sum to N, so counts keep their scale, and a false-alarm rate
/// becomes Σ_L (cases_L ÷ C) · FAR_L: "for a churned account's scoring date,
/// the share of still-customers flagged that same day", averaged over the
/// churned accounts. A score that only tracks the date flags the same share
/// of both sides. Controls at a landmark without a case get weight 0. Cases
/// weigh 1: the green-churn rate and recall are unchanged.
package enum LandmarkWeights {
  /// One weight per observation, in input order.
  /// - Parameters:
  ///   - landmarks: each observation's landmark (any integer key).
  ///   - isChurned: whether each observation is a case.
  ///   - multiplicities: how often each observation counts (a bootstrap
  ///     draw), or `nil` for once each; the weights are those of the
  ///     resampled data, per unit of multiplicity.
  /// - Complexity: O(n) expected.
  package static func weights(landmarks: [Int], isChurned: [Bool], multiplicities: [Int]? = nil) -> [Double] {
    precondition(landmarks.count == isChurned.count, "one landmark per observation")
    var cases: [Int: Int] = [:]
    var controls: [Int: Int] = [:]
    var totalCases = 0
    for i in landmarks.indices {
      let m = multiplicities?[i] ?? 1
      if isChurned[i] {
        cases[landmarks[i], default: 0] += m
        totalCases += m
      } else {
        controls[landmarks[i], default: 0] += m
      }
    }
    var totalControls = 0
    for (landmark, count) in controls where cases[landmark] != nil { totalControls += count }
    return landmarks.indices.map { i in
      isChurned[i]
        ? 1
        : controlWeight(
          cases: cases[landmarks[i]] ?? 0, controls: controls[landmarks[i]] ?? 0, totalCases: totalCases, totalControls: totalControls)
    }
  }

  /// The weight of each control at a landmark with `cases` cases and
  /// `controls` controls, out of `totalCases` and `totalControls` (over the
  /// landmarks that have a case); 0 where the landmark has no case.
  package static func controlWeight(cases: Int, controls: Int, totalCases: Int, totalControls: Int) -> Double {
    guard cases > 0, controls > 0 else { return 0 }
    return Double(cases) / Double(totalCases) * (Double(totalControls) / Double(controls))
  }
}
