import Foundation

/// The two-sided two-proportion z-test with a pooled variance: do two
/// rates differ by more than chance?
public enum TwoProportionTest {
  /// The p-value of `a` of `n` against `b` of `m` (totals may be weighted):
  /// 1 when either total is 0 or both rates are 0 or both 1.
  public static func pValue(_ a: Double, of n: Double, _ b: Double, of m: Double) -> Double {
    guard n > 0, m > 0 else { return 1 }
    let pooled = (a + b) / (n + m)
    let variance = pooled * (1 - pooled) * (1 / n + 1 / m)
    guard variance > 0 else { return 1 }
    let z = abs(a / n - b / m) / variance.squareRoot()
    return erfc(z / 2.0.squareRoot())
  }
}
