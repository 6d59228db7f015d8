import Foundation

/// Evaluates candidate weightings against a ``TrainingSet`` with no
/// allocation per candidate: the hot loop of the weight search.
///
/// At construction each horizon's matrix is copied component-major in
/// blocks, one per landmark (one in the renewal design), each with its
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
///
/// In the landmark design the renewed side of each block counts with the
/// block's ``LandmarkWeights`` weight and the AUC is the pooled
/// within-landmark concordance (one histogram pair per block), exactly as
/// the audit computes them.
package struct CandidateEvaluator: Sendable {
  /// Histogram buckets over 0–100 for the counting AUC (0.05 points wide).
  package static let bucketCount = 2000

  /// The data being evaluated against.
  package let training: TrainingSet
  /// Per horizon, the component-major copy the hot loop reads.
  private let layouts: [Layout]

  /// One horizon, component-major, in landmark blocks.
  private struct Layout: Sendable {
    /// Accounts (rows of the matrix).
    var count: Int
    /// Consecutive row ranges, one per landmark, each churned rows first.
    var blocks: [Block]
    /// This horizon's first block among all horizons' (its histograms' slot).
    var firstBlock: Int
    /// `componentCount × count` sub-scores, one component after another.
    var subScores: [Double]
    /// The same layout of presence flags, or `nil` when every flag is 1.
    var presence: [Double]?
  }

  /// One landmark's rows: churned `start..<churnedEnd`, renewed `churnedEnd..<end`.
  struct Block: Sendable {
    var start: Int
    var churnedEnd: Int
    var end: Int
    /// What each renewed row counts for (1 in the renewal design).
    var renewedWeight: Double
  }

  /// Landmark blocks over all horizons: histogram pairs in a scratch.
  let blockCount: Int

  /// Prepares an evaluator.
  /// - Complexity: O(accounts × components) per horizon.
  package init(training: TrainingSet) {
    self.training = training
    let k = training.componentCount
    var firstBlock = 0
    layouts = training.horizons.map { sample in
      // By landmark, churned first within each, input order otherwise.
      let order = sample.isChurned.indices.sorted {
        (sample.landmarks[$0], sample.isChurned[$0] ? 0 : 1, $0) < (sample.landmarks[$1], sample.isChurned[$1] ? 0 : 1, $1)
      }
      let n = order.count
      var subScores = [Double](repeating: 0, count: k * n)
      var presence = [Double](repeating: 0, count: k * n)
      for (i, row) in order.enumerated() {
        for c in 0..<k {
          subScores[c * n + i] = sample.matrix.subScores[row * k + c]
          presence[c * n + i] = sample.matrix.presence[row * k + c]
        }
      }
      var blocks: [Block] = []
      var start = 0
      while start < n {
        var end = start
        var churnedEnd = start
        while end < n, sample.landmarks[order[end]] == sample.landmarks[order[start]] {
          if sample.isChurned[order[end]] { churnedEnd = end + 1 }
          end += 1
        }
        blocks.append(Block(start: start, churnedEnd: churnedEnd, end: end, renewedWeight: 1))
        start = end
      }
      if sample.design == .landmark {
        let totalCases = blocks.reduce(0) { $0 + $1.churnedEnd - $1.start }
        let totalControls = blocks.reduce(0) { $0 + ($1.churnedEnd > $1.start ? $1.end - $1.churnedEnd : 0) }
        for b in blocks.indices {
          blocks[b].renewedWeight = LandmarkWeights.controlWeight(
            cases: blocks[b].churnedEnd - blocks[b].start, controls: blocks[b].end - blocks[b].churnedEnd,
            totalCases: totalCases, totalControls: totalControls)
        }
      }
      defer { firstBlock += blocks.count }
      return Layout(
        count: n, blocks: blocks, firstBlock: firstBlock, subScores: subScores,
        presence: presence.allSatisfy { $0 == 1 } ? nil : presence)
    }
    blockCount = firstBlock
  }

  /// Reusable buffers for one thread: scores, histograms and per-horizon results.
  package struct Scratch: ~Copyable {
    let histogram: UnsafeMutableBufferPointer<Int32>
    let numerators: UnsafeMutableBufferPointer<Double>
    let denominators: UnsafeMutableBufferPointer<Double>
    let cuts: UnsafeMutableBufferPointer<Cuts>
    /// One entry per horizon, overwritten by each evaluation.
    package let metrics: UnsafeMutableBufferPointer<CandidateMetrics>

    /// Allocates buffers for `horizons` horizons in `blocks` landmark blocks
    /// (at least one per horizon): histograms per block, scores for one tile
    /// of accounts.
    package init(horizons: Int, blocks: Int) {
      histogram = .allocate(capacity: 2 * CandidateEvaluator.bucketCount * max(blocks, horizons))
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
  package func makeScratch() -> Scratch {
    Scratch(horizons: layouts.count, blocks: blockCount)
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
  package func evaluate(
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
        if histograms { addToHistograms(layout, tile: tile, cuts: cuts, scratch: scratch) }
        start = tile.upperBound
      }
      if histograms { metrics.auc = countingAUC(layout, scratch: scratch) }
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
  package func countBands(
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
  package static let maximumBlock = 64

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

  /// Calls `body` with each run of one class within one block that `tile`
  /// covers, as offsets into the tile, with the block's index.
  private static func forEachRun(
    _ layout: Layout, tile: Range<Int>, _ body: (_ block: Int, _ run: Range<Int>, _ isChurned: Bool) -> Void
  ) {
    var low = 0
    var high = layout.blocks.count
    while low < high {
      let mid = (low + high) / 2
      if layout.blocks[mid].end <= tile.lowerBound { low = mid + 1 } else { high = mid }
    }
    var b = low
    while b < layout.blocks.count, layout.blocks[b].start < tile.upperBound {
      let block = layout.blocks[b]
      for (from, to, isChurned) in [(block.start, block.churnedEnd, true), (block.churnedEnd, block.end, false)] {
        let lower = max(from, tile.lowerBound), upper = min(to, tile.upperBound)
        if lower < upper { body(b, (lower - tile.lowerBound)..<(upper - tile.lowerBound), isChurned) }
      }
      b += 1
    }
  }

  /// Adds the band counts of one scored tile to `metrics`.
  ///
  /// With a shared denominator the tests need no division: correctly
  /// rounded division is monotone, so `n / D ≥ t` exactly when `n` reaches
  /// ``smallestNumerator(reaching:over:)``. Rows are churned first in each
  /// block, so a tile splits into a few runs of one class each.
  private func addBandCounts(
    _ layout: Layout, tile: Range<Int>, cuts: Cuts, bands: Bands,
    into metrics: inout CandidateMetrics, scratch: borrowing Scratch
  ) {
    let numerators = scratch.numerators.baseAddress!
    let denominators = scratch.denominators.baseAddress!
    if layout.presence == nil, !(cuts.denominator > 0) { return }
    Self.forEachRun(layout, tile: tile) { b, run, isChurned in
      var width = run.count, green = 0, notRed = 0
      if layout.presence == nil {
        (green, notRed) = Self.count(numerators, run, atLeast: cuts.green, and: cuts.red)
      } else {
        width = 0
        for i in run where denominators[i] > 0 {
          let score = numerators[i] / denominators[i]
          width += 1
          if score >= bands.greenAtOrAbove { green += 1 }
          if !(score < bands.redBelow) { notRed += 1 }
        }
      }
      if isChurned {
        metrics.churned += width
        metrics.greenChurned += green
        metrics.redChurned += width - notRed
      } else {
        let weight = layout.blocks[b].renewedWeight
        metrics.renewed += Double(width) * weight
        metrics.greenRenewed += Double(green) * weight
        metrics.redRenewed += Double(width - notRed) * weight
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

  /// Adds one scored tile to its blocks' score histograms, each score
  /// divided exactly as the audit divides it.
  private func addToHistograms(_ layout: Layout, tile: Range<Int>, cuts: Cuts, scratch: borrowing Scratch) {
    let buckets = Self.bucketCount
    let scale = Double(buckets) / 100
    Self.forEachRun(layout, tile: tile) { b, run, isChurned in
      let histogram = scratch.histogram.baseAddress! + 2 * buckets * (layout.firstBlock + b) + (isChurned ? buckets : 0)
      for i in run {
        let denominator = layout.presence == nil ? cuts.denominator : scratch.denominators[i]
        guard denominator > 0 else { continue }
        histogram[min(buckets - 1, Int(scratch.numerators[i] / denominator * scale))] += 1
      }
    }
  }

  /// The counting AUC from one horizon's block histograms: concordant pairs
  /// within each block over pairs within each block; `nil` when no block
  /// has both classes.
  private func countingAUC(_ layout: Layout, scratch: borrowing Scratch) -> Double? {
    let buckets = Self.bucketCount
    var concordant2 = Int64(0)
    var pairs = Int64(0)
    for b in layout.blocks.indices {
      let renewedHistogram = scratch.histogram.baseAddress! + 2 * buckets * (layout.firstBlock + b)
      let churnedHistogram = renewedHistogram + buckets
      var renewed = Int64(0), churned = Int64(0)
      for bucket in 0..<buckets {
        renewed += Int64(renewedHistogram[bucket])
        churned += Int64(churnedHistogram[bucket])
      }
      guard renewed > 0, churned > 0 else { continue }
      pairs += renewed * churned
      // Churned accounts should score lower: count renewed accounts above
      // each churned bucket, and half of those in the same bucket.
      var renewedAbove = renewed
      for bucket in 0..<buckets {
        let r = Int64(renewedHistogram[bucket])
        renewedAbove -= r
        concordant2 += Int64(churnedHistogram[bucket]) * (2 * renewedAbove + r)
      }
    }
    return pairs > 0 ? Double(concordant2) / (2 * Double(pairs)) : nil
  }

  /// Fits the flag threshold: the highest bucket boundary at which the
  /// (weighted) renewed accounts scoring below it are at most
  /// `falseAlarmLimit` of them at every horizon.
  private func refit(falseAlarmLimit: Double, scratch: inout Scratch) {
    let buckets = Self.bucketCount
    // Per horizon, the block histograms summed, renewed rows weighted.
    let perHorizon = layouts.map { layout in
      var renewed = [Double](repeating: 0, count: buckets)
      var churned = [Int](repeating: 0, count: buckets)
      for (b, block) in layout.blocks.enumerated() {
        let renewedHistogram = scratch.histogram.baseAddress! + 2 * buckets * (layout.firstBlock + b)
        let churnedHistogram = renewedHistogram + buckets
        for bucket in 0..<buckets {
          renewed[bucket] += Double(renewedHistogram[bucket]) * block.renewedWeight
          churned[bucket] += Int(churnedHistogram[bucket])
        }
      }
      return (renewed: renewed, churned: churned)
    }
    var boundary = buckets
    for (h, histograms) in perHorizon.enumerated() {
      let renewed = scratch.metrics[h].renewed
      guard renewed > 0 else { continue }
      // Whole counts in the renewal design: the same test as flagged ≤ ⌊limit · renewed⌋.
      let allowed = falseAlarmLimit * renewed
      var flagged = 0.0
      var b = 0
      while b < boundary, flagged + histograms.renewed[b] <= allowed {
        flagged += histograms.renewed[b]
        b += 1
      }
      boundary = min(boundary, b)
    }
    for (h, histograms) in perHorizon.enumerated() {
      var churned = 0
      var renewed = 0.0
      for b in 0..<boundary {
        churned += histograms.churned[b]
        renewed += histograms.renewed[b]
      }
      scratch.metrics[h].refit = CandidateMetrics.Refit(
        threshold: Double(boundary) * 100 / Double(buckets), flaggedChurned: churned, flaggedRenewed: renewed)
    }
  }
}
