import HealthCalFormats

/// Where the weight search may go: component weights on the 0–100 simplex in
/// steps, with per-component bounds, locked components and a stability limit.
///
/// Every point is a whole number of steps, so the space is a finite lattice
/// that can be counted exactly and, when small enough, searched exhaustively.
public struct SearchSpace: Hashable, Sendable {
  /// Component names, in model order.
  public var components: [String]
  /// The current weights normalised to sum to 100 (the starting point).
  public var current: [Double]
  /// Lattice step in weight points (100 / step must be a whole number).
  public var step: Int
  /// Per component: the smallest and largest weight allowed, in points.
  public var bounds: [ClosedRange<Int>]
  /// Components held at their current weight.
  public var locked: Set<String>
  /// No weight may move further than this from its current value, in points.
  public var maxShift: Double?

  /// Creates a space and checks it.
  /// - Parameters:
  ///   - current: the model's component weights (any positive scale; normalised here).
  ///   - bounds: optional per-component `min...max` in points.
  /// - Throws: ``SearchError`` when the constraints leave no lattice point.
  public init(
    components: [String], current: [Double], step: Int = 5, bounds: [String: ClosedRange<Int>] = [:],
    locked: Set<String> = [], maxShift: Double? = nil
  ) throws(SearchError) {
    guard step >= 1, step <= 100, 100 % step == 0 else { throw .invalidStep(step) }
    for name in Array(bounds.keys) + Array(locked) where !components.contains(name) {
      throw .unknownComponent(name, available: components)
    }
    let total = current.reduce(0, +)
    guard total > 0, current.allSatisfy({ $0.isFinite && $0 >= 0 }) else { throw .invalidCurrentWeights }
    self.components = components
    self.current = current.map { $0 * 100 / total }
    self.step = step
    self.locked = locked
    self.maxShift = maxShift
    var ranges: [ClosedRange<Int>] = []
    for (i, name) in components.enumerated() {
      let weight = self.current[i]
      if locked.contains(name) {
        guard weight.rounded() == weight, Int(weight) % step == 0 else {
          throw .lockedOffLattice(name, weight: weight, step: step)
        }
        ranges.append(Int(weight)...Int(weight))
        continue
      }
      var low = bounds[name]?.lowerBound ?? 0
      var high = bounds[name]?.upperBound ?? 100
      if let maxShift {
        low = max(low, Int((weight - maxShift).rounded(.up)))
        high = min(high, Int((weight + maxShift).rounded(.down)))
      }
      // Round inwards to multiples of the step.
      low = max(0, (low + step - 1) / step * step)
      high = min(100, high / step * step)
      guard low <= high else { throw .emptyRange(name) }
      ranges.append(low...high)
    }
    self.bounds = ranges
    guard WeightLattice(space: self).count > 0 else { throw .noFeasiblePoint }
  }

  /// The number of components.
  public var count: Int { components.count }
}

/// Why a weight search cannot run as asked.
public enum SearchError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The step does not divide 100.
  case invalidStep(Int)
  /// A bound or lock names a component the model does not have.
  case unknownComponent(String, available: [String])
  /// The current weights are not finite and non-negative with a positive sum.
  case invalidCurrentWeights
  /// A locked weight is not a multiple of the step, so no lattice point keeps it.
  case lockedOffLattice(String, weight: Double, step: Int)
  /// Bounds (and the stability limit) leave a component no allowed value.
  case emptyRange(String)
  /// No combination of allowed values sums to 100.
  case noFeasiblePoint
  /// Too few churned accounts to tune on.
  case tooFewChurned(found: Int, needed: Int)
  /// An option value that makes no sense for the search.
  case invalidSetting(String)
  /// A validation split leaves one side without churned or without other
  /// observations, so nothing can be compared there.
  case degenerateSplit(String)

  public var description: String {
    switch self {
    case .invalidStep(let step):
      return "step \(step) does not divide 100; expected one of 1, 2, 4, 5, 10, 20, 25, 50"
    case .unknownComponent(let name, let available):
      return "no component named \"\(name)\"; expected one of \(available.joined(separator: ", "))"
    case .invalidCurrentWeights:
      return "the model's component weights must be finite, ≥ 0 and sum to a positive total"
    case .lockedOffLattice(let name, let weight, let step):
      return "locked component \"\(name)\" has weight \(NumberFormat.fixed(weight, digits: 2)) (of 100), not a multiple of the step \(step); choose a step that divides it"
    case .emptyRange(let name):
      return "the bounds and --max-shift leave component \"\(name)\" no allowed weight on the lattice"
    case .noFeasiblePoint:
      return "no combination of allowed weights sums to 100; widen the bounds or change the step"
    case .tooFewChurned(let found, let needed):
      return "only \(found) churned accounts could be scored; at least \(needed) are needed to tune"
    case .invalidSetting(let detail), .degenerateSplit(let detail):
      return detail
    }
  }
}
