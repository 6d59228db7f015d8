import Foundation
import HealthCalFormats

/// Finds the component weights (and optionally bands) that minimise an
/// ``Objective`` over a ``SearchSpace``.
///
/// Exhaustive over the lattice when it has at most ``Settings/maxLatticePoints``
/// points; otherwise seeded random sampling on the lattice followed by local
/// refinement (moving one step of weight between two components while that
/// improves). Candidates are split across threads in fixed batches, every
/// result lands in its own slot, and the winner is picked by a total order,
/// so the answer is the same for any thread count.
///
/// Ranking: lower loss first; then higher mean (counting) AUC; then the
/// smaller total move from the current weights; then lexicographic weights.
/// Ties in loss are common (rates are ratios of small counts), and this order
/// prefers the candidate that also ranks well and changes least.
public struct WeightSearch: Sendable {
  /// How the search runs.
  public struct Settings: Hashable, Sendable {
    /// The largest lattice searched exhaustively.
    public var maxLatticePoints = 300_000
    /// Random lattice points drawn when the lattice is larger.
    public var randomSamples = 20_000
    /// Best random points refined by local moves.
    public var refinementStarts = 8
    /// Seed for sampling.
    public var seed: UInt64 = 1
    /// Worker threads (results do not depend on it).
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    /// Creates default settings.
    public init() {}
  }

  /// One evaluated weighting.
  public struct Candidate: Hashable, Sendable {
    /// Component weights in points (sum 100).
    public var weights: [Double]
    /// The objective's loss (lower is better).
    public var loss: Double
    /// Horizon-weighted mean counting AUC (tie-break); `-∞` when it was not
    /// computed because the loss was already beaten (see ``WeightSearch/evaluate(_:bands:ranksEveryCandidate:)``).
    public var meanAUC: Double
    /// Σ |w − current| in points (tie-break).
    public var shift: Double

    /// Whether `self` ranks ahead of `other`.
    public func ranks(before other: Candidate) -> Bool {
      if loss != other.loss { return loss < other.loss }
      if meanAUC != other.meanAUC { return meanAUC > other.meanAUC }
      if shift != other.shift { return shift < other.shift }
      return weights.lexicographicallyPrecedes(other.weights)
    }
  }

  /// How the winner was found.
  public enum Method: Hashable, Sendable {
    /// Every lattice point was evaluated.
    case lattice(points: Int)
    /// Random lattice points, then local refinement.
    case random(latticePoints: Int, samples: Int, refined: Int)
  }

  /// Progress of a long search, for a status line.
  public struct Progress: Sendable {
    /// Candidates evaluated so far.
    public var evaluated: Int
    /// Candidates planned (an estimate during refinement).
    public var planned: Int
    /// The best loss so far.
    public var bestLoss: Double?
  }

  /// The outcome of a search.
  public struct Result: Hashable, Sendable {
    /// The best weighting found (the current weights when nothing beats them).
    public var best: Candidate
    /// The current weights, evaluated the same way (`nil` when infeasible).
    public var current: Candidate?
    /// How the search ran.
    public var method: Method
    /// Candidates evaluated, including the current weights.
    public var evaluated: Int
  }

  /// The evaluator over the training data.
  package let evaluator: CandidateEvaluator
  /// The objective.
  public let objective: Objective
  /// The weight space.
  public let space: SearchSpace
  /// The run settings.
  public let settings: Settings

  /// Creates a search.
  package init(evaluator: CandidateEvaluator, objective: Objective, space: SearchSpace, settings: Settings) {
    self.evaluator = evaluator
    self.objective = objective
    self.space = space
    self.settings = settings
  }

