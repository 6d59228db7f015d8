import Foundation

/// Evaluates candidate weightings against a ``TrainingSet`` with no
/// allocation per candidate: the hot loop of the weight search.
///
/// At construction each horizon's matrix is copied component-major with its
/// churned accounts first. A candidate is then scored tile by tile (512
/// accounts that stay in cache): `Σ w·s` for eight accounts at a time in
/// registers, in the same order as ``SubScoreMatrix/score(row:weights:)`` so
/// every score is bit-identical to the audit's, then band counts per class
/// with vector compares instead of a branch per account.
///
/// Where every component of every account is present (the `neutral` and
/// `zero` missing policies), the denominator `Σ w·p` is the same for every
/// account, and the band tests need no division: correctly rounded division
/// is monotone, so `n / D ≥ t` holds exactly when `n` is at least the
/// smallest double `n*` with `n* / D ≥ t`, found once per candidate (and the
/// audit's clamp of a score to 100 cannot change a test against a cut-off
/// that is itself at most 100). The
/// score histogram behind the counting AUC is only built when asked for.
public struct CandidateEvaluator: Sendable {
  /// Histogram buckets over 0–100 for the counting AUC (0.05 points wide).
  public static let bucketCount = 2000

  /// The data being evaluated against.
  public let training: TrainingSet
  /// Per horizon, the component-major copy the hot loop reads.
  private let layouts: [Layout]

  /// One horizon, component-major, churned accounts first.
  private struct Layout: Sendable {
    /// Accounts (rows of the matrix).
    var count: Int
    /// Accounts that churned: rows `0..<churnedCount`.
    var churnedCount: Int
    /// `componentCount × count` sub-scores, one component after another.
    var subScores: [Double]
    /// The same layout of presence flags, or `nil` when every flag is 1.
    var presence: [Double]?
  }

  /// Prepares an evaluator.
  /// - Complexity: O(accounts × components) per horizon.
  public init(training: TrainingSet) {
    self.training = training
    let k = training.componentCount
    layouts = training.horizons.map { sample in
      let order = sample.isChurned.indices.filter { sample.isChurned[$0] } + sample.isChurned.indices.filter { !sample.isChurned[$0] }
      let n = order.count
      var subScores = [Double](repeating: 0, count: k * n)
      var presence = [Double](repeating: 0, count: k * n)
      for (i, row) in order.enumerated() {
        for c in 0..<k {
          subScores[c * n + i] = sample.matrix.subScores[row * k + c]
          presence[c * n + i] = sample.matrix.presence[row * k + c]
        }
      }
      let churned = sample.isChurned.reduce(0) { $0 + ($1 ? 1 : 0) }
      return Layout(count: n, churnedCount: churned, subScores: subScores, presence: presence.allSatisfy { $0 == 1 } ? nil : presence)
    }
  }

  /// Reusable buffers for one thread: scores, histograms and per-horizon results.
  public struct Scratch: ~Copyable {
    let histogram: UnsafeMutableBufferPointer<Int32>
    let numerators: UnsafeMutableBufferPointer<Double>
    let denominators: UnsafeMutableBufferPointer<Double>
    let cuts: UnsafeMutableBufferPointer<Cuts>
    /// One entry per horizon, overwritten by each evaluation.
    public let metrics: UnsafeMutableBufferPointer<CandidateMetrics>

    /// Allocates buffers for `horizons` horizons: histograms per horizon,
    /// scores for one tile of accounts.
    public init(horizons: Int) {
      histogram = .allocate(capacity: 2 * CandidateEvaluator.bucketCount * horizons)
      numerators = .allocate(capacity: CandidateEvaluator.tileSize)
      denominators = .allocate(capacity: CandidateEvaluator.tileSize)
      cuts = .allocate(capacity: CandidateEvaluator.maximumBlock)
      cuts.initialize(repeating: Cuts(denominator: 0, green: 0, red: 0))
      metrics = .allocate(capacity: horizons)
      metrics.initialize(repeating: CandidateMetrics())
    }

    deinit {
      histogram.deallocate()
      numerators.deallocate()
      denominators.deallocate()
      cuts.deallocate()
      metrics.deallocate()
    }
  }

  /// Buffers sized for this evaluator's training set.
  public func makeScratch() -> Scratch {
    Scratch(horizons: layouts.count)
  }

