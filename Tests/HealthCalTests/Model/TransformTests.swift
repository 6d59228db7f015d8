import Testing
@testable import HealthCal

@Suite struct TransformTests {
  @Test func linearMapsLowToZeroAndHighToHundred() {
    let t = Transform.linear(low: 0.1, high: 0.5)
    #expect(t.subScore(0.1) == 0)
    #expect(t.subScore(0.5) == 100)
    #expect(t.subScore(0.3) == 50.00000000000001 || abs(t.subScore(0.3) - 50) < 1e-12)
  }

  @Test func linearClampsOutsideTheRange() {
    let t = Transform.linear(low: 0, high: 10)
    #expect(t.subScore(-5) == 0)
    #expect(t.subScore(25) == 100)
  }

  @Test func linearWithLowAboveHighMeansLowerIsBetter() {
    let tickets = Transform.linear(low: 20, high: 0)
    #expect(tickets.subScore(0) == 100)
    #expect(tickets.subScore(20) == 0)
    #expect(tickets.subScore(5) == 75)
    #expect(tickets.subScore(40) == 0)
  }

  @Test func bandsUseAtOrAboveThresholds() {
    let t = Transform.bands(thresholds: [1, 3], scores: [100, 50, 0])
    #expect(t.subScore(0) == 100)
    #expect(t.subScore(0.999) == 100)
    #expect(t.subScore(1) == 50)
    #expect(t.subScore(2.5) == 50)
    #expect(t.subScore(3) == 0)
    #expect(t.subScore(10) == 0)
  }

  @Test func booleanTreatsAnyNonZeroAsTrue() {
    let t = Transform.boolean(trueScore: 20, falseScore: 100)
    #expect(t.subScore(1) == 20)
    #expect(t.subScore(0) == 100)
    #expect(t.subScore(-1) == 20)
  }

  @Test func deltaMapsTheChangeLinearly() {
    let t = Transform.delta(days: 90, low: -0.2, high: 0, maxGap: 31)
    #expect(t.subScore(-0.2) == 0)
    #expect(t.subScore(0) == 100)
    #expect(t.subScore(-0.1) == 50)
    #expect(t.subScore(0.3) == 100)
    #expect(t.lookBack?.days == 90)
    #expect(Transform.linear(low: 0, high: 1).lookBack == nil)
  }
}