  /// Runs the weight search with fixed `bands`.
  /// - Parameter progress: called on the calling thread between batches.
  public func run(bands: Bands, progress: ((Progress) -> Void)? = nil) -> Result {
    let lattice = WeightLattice(space: space)
    let current = evaluate([space.current], bands: bands)[0]
    var evaluated = 1
    var best = current
    func consider(_ candidates: [Candidate?]) {
      for case let candidate? in candidates where best.map({ candidate.ranks(before: $0) }) ?? true {
        best = candidate
      }
    }
    let method: Method
    if lattice.count <= settings.maxLatticePoints {
      let points = lattice.points
      let k = space.count
      let count = points.count / k
      var start = 0
      while start < count {
        let end = min(count, start + Self.batchSize)
        let batch = (start..<end).map { i in (0..<k).map { Double(points[i * k + $0]) } }
        consider(evaluate(batch, bands: bands))
        evaluated += batch.count
        start = end
        progress?(Progress(evaluated: evaluated, planned: count + 1, bestLoss: best?.loss))
      }
      method = .lattice(points: count)
    } else {
      var random = SeededGenerator(seed: settings.seed)
      var seen = Set<[Double]>()
      var samples: [[Double]] = []
      var attempts = 0
      while samples.count < settings.randomSamples, attempts < settings.randomSamples * 20 {
        attempts += 1
        if let point = sample(&random), seen.insert(point).inserted { samples.append(point) }
      }
      var results: [Candidate] = []
      var start = 0
      while start < samples.count {
        let end = min(samples.count, start + Self.batchSize)
        let batchResults = evaluate(Array(samples[start..<end]), bands: bands, ranksEveryCandidate: true)
        results += batchResults.compactMap { $0 }
        consider(batchResults)
        evaluated += end - start
        start = end
        progress?(Progress(evaluated: evaluated, planned: samples.count + 1, bestLoss: best?.loss))
      }
      results.sort { $0.ranks(before: $1) }
      var refined = 0
      for var point in results.prefix(settings.refinementStarts) {
        while true {
          let moves = neighbours(of: point.weights).filter { seen.insert($0).inserted }
          guard !moves.isEmpty else { break }
          let moved = evaluate(moves, bands: bands)
          evaluated += moves.count
          refined += moves.count
          consider(moved)
          guard let step = moved.compactMap({ $0 }).min(by: { $0.ranks(before: $1) }), step.ranks(before: point) else { break }
          point = step
        }
        progress?(Progress(evaluated: evaluated, planned: evaluated, bestLoss: best?.loss))
      }
      method = .random(latticePoints: lattice.count, samples: samples.count, refined: refined)
    }
    let winner = best ?? Candidate(weights: space.current, loss: .infinity, meanAUC: 0, shift: 0)
    return Result(best: winner, current: current, method: method, evaluated: evaluated)
  }

  /// Candidates a thread scores together in one pass over the accounts
  /// (see ``CandidateEvaluator/countBands(weights:count:bands:into:scratch:)``).
  static let blockSize = 16

  /// Candidates per parallel batch: large enough to amortise the hand-off,
  /// small enough for a responsive progress line.
  static let batchSize = 1024

