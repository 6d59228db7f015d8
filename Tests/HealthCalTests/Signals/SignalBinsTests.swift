import Foundation
import Testing
@testable import HealthCal

@Suite struct SignalBinsTests {
  /// Eight observations, churned at 1, 2 and 5, cut at 4: worked by hand.
  @Test func weightOfEvidenceAndInformationValueByHand() {
    let bins = SignalBins(
      thresholds: [4], values: [1, 2, 3, 4, 5, 6, 7, 8], isCase: [true, true, false, false, true, false, false, false])
    #expect(bins.bins.count == 2)
    #expect(bins.bins[0].cases == 2 && bins.bins[0].controls == 1 && bins.bins[0].upper == 4 && bins.bins[0].lower == nil)
    #expect(bins.bins[1].cases == 1 && bins.bins[1].controls == 4 && bins.bins[1].lower == 4 && bins.bins[1].upper == nil)
    // Controls 1/5 and 4/5 of 5; cases 2/3 and 1/3 of 3.
    #expect(bins.bins[0].weightOfEvidence == log((1.0 / 5) / (2.0 / 3)))
    #expect(bins.bins[1].weightOfEvidence == log((4.0 / 5) / (1.0 / 3)))
    let iv = (1.0 / 5 - 2.0 / 3) * log((1.0 / 5) / (2.0 / 3)) + (4.0 / 5 - 1.0 / 3) * log((4.0 / 5) / (1.0 / 3))
    #expect(abs(bins.informationValue - iv) < 1e-15)
    #expect(abs(bins.informationValue - 0.9704060527839234) < 1e-15)
    let rates: [Double?] = [2.0 / 3, 1.0 / 5]
    let shares: [Double] = [3.0 / 8, 5.0 / 8]
    #expect(bins.bins.map(\.churnRate) == rates)
    #expect(bins.bins.map(\.share) == shares)
  }

  @Test func missingValuesGetTheirOwnBin() {
    let bins = SignalBins(thresholds: [], values: [1, nil, 3, nil], isCase: [true, true, false, false])
    #expect(bins.bins.count == 2)
    #expect(bins.bins[1].isMissing && bins.bins[1].count == 2 && bins.bins[1].cases == 1)
    #expect(bins.bins[0].weightOfEvidence == 0)
    #expect(bins.informationValue == 0)
  }

  @Test func aBinWithoutOneClassHasNoWeightOfEvidence() {
    let bins = SignalBins(thresholds: [2], values: [1, 1, 3, 3], isCase: [true, false, false, false])
    #expect(bins.bins[1].weightOfEvidence == nil)
    #expect(bins.bins[1].informationValue == 0)
  }

  @Test func controlWeightsCountAsTheirWeight() {
    let weighted = SignalBins(thresholds: [2], values: [1, 1, 3, 3], isCase: [true, false, true, false], weights: [1, 3, 1, 1])
    let repeated = SignalBins(thresholds: [2], values: [1, 1, 1, 1, 3, 3], isCase: [true, false, false, false, true, false])
    #expect(weighted.informationValue == repeated.informationValue)
    #expect(weighted.bins.map(\.churnRate) == repeated.bins.map(\.churnRate))
  }

  @Test func thresholdsAreInclusiveBelowAsInBands() {
    let bins = SignalBins(thresholds: [2, 5], values: [1.999, 2, 4.999, 5], isCase: [true, false, true, false])
    #expect(bins.bins.map(\.count) == [1, 2, 1])
    for (value, bin) in zip([1.999, 2, 4.999, 5.0], [0, 1, 1, 2]) {
      #expect(Transform.bands(thresholds: [2, 5], scores: [0, 1, 2]).subScore(value) == Double(bin))
    }
  }

  @Test func strengthReadings() {
    #expect(SignalStrength(informationValue: 0.019) == .useless)
    #expect(SignalStrength(informationValue: 0.02) == .weak)
    #expect(SignalStrength(informationValue: 0.1) == .medium)
    #expect(SignalStrength(informationValue: 0.3) == .strong)
    #expect(SignalStrength(informationValue: 0.5) == .strong)
    #expect(SignalStrength(informationValue: 0.51) == .suspicious)
  }
}