  /// Evaluates `weights` with `bands`, writing one ``CandidateMetrics`` per
  /// horizon into `scratch.metrics`.
  ///
  /// With `includesAUC` false only the band counts are computed and `auc`
  /// is `nil`: what a search needs to discard a candidate whose loss is
  /// already beaten. With a `falseAlarmLimit` (which implies the AUC pass),
  /// also fits the flag threshold: the highest bucket boundary t at which
  /// renewed accounts scoring below t are at most that share of renewed
  /// accounts at every horizon. Bucket boundaries are exact thresholds
  /// (`score < b / 20` exactly when the score's bucket is below b), so the
  /// refit counts are exact for thresholds on that 0.05 grid.
  /// - Complexity: O(accounts × components), plus O(accounts + bucketCount)
  ///   per horizon for the AUC.
  public func evaluate(
    weights: UnsafeBufferPointer<Double>, bands: Bands, falseAlarmLimit: Double? = nil, includesAUC: Bool = true,
    scratch: inout Scratch
  ) {
    let histograms = includesAUC || falseAlarmLimit != nil
    if histograms { scratch.histogram.update(repeating: 0) }
    let cuts = Cuts(weights: weights.baseAddress!, count: training.componentCount, bands: bands)
    for (h, layout) in layouts.enumerated() {
      var metrics = CandidateMetrics()
      var start = 0
      while start < layout.count {
        let tile = start..<min(layout.count, start + Self.tileSize)
        score(layout, weights: weights.baseAddress!, tile: tile, scratch: &scratch)
        addBandCounts(layout, tile: tile, cuts: cuts, bands: bands, into: &metrics, scratch: scratch)
        if histograms { addToHistograms(horizon: h, layout, tile: tile, cuts: cuts, scratch: scratch) }
        start = tile.upperBound
      }
      if histograms { metrics.auc = countingAUC(horizon: h, metrics: metrics, scratch: scratch) }
      scratch.metrics[h] = metrics
    }
    if let falseAlarmLimit { refit(falseAlarmLimit: falseAlarmLimit, scratch: &scratch) }
  }

  /// Accounts per tile of ``countBands(weights:count:bands:into:scratch:)``:
  /// a tile's sub-scores (tileSize × components doubles) stay in the L1
  /// cache while every candidate of the block reads them.
  static let tileSize = 512

  /// Band counts (no AUC) for a block of `count` candidates at once, the
  /// weight search's common case.
  ///
  /// One candidate at a time streams the whole sub-score matrix from memory
  /// per candidate, which makes the search bandwidth-bound; a block walks the
  /// accounts tile by tile and scores every candidate on a tile while it is
  /// in cache, so the matrix is read once per block.
  /// - Parameters:
  ///   - weights: `count × componentCount` weights, one candidate after another.
  ///   - metrics: `count × horizons` results, candidate-major; `auc` and `refit` are `nil`.
  /// - Complexity: O(count × accounts × components).
  public func countBands(
    weights: UnsafeBufferPointer<Double>, count: Int, bands: Bands, into metrics: UnsafeMutableBufferPointer<CandidateMetrics>,
    scratch: inout Scratch
  ) {
    precondition(count <= Self.maximumBlock, "at most \(Self.maximumBlock) candidates per block")
    let k = training.componentCount
    let horizons = layouts.count
    for b in 0..<count {
      for h in 0..<horizons { metrics[b * horizons + h] = CandidateMetrics() }
      scratch.cuts[b] = Cuts(weights: weights.baseAddress! + b * k, count: k, bands: bands)
    }
    for (h, layout) in layouts.enumerated() {
      var start = 0
      while start < layout.count {
        let tile = start..<min(layout.count, start + Self.tileSize)
        for b in 0..<count {
          score(layout, weights: weights.baseAddress! + b * k, tile: tile, scratch: &scratch)
          addBandCounts(layout, tile: tile, cuts: scratch.cuts[b], bands: bands, into: &metrics[b * horizons + h], scratch: scratch)
        }
        start = tile.upperBound
      }
    }
  }

  /// The most candidates ``countBands(weights:count:bands:into:scratch:)`` takes at once.
  public static let maximumBlock = 64

  /// A candidate's shared denominator `Σ w` (every account's, where every
  /// component is present) and the band cut-offs moved into numerator
  /// space, computed once per candidate rather than once per tile.
  struct Cuts {
    var denominator: Double
    /// Smallest numerator scoring at least the green cut-off.
    var green: Double
    /// Smallest numerator scoring at least the red cut-off (below it is red).
    var red: Double

