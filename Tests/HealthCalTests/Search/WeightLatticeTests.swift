import Testing
@testable import HealthCal
@testable import HealthCalFormats

@Suite struct WeightLatticeTests {
  static func binomial(_ n: Int, _ k: Int) -> Int {
    var result = 1
    for i in 0..<k { result = result * (n - i) / (i + 1) }
    return result
  }

  static func space(_ k: Int, step: Int, bounds: [String: ClosedRange<Int>] = [:], locked: Set<String> = [], current: [Double]? = nil, maxShift: Double? = nil) throws -> SearchSpace {
    let names = (0..<k).map { "c\($0)" }
    return try SearchSpace(components: names, current: current ?? [Double](repeating: 1, count: k), step: step, bounds: bounds, locked: locked, maxShift: maxShift)
  }

  @Test(arguments: [(2, 5), (3, 10), (4, 5), (5, 5), (5, 10), (5, 20), (3, 1)])
  func unboundedCountIsTheStarsAndBarsBinomial(_ example: (Int, Int)) throws {
    let (k, step) = example
    let lattice = WeightLattice(space: try Self.space(k, step: step))
    let expected = Self.binomial(100 / step + k - 1, k - 1)
    #expect(lattice.count == expected)
    var seen = 0
    var previous: [Int]?
    lattice.forEach { weights in
      seen += 1
      #expect(weights.reduce(0, +) == 100)
      #expect(weights.allSatisfy { $0 % step == 0 && $0 >= 0 })
      if let previous { #expect(previous.lexicographicallyPrecedes(weights)) }
      previous = weights
    }
    #expect(seen == expected)
  }

  @Test func fiveComponentsAtStepFiveHave10626Points() throws {
    #expect(WeightLattice(space: try Self.space(5, step: 5)).count == 10_626)
  }

  @Test func boundsAndLocksAreRespectedAndCountedExactly() throws {
    let space = try Self.space(
      4, step: 5, bounds: ["c0": 20...60, "c1": 10...30], locked: ["c3"], current: [40, 20, 25, 15])
    let lattice = WeightLattice(space: space)
    var brute = 0
    for a in stride(from: 20, through: 60, by: 5) {
      for b in stride(from: 10, through: 30, by: 5) {
        let c = 100 - 15 - a - b
        if c >= 0, c % 5 == 0 { brute += 1 }
      }
    }
    #expect(lattice.count == brute)
    lattice.forEach { w in
      #expect((20...60).contains(w[0]))
      #expect((10...30).contains(w[1]))
      #expect(w[3] == 15)
    }
  }

  @Test func maxShiftLimitsEveryWeight() throws {
    let space = try Self.space(4, step: 5, current: [40, 20, 25, 15], maxShift: 10)
    WeightLattice(space: space).forEach { w in
      for (weight, current) in zip(w, [40, 20, 25, 15]) { #expect(abs(weight - current) <= 10) }
    }
  }

  @Test func impossibleSpacesAreRejectedWithAReason() {
    #expect(throws: SearchError.invalidStep(7)) { try Self.space(3, step: 7) }
    #expect(throws: SearchError.lockedOffLattice("c2", weight: 25, step: 10)) {
      try Self.space(4, step: 10, locked: ["c2"], current: [40, 20, 25, 15])
    }
    #expect(throws: SearchError.noFeasiblePoint) { try Self.space(2, step: 5, bounds: ["c0": 0...20, "c1": 0...20]) }
    #expect(throws: SearchError.unknownComponent("zz", available: ["c0", "c1"])) { try Self.space(2, step: 5, bounds: ["zz": 0...20]) }
  }
}

@Suite struct FoldAssignmentTests {
  static let outcomes: [Outcome] = (0..<503).map { i in
    Outcome(account: i, kind: i % 7 == 0 ? .churned : .renewed, date: CalendarDate(daysSinceEpoch: 20_000 + i))
  }

  @Test func foldsAreDisjointCompleteAndStratified() {
    let folds = FoldAssignment.stratified(Self.outcomes, folds: 5, seed: 3)
    #expect(folds.count == Self.outcomes.count)
    #expect(Set(folds.values) == Set(0..<5))
    let churnedPerFold = (0..<5).map { f in Self.outcomes.filter { $0.isChurned && folds[$0.account] == f }.count }
    let sizes = (0..<5).map { f in folds.values.filter { $0 == f }.count }
    #expect(churnedPerFold.max()! - churnedPerFold.min()! <= 1)
    #expect(sizes.max()! - sizes.min()! <= 1)
  }

  @Test func foldsDependOnlyOnTheSeed() {
    #expect(FoldAssignment.stratified(Self.outcomes, folds: 5, seed: 3) == FoldAssignment.stratified(Self.outcomes.reversed(), folds: 5, seed: 3))
    #expect(FoldAssignment.stratified(Self.outcomes, folds: 5, seed: 3) != FoldAssignment.stratified(Self.outcomes, folds: 5, seed: 4))
  }

  @Test func holdoutSplitsOnTheDateAndTestsUndatedRenewals() {
    let outcomes = [
      Outcome(account: 0, kind: .churned, date: CalendarDate(iso: "2025-03-31")),
      Outcome(account: 1, kind: .churned, date: CalendarDate(iso: "2025-04-01")),
      Outcome(account: 2, kind: .renewed, date: nil),
    ]
    #expect(FoldAssignment.holdout(outcomes, after: CalendarDate(iso: "2025-04-01")!) == [0: false, 1: true, 2: true])
  }
}
