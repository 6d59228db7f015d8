/// A deterministic random number generator (xoshiro256**), seeded by SplitMix64.
///
/// `SystemRandomNumberGenerator` cannot be seeded, and the standard library
/// promises no particular algorithm behind `Double.random(in:using:)` across
/// releases. Every random choice healthcal makes (bootstrap resamples, synthetic
/// data, search candidates) goes through this generator and through the helper
/// methods below, so the same seed gives byte-identical output on every platform.
///
/// It lives in the domain module beside the bootstrap, the search and the
/// synthesiser that make hundreds of millions of draws, so every draw is
/// inlined into their loops (across modules a `package` type's draws were
/// calls: 7% of an audit).
package struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: (UInt64, UInt64, UInt64, UInt64)

  /// Creates a generator whose whole stream is fixed by `seed`.
  package init(seed: UInt64) {
    var mix = seed
    func splitMix() -> UInt64 {
      mix &+= 0x9E37_79B9_7F4A_7C15
      var z = mix
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    state = (splitMix(), splitMix(), splitMix(), splitMix())
  }

  /// Creates an independent stream for a numbered task, so parallel workers
  /// draw the same numbers whatever the thread count.
  package init(seed: UInt64, stream: UInt64) {
    self.init(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03 &+ 0x8CB9_2BA7_2F3D_8DD7))
  }

  /// The next 64 random bits.
  package mutating func next() -> UInt64 {
    let result = rotl(state.1 &* 5, 7) &* 9
    let t = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= t
    state.3 = rotl(state.3, 45)
    return result
  }

  /// A uniform double in [0, 1) with 53 random bits.
  package mutating func nextUnit() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// A uniform integer in `0..<bound` without modulo bias (Lemire's method).
  package mutating func nextInt(below bound: Int) -> Int {
    precondition(bound > 0, "bound must be positive")
    let b = UInt64(bound)
    var product = next().multipliedFullWidth(by: b)
    if product.low < b {
      let threshold = (0 &- b) % b
      while product.low < threshold {
        product = next().multipliedFullWidth(by: b)
      }
    }
    return Int(product.high)
  }

  /// A standard normal deviate (Box–Muller; one of the pair is discarded so the
  /// stream position depends only on the number of calls).
  package mutating func nextGaussian() -> Double {
    var u = nextUnit()
    while u == 0 { u = nextUnit() }
    let v = nextUnit()
    return (-2 * _log(u)).squareRoot() * _cos(2 * Double.pi * v)
  }

  private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

@inline(__always) private func _log(_ x: Double) -> Double { log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { cos(x) }
