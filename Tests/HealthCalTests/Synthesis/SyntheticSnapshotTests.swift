import HealthCal
import Testing
import HealthCalFormats

@Suite("SyntheticSnapshot")
struct SyntheticSnapshotTests {
  private func snapshot(nps: Int? = 10, csat: Double? = 4.2) -> SyntheticSnapshot {
    SyntheticSnapshot(
      asOf: CalendarDate(iso: "2026-01-01")!, dauMAU: 0.4567, featureAdoption: 0.5, licenseUtilization: 0.9,
      execLoginDays: 4, championChanged: false, qbrScheduled: true, escalationsLast90Days: 1,
      ticketsLast30Days: 3, nps: nps, csat: csat, paymentOverdue: false)
  }

  @Test func valuesAreRoundedToThePrintedPrecision() {
    var row = snapshot(csat: 4.26)
    #expect(row.dauMAU == 0.457)
    #expect(row.csat == 4.3)
    row.featureAdoption = 0.12345
    #expect(row.featureAdoption == 0.123)
  }

  @Test func valuesAreClampedToTheirColumns() {
    var row = snapshot(nps: 250, csat: 9)
    #expect(row.nps == 100)
    #expect(row.csat == 5)
    row.dauMAU = 1.7
    row.licenseUtilization = 1.7
    row.featureAdoption = -0.2
    row.execLoginDays = 45
    row.escalationsLast90Days = -1
    row.ticketsLast30Days = 99
    row.nps = -300
    row.csat = 0.2
    #expect(row.dauMAU == 1)
    #expect(row.licenseUtilization == 1.2)
    #expect(row.featureAdoption == 0)
    #expect(row.execLoginDays == 30)
    #expect(row.escalationsLast90Days == 0)
    #expect(row.ticketsLast30Days == 40)
    #expect(row.nps == -100)
    #expect(row.csat == 1)
  }

  @Test func notANumberIsRefused() async {
    await #expect(processExitsWith: .failure) {
      var row = SyntheticSnapshot(
        asOf: CalendarDate(daysSinceEpoch: 0), dauMAU: 0.5, featureAdoption: 0.5, licenseUtilization: 0.9,
        execLoginDays: 4, championChanged: false, qbrScheduled: true, escalationsLast90Days: 1,
        ticketsLast30Days: 3, nps: nil, csat: nil, paymentOverdue: false)
      row.dauMAU = .nan
    }
  }

  @Test func missingSurveysStayMissing() {
    var row = snapshot(nps: nil, csat: nil)
    #expect(row.nps == nil)
    #expect(row.csat == nil)
    row.nps = 0
    row.csat = 1
    #expect(row.nps == 0)
    #expect(row.csat == 1)
    row.nps = nil
    #expect(row.nps == nil)
  }
}
