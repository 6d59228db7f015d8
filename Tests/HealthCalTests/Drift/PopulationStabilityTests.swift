import Foundation
import Testing
@testable import HealthCal

@Suite struct PopulationStabilityTests {
  /// Ten reference values, one per decile; the current period piles into
  /// the first decile and leaves four empty (floored at 0.0001).
  @Test func indexByHand() {
    let reference: [Double?] = (0..<10).map(Double.init)
    let current: [Double?] = [0, 0, 0, 0, 0, 5, 6, 7, 8, 9]
    let psi = PopulationStability(reference: reference, current: current)
    #expect(psi.bins.count == 10)
    #expect(psi.bins.map(\.lower) == [nil] + (1...9).map(Double.init))
    let expected = (0.5 - 0.1) * log(0.5 / 0.1) + 4 * (0.0001 - 0.1) * log(0.0001 / 0.1)
    #expect(abs(psi.index - expected) < 1e-15)
    #expect(psi.reading == .major)
  }

  @Test func samePopulationIsZero() {
    let values: [Double?] = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]
    let psi = PopulationStability(reference: values, current: values.reversed())
    #expect(psi.index == 0 && psi.reading == .stable)
  }

  @Test func tiesShareABinAndMissingValuesGetOne() {
    let reference: [Double?] = [1, 1, 1, 1, 1, 1, 2, 3, nil, nil]
    let current: [Double?] = [1, 2, 3, 3, nil]
    let psi = PopulationStability(reference: reference, current: current)
    // Deciles of the 8 present reference values: 1 (below 0), 2 (6 below), 3 (7 below).
    #expect(psi.bins.map(\.lower) == [nil, 2, 3, nil])
    #expect(psi.bins.map(\.referenceCount) == [6, 1, 1, 2])
    #expect(psi.bins.map(\.currentCount) == [1, 1, 2, 1])
    #expect(psi.bins.last!.isMissing)
    let r = [0.6, 0.1, 0.1, 0.2], c = [0.2, 0.2, 0.4, 0.2]
    let expected = zip(r, c).map { ($1 - $0) * log($1 / $0) }.reduce(0, +)
    #expect(abs(psi.index - expected) < 1e-15)
  }

  @Test func readings() {
    #expect(PopulationStability.Reading(index: 0.099) == .stable)
    #expect(PopulationStability.Reading(index: 0.1) == .moderate)
    #expect(PopulationStability.Reading(index: 0.25) == .moderate)
    #expect(PopulationStability.Reading(index: 0.2501) == .major)
  }
}