    init(denominator: Double, green: Double, red: Double) {
      self.denominator = denominator
      self.green = green
      self.red = red
    }

    init(weights w: UnsafePointer<Double>, count k: Int, bands: Bands) {
      var denominator = 0.0
      for c in 0..<k { denominator += w[c] * 1 }
      self.denominator = denominator
      green = denominator > 0 ? CandidateEvaluator.smallestNumerator(reaching: bands.greenAtOrAbove, over: denominator) : .infinity
      red = denominator > 0 ? CandidateEvaluator.smallestNumerator(reaching: bands.redBelow, over: denominator) : .infinity
    }
  }

  /// Fills `scratch.numerators[0..<tile.count]` with `Σ w·s` for the tile's
  /// accounts and, where some presence flag is 0, `scratch.denominators`
  /// with `Σ w·p` (otherwise every account's denominator is ``Cuts/denominator``).
  ///
  /// Sums run over components in order, exactly as ``SubScoreMatrix/score(row:weights:)``.
  private func score(_ layout: Layout, weights w: UnsafePointer<Double>, tile: Range<Int>, scratch: inout Scratch) {
    layout.subScores.withUnsafeBufferPointer { sub in
      Self.weightedSums(sub.baseAddress! + tile.lowerBound, stride: layout.count, weights: w, count: training.componentCount, width: tile.count, into: scratch.numerators.baseAddress!)
    }
    layout.presence?.withUnsafeBufferPointer { present in
      Self.weightedSums(present.baseAddress! + tile.lowerBound, stride: layout.count, weights: w, count: training.componentCount, width: tile.count, into: scratch.denominators.baseAddress!)
    }
  }

  /// `sums[i] = Σ_c w[c] · columns[c · stride + i]` for `i < width`, eight
  /// accounts at a time in registers: independent lanes hide the latency of
  /// each lane's chain of adds.
  ///
  /// Each lane adds the products in component order starting from 0, the
  /// same operations as the scalar `Σ w·s`, so every sum is bit-identical to
  /// ``SubScoreMatrix/score(row:weights:)``'s; multiply and add stay
  /// separate instructions (Swift does not fuse them).
  private static func weightedSums(
    _ columns: UnsafePointer<Double>, stride: Int, weights w: UnsafePointer<Double>, count k: Int, width: Int,
    into sums: UnsafeMutablePointer<Double>
  ) {
    typealias Lanes = SIMD8<Double>
    var i = 0
    while i + Lanes.scalarCount <= width {
      var total = Lanes(repeating: 0)
      for c in 0..<k {
        total += Lanes(repeating: w[c]) * UnsafeRawPointer(columns + c * stride + i).loadUnaligned(as: Lanes.self)
      }
      UnsafeMutableRawPointer(sums + i).storeBytes(of: total, as: Lanes.self)
      i += Lanes.scalarCount
    }
    while i < width {
      var total = 0.0
      for c in 0..<k { total += w[c] * columns[c * stride + i] }
      sums[i] = total
      i += 1
    }
  }

  /// Adds the band counts of one scored tile to `metrics`.
  ///
  /// With a shared denominator the tests need no division: correctly
  /// rounded division is monotone, so `n / D ≥ t` exactly when `n` reaches
  /// ``smallestNumerator(reaching:over:)``. Rows are churned first, so a
  /// tile splits into at most one churned and one renewed run.
  private func addBandCounts(
    _ layout: Layout, tile: Range<Int>, cuts: Cuts, bands: Bands,
    into metrics: inout CandidateMetrics, scratch: borrowing Scratch
  ) {
    let numerators = scratch.numerators.baseAddress!
    let width = tile.count
    let split = min(max(layout.churnedCount - tile.lowerBound, 0), width)
    if layout.presence == nil {
      guard cuts.denominator > 0 else { return }
      metrics.churned += split
      metrics.renewed += width - split
      let churned = Self.count(numerators, 0..<split, atLeast: cuts.green, and: cuts.red)
      let renewed = Self.count(numerators, split..<width, atLeast: cuts.green, and: cuts.red)
      metrics.greenChurned += churned.first
      metrics.greenRenewed += renewed.first
      metrics.redChurned += split - churned.second
      metrics.redRenewed += (width - split) - renewed.second
      return
    }
    let denominators = scratch.denominators.baseAddress!
    for i in 0..<width where denominators[i] > 0 {
      let score = numerators[i] / denominators[i]
      let isGreen = score >= bands.greenAtOrAbove ? 1 : 0
      let isRed = score < bands.redBelow ? 1 : 0
      if i < split {
        metrics.churned += 1
        metrics.greenChurned += isGreen
        metrics.redChurned += isRed
      } else {
        metrics.renewed += 1
        metrics.greenRenewed += isGreen
        metrics.redRenewed += isRed
      }
    }
  }

