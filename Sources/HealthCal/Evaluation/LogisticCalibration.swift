#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// Platt scaling: a calibrated churn probability from a 0–100 health score.
///
/// A health score ranks accounts but is not a probability; the Brier score
/// needs one. The fit is `p = 1 / (1 + exp(−(a + b·x)))` with
/// `x = (50 − score) / 50`, so x runs from 1 (score 0, most at risk) to −1
/// (score 100) and a positive slope means "lower score, more churn".
///
/// The parameters minimise the ridge-penalised negative log-likelihood
///
///     L(a, b) = Σᵢ [log(1 + exp(ηᵢ)) − yᵢ·ηᵢ] + (λ/2)(a² + b²),  ηᵢ = a + b·xᵢ,
///
/// with λ = 1e-6 and yᵢ = 1 for churned. The penalty is far too small to move a
/// fit on real data, but when the score separates the classes perfectly the
/// unpenalised likelihood has no maximum (the slope runs to infinity); the
/// penalty gives a unique, finite fit instead of an overflow or an arbitrary
/// stopping point. `log(1 + exp(η))` is evaluated as
/// `max(η, 0) + log1p(exp(−|η|))`, which neither overflows for large η nor
/// loses the whole answer to rounding for very negative η.
package struct LogisticCalibration: Hashable, Sendable {
  /// The fitted intercept a: the log-odds of churn at score 50.
  package var intercept: Double
  /// The fitted slope b on x = (50 − score)/50; positive when lower scores churn more.
  package var slope: Double

  /// The ridge penalty λ on both parameters.
  static let ridge = 1e-6

  /// Fits the calibration by Newton's method.
  ///
  /// Starts at a = 0, b = 0. A large Newton step (some component ≥ 0.01) is
  /// halved until it does not increase L, so the iteration cannot overshoot
  /// and diverge as plain Newton can on nearly separated data; small steps are
  /// taken whole, which gives Newton's quadratic convergence near the optimum.
  /// Stops when the Newton step's largest component is below 1e-13 or after
  /// 100 iterations. With perfectly separated data the optimum is
  /// very flat and rounding noise in the gradient can keep the step above
  /// 1e-13; the iteration then runs its 100 steps and returns the (finite)
  /// best point.
  ///
  /// - Parameters:
  ///   - scores: Health scores on the 0–100 scale (values outside it are used
  ///     as given). Must be finite.
  ///   - isChurned: One outcome per score.
  ///   - weights: a weight per observation (the landmark design's, see
  ///     ``LandmarkWeights``), or `nil` for once each; each term of L is
  ///     multiplied by its weight.
  /// - Returns: `nil` when there are no observations. One class alone still
  ///   fits (the penalty keeps the intercept finite).
  /// - Complexity: O(n · k) for n observations and k ≤ 100 iterations.
  package init?(scores: [Double], isChurned: [Bool], weights: [Double]? = nil) {
    precondition(scores.count == isChurned.count, "scores and isChurned must have the same length")
    precondition(weights.map { $0.count == scores.count } ?? true, "one weight per score")
    precondition(scores.allSatisfy(\.isFinite), "scores must be finite")
    guard !scores.isEmpty else { return nil }
    let x = scores.map { (50 - $0) / 50 }
    let y = isChurned.map { $0 ? 1.0 : 0.0 }
    let lambda = Self.ridge

    var a = 0.0
    var b = 0.0
    let w = weights ?? [Double](repeating: 1, count: x.count)
    var loss = Self.penalisedLoss(a: a, b: b, x: x, y: y, w: w)
    for _ in 0..<100 {
      var gradientA = lambda * a
      var gradientB = lambda * b
      var hessianAA = lambda
      var hessianAB = 0.0
      var hessianBB = lambda
      for i in x.indices {
        let p = Self.logistic(a + b * x[i])
        let residual = w[i] * (p - y[i])
        let weight = w[i] * (p * (1 - p))
        gradientA += residual
        gradientB += residual * x[i]
        hessianAA += weight
        hessianAB += weight * x[i]
        hessianBB += weight * x[i] * x[i]
      }
      let determinant = hessianAA * hessianBB - hessianAB * hessianAB
      let stepA = (hessianBB * gradientA - hessianAB * gradientB) / determinant
      let stepB = (hessianAA * gradientB - hessianAB * gradientA) / determinant
      guard stepA.isFinite, stepB.isFinite else { break }
      let largest = max(abs(stepA), abs(stepB))
      // A small step (each η moves by at most 0.01·(1 + |x|)) stays where the
      // quadratic model Newton solves is accurate, so it is taken whole.
      // Checking L there would compare values that differ only by rounding
      // noise and could stop the iteration ~1e-8 short of the optimum.
      var scale = 1.0
      if largest >= 0.01 {
        while scale > 0x1p-40,
          Self.penalisedLoss(a: a - scale * stepA, b: b - scale * stepB, x: x, y: y, w: w) > loss
        {
          scale /= 2
        }
      }
      a -= scale * stepA
      b -= scale * stepB
      if largest < 1e-13 { break }
      loss = Self.penalisedLoss(a: a, b: b, x: x, y: y, w: w)
    }
    intercept = a
    slope = b
  }

  /// The calibrated churn probability for a health score.
  ///
  /// Evaluated without overflow for any finite score: `exp` is only ever taken
  /// of a non-positive number.
  package func probability(score: Double) -> Double {
    Self.logistic(intercept + slope * (50 - score) / 50)
  }

  /// The Brier score: the mean squared error of the calibrated probabilities
  /// against the outcomes (1 for churned, 0 for renewed).
  ///
  /// Lower is better; 0.25 is what a constant p = 0.5 scores, and
  /// `base rate · (1 − base rate)` is what the best constant scores.
  ///
  /// - Precondition: `scores` is non-empty and as long as `isChurned` (a mean
  ///   over nothing has no value).
  package func brierScore(scores: [Double], isChurned: [Bool], weights: [Double]? = nil) -> Double {
    precondition(scores.count == isChurned.count, "scores and isChurned must have the same length")
    precondition(!scores.isEmpty, "the Brier score needs at least one observation")
    var sum = 0.0
    var total = 0.0
    for i in scores.indices {
      let weight = weights?[i] ?? 1
      let error = probability(score: scores[i]) - (isChurned[i] ? 1 : 0)
      sum += weight * (error * error)
      total += weight
    }
    return sum / total
  }

  /// 1 / (1 + exp(−η)), taking `exp` only of −|η| so it never overflows.
  static func logistic(_ eta: Double) -> Double {
    if eta >= 0 { return 1 / (1 + exp(-eta)) }
    let e = exp(eta)
    return e / (1 + e)
  }

  /// log(1 + exp(η)) without overflow (large η) or total cancellation (very negative η).
  static func softplus(_ eta: Double) -> Double {
    max(eta, 0) + log1p(exp(-abs(eta)))
  }

  /// L(a, b): the negative log-likelihood plus (λ/2)(a² + b²).
  private static func penalisedLoss(a: Double, b: Double, x: [Double], y: [Double], w: [Double]) -> Double {
    var sum = ridge / 2 * (a * a + b * b)
    for i in x.indices {
      let eta = a + b * x[i]
      sum += w[i] * (softplus(eta) - y[i] * eta)
    }
    return sum
  }
}
