import HealthCal
import Testing

@Suite struct WilsonIntervalTests {
  let z = 1.959963984540054

  /// The textbook form: (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n).
  func closedForm(_ k: Int, _ n: Int) -> (lower: Double, upper: Double) {
    let p = Double(k) / Double(n)
    let n = Double(n)
    let centre = p + z * z / (2 * n)
    let spread = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
    let scale = 1 + z * z / n
    return ((centre - spread) / scale, (centre + spread) / scale)
  }

  @Test func matchesClosedForm() throws {
    for (k, n) in [(0, 10), (10, 10), (3, 10), (1, 2), (17, 250), (499, 1000)] {
      let interval = try #require(WilsonInterval(successes: k, trials: n))
      let expected = closedForm(k, n)
      #expect(abs(interval.lower - expected.lower) <= 1e-12)
      #expect(abs(interval.upper - expected.upper) <= 1e-12)
    }
  }

  @Test func knownValues() throws {
    // 3/10: centre (3 + 1.92073) / 13.84146 = 0.355505, half-width 0.247714.
    let three = try #require(WilsonInterval(successes: 3, trials: 10))
    #expect(abs(three.lower - 0.1077913) < 1e-6)
    #expect(abs(three.upper - 0.6032219) < 1e-6)
    // 0/10: upper = z² / (n + z²) = 3.84146 / 13.84146 = 0.2775328; lower exactly 0.
    let none = try #require(WilsonInterval(successes: 0, trials: 10))
    #expect(none.lower == 0)
    #expect(abs(none.upper - 0.2775328) < 1e-6)
    // 10/10 mirrors 0/10; upper exactly 1.
    let all = try #require(WilsonInterval(successes: 10, trials: 10))
    #expect(all.upper == 1)
    #expect(abs(all.lower - (1 - 0.2775328)) < 1e-6)
  }

  @Test func refusesUndefinedOrInconsistentCounts() {
    #expect(WilsonInterval(successes: 0, trials: 0) == nil)
    #expect(WilsonInterval(successes: -1, trials: 5) == nil)
    #expect(WilsonInterval(successes: 6, trials: 5) == nil)
    #expect(WilsonInterval(successes: 1, trials: 5, z: .nan) == nil)
    #expect(WilsonInterval(successes: 1, trials: 5, z: 0) == nil)
  }

  @Test func customConfidenceIsNarrowerForSmallerZ() throws {
    let wide = try #require(WilsonInterval(successes: 3, trials: 10))
    let narrow = try #require(WilsonInterval(successes: 3, trials: 10, z: 1.6448536269514722))
    #expect(narrow.lower > wide.lower && narrow.upper < wide.upper)
  }
}