  /// How many values in `range` are ≥ `first` and how many are ≥ `second`,
  /// eight at a time with vector compares: a scalar `if` per account is a
  /// branch the predictor cannot learn, and it cost more than the scoring.
  private static func count(
    _ values: UnsafeMutablePointer<Double>, _ range: Range<Int>, atLeast first: Double, and second: Double
  ) -> (first: Int, second: Int) {
    typealias Lanes = SIMD8<Double>
    let one = SIMD8<Int64>(repeating: 1), zero = SIMD8<Int64>(repeating: 0)
    let firstLanes = Lanes(repeating: first), secondLanes = Lanes(repeating: second)
    var firstCounts = zero, secondCounts = zero
    var i = range.lowerBound
    while i + Lanes.scalarCount <= range.upperBound {
      let v = UnsafeRawPointer(values + i).loadUnaligned(as: Lanes.self)
      firstCounts &+= zero.replacing(with: one, where: v .>= firstLanes)
      secondCounts &+= zero.replacing(with: one, where: v .>= secondLanes)
      i += Lanes.scalarCount
    }
    var counts = (first: Int(firstCounts.wrappedSum()), second: Int(secondCounts.wrappedSum()))
    while i < range.upperBound {
      if values[i] >= first { counts.first += 1 }
      if values[i] >= second { counts.second += 1 }
      i += 1
    }
    return counts
  }

  /// The smallest double `x` with `x / denominator ≥ threshold` in IEEE
  /// arithmetic (`denominator > 0`), so `n / denominator ≥ threshold`
  /// exactly when `n ≥ x`; `-∞` when every non-negative numerator reaches it.
  static func smallestNumerator(reaching threshold: Double, over denominator: Double) -> Double {
    guard threshold > 0 else { return -.infinity }
    var x = threshold * denominator
    while x.nextDown / denominator >= threshold { x = x.nextDown }
    while x / denominator < threshold { x = x.nextUp }
    return x
  }

  /// Adds one scored tile to horizon `h`'s score histograms, each score
  /// divided exactly as the audit divides it.
  private func addToHistograms(horizon h: Int, _ layout: Layout, tile: Range<Int>, cuts: Cuts, scratch: borrowing Scratch) {
    let buckets = Self.bucketCount
    let scale = Double(buckets) / 100
    let renewedHistogram = scratch.histogram.baseAddress! + 2 * buckets * h
    let churnedHistogram = renewedHistogram + buckets
    for i in 0..<tile.count {
      let denominator = layout.presence == nil ? cuts.denominator : scratch.denominators[i]
      guard denominator > 0 else { continue }
      let bucket = min(buckets - 1, Int(scratch.numerators[i] / denominator * scale))
      if tile.lowerBound + i < layout.churnedCount { churnedHistogram[bucket] += 1 } else { renewedHistogram[bucket] += 1 }
    }
  }

  /// The counting AUC from horizon `h`'s histograms, `nil` when a class is empty.
  private func countingAUC(horizon h: Int, metrics: CandidateMetrics, scratch: borrowing Scratch) -> Double? {
    guard metrics.churned > 0, metrics.renewed > 0 else { return nil }
    let buckets = Self.bucketCount
    let renewedHistogram = scratch.histogram.baseAddress! + 2 * buckets * h
    let churnedHistogram = renewedHistogram + buckets
    // Churned accounts should score lower: count renewed accounts above
    // each churned bucket, and half of those in the same bucket.
    var renewedAbove = Int64(metrics.renewed)
    var concordant2 = Int64(0)
    for b in 0..<buckets {
      let r = Int64(renewedHistogram[b])
      renewedAbove -= r
      concordant2 += Int64(churnedHistogram[b]) * (2 * renewedAbove + r)
    }
    return Double(concordant2) / (2 * Double(metrics.churned) * Double(metrics.renewed))
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