  /// Evaluates weightings in parallel, one result slot per weighting.
  ///
  /// For the `green-churn` objective the loss needs only band counts, so the
  /// AUC pass (the tie-break) runs only for candidates whose loss is not
  /// already beaten by an earlier candidate on the same thread in this call;
  /// the others get `meanAUC = -∞`. Every candidate that could rank first in
  /// the call (its loss is the call's minimum) has its AUC, whatever the
  /// thread count, so the winner does not depend on it. Pass
  /// `ranksEveryCandidate` when the caller orders all results (random
  /// sampling keeps the best few), which needs every AUC.
  public func evaluate(_ weightings: [[Double]], bands: Bands, ranksEveryCandidate: Bool = false) -> [Candidate?] {
    let count = weightings.count
    guard count > 0 else { return [] }
    let threads = max(1, min(settings.threads, count))
    let lazyAUC = objective.kind == .greenChurn && !ranksEveryCandidate
    nonisolated(unsafe) let results = UnsafeMutableBufferPointer<Candidate?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer { results.deinitialize().deallocate() }
    let work: @Sendable (Int) -> Void = { [evaluator, objective, space] thread in
      var scratch = evaluator.makeScratch()
      let falseAlarmLimit = objective.kind == .recallAtFalseAlarm ? objective.falseAlarmLimit : nil
      let k = space.count
      let horizons = evaluator.training.horizons.count
      let block = UnsafeMutableBufferPointer<Double>.allocate(capacity: Self.blockSize * k)
      let counts = UnsafeMutableBufferPointer<CandidateMetrics>.allocate(capacity: Self.blockSize * horizons)
      counts.initialize(repeating: CandidateMetrics())
      defer {
        block.deallocate()
        counts.deallocate()
      }
      var bestLoss = Double.infinity
      var first = thread
      while first < count {
        // This thread's next candidates: first, first + threads, …
        let members = Array(stride(from: first, to: min(count, first + Self.blockSize * threads), by: threads))
        if lazyAUC {
          for (b, i) in members.enumerated() {
            for c in 0..<k { block[b * k + c] = weightings[i][c] }
          }
          evaluator.countBands(weights: UnsafeBufferPointer(block), count: members.count, bands: bands, into: counts, scratch: &scratch)
        }
        for (b, i) in members.enumerated() {
          if lazyAUC {
            guard let loss = objective.loss(UnsafeBufferPointer(rebasing: counts[(b * horizons)..<((b + 1) * horizons)])) else { continue }
            guard loss <= bestLoss else {
              results[i] = Candidate(weights: weightings[i], loss: loss, meanAUC: -.infinity, shift: Self.shift(weightings[i], from: space.current))
              continue
            }
            bestLoss = loss
          }
          results[i] = weightings[i].withUnsafeBufferPointer { weights in
            evaluator.evaluate(weights: weights, bands: bands, falseAlarmLimit: falseAlarmLimit, scratch: &scratch)
            return Self.candidate(weights: weightings[i], metrics: UnsafeBufferPointer(scratch.metrics), objective: objective, current: space.current)
          }
        }
        first += Self.blockSize * threads
      }
    }
    if threads == 1 {
      work(0)
    } else {
      DispatchQueue.concurrentPerform(iterations: threads, execute: work)
    }
    return Array(results)
  }

  static func shift(_ weights: [Double], from current: [Double]) -> Double {
    zip(weights, current).reduce(0) { $0 + abs($1.0 - $1.1) }
  }

  static func candidate(weights: [Double], metrics: UnsafeBufferPointer<CandidateMetrics>, objective: Objective, current: [Double]) -> Candidate? {
    guard let loss = objective.loss(metrics) else { return nil }
    var meanAUC = 0.0
    for (h, m) in metrics.enumerated() { meanAUC += objective.horizonWeights[h] * (m.auc ?? 0.5) }
    return Candidate(weights: weights, loss: loss, meanAUC: meanAUC, shift: shift(weights, from: current))
  }

  /// A uniform random lattice point: a uniform point of the simplex rounded
  /// to whole steps by largest remainder, rejected if outside the bounds.
  private func sample(_ random: inout SeededGenerator) -> [Double]? {
    let k = space.count
    let units = 100 / space.step
    var gaps = (0..<(k - 1)).map { _ in random.nextUnit() }.sorted()
    gaps = [0] + gaps + [1]
    let raw = (0..<k).map { (gaps[$0 + 1] - gaps[$0]) * Double(units) }
    var steps = raw.map { Int($0.rounded(.down)) }
    let order = (0..<k).sorted { (raw[$0] - Double(steps[$0]), $1) > (raw[$1] - Double(steps[$1]), $0) }
    for i in order.prefix(units - steps.reduce(0, +)) { steps[i] += 1 }
    let weights = steps.map { $0 * space.step }
    guard zip(weights, space.bounds).allSatisfy({ $1.contains($0) }) else { return nil }
    return weights.map(Double.init)
  }

  /// Lattice points one step away: one step of weight moved from one
  /// component to another, within bounds, in a fixed order.
  private func neighbours(of weights: [Double]) -> [[Double]] {
    var result: [[Double]] = []
    let step = Double(space.step)
    for from in weights.indices {
      for to in weights.indices where to != from {
        var moved = weights
        moved[from] -= step
        moved[to] += step
        guard moved[from] >= Double(space.bounds[from].lowerBound), moved[to] <= Double(space.bounds[to].upperBound),
          moved.allSatisfy({ $0.rounded() == $0 && Int($0) % space.step == 0 })
        else { continue }
        result.append(moved)
      }
    }
    return result
  }
}
