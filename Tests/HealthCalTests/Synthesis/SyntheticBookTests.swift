import Foundation
import HealthCal
import Testing
import HealthCalFormats

/// Books shared by the tests below, generated once.
private enum Books {
  /// The demo configuration: 500 accounts, 12 months, seed 2026, ending 2026-10-01.
  static let demo = SyntheticBook(configuration: SyntheticBookConfiguration())
  /// Large enough for rates to sit near their targets.
  static let large = SyntheticBook(configuration: SyntheticBookConfiguration(accounts: 5_000))
}

/// The full snapshots CSV as bytes.
private func snapshotBytes(_ book: SyntheticBook) -> [UInt8] {
  var bytes: [UInt8] = []
  book.writeSnapshotsCSV { bytes += $0 }
  return bytes
}

/// The lines of a text, without the final empty line.
private func lines(_ text: String) -> [Substring] {
  var result = text.split(separator: "\n", omittingEmptySubsequences: false)
  if result.last == "" { result.removeLast() }
  return result
}

/// The latest snapshot on or before `date - days`, no older than 31 days more: the contract's horizon rule.
private func snapshot(of account: SyntheticAccount, daysBefore days: Int) -> SyntheticSnapshot? {
  guard let outcome = account.outcomeDate else { return nil }
  let cutoff = outcome.adding(days: -days)
  guard let pick = account.snapshots.last(where: { $0.asOf <= cutoff }),
    cutoff.days(since: pick.asOf) <= 31
  else { return nil }
  return pick
}

/// Mann–Whitney AUC of "positives score higher than negatives", ties counted half.
private func auc(positives: [Double], negatives: [Double]) -> Double {
  var wins = 0.0
  for p in positives {
    for n in negatives {
      if p > n { wins += 1 } else if p == n { wins += 0.5 }
    }
  }
  return wins / Double(positives.count * negatives.count)
}

private func mean(_ values: [Double]) -> Double {
  values.reduce(0, +) / Double(values.count)
}

@Suite("SyntheticBook")
struct SyntheticBookTests {
  @Test func sameSeedGivesIdenticalBytes() {
    let configuration = SyntheticBookConfiguration(accounts: 300, months: 14, seed: 7)
    let first = SyntheticBook(configuration: configuration)
    let second = SyntheticBook(configuration: configuration)
    #expect(snapshotBytes(first) == snapshotBytes(second))
    #expect(first.outcomesCSV() == second.outcomesCSV())
    #expect(first.accounts == second.accounts)
  }

  @Test func differentSeedGivesDifferentData() {
    let first = SyntheticBook(configuration: SyntheticBookConfiguration(accounts: 300, seed: 1))
    let second = SyntheticBook(configuration: SyntheticBookConfiguration(accounts: 300, seed: 2))
    #expect(snapshotBytes(first) != snapshotBytes(second))
    #expect(first.outcomesCSV() != second.outcomesCSV())
  }

  @Test func accountDoesNotDependOnBookSize() {
    let small = SyntheticBook(configuration: SyntheticBookConfiguration(accounts: 100))
    let large = SyntheticBook(configuration: SyntheticBookConfiguration(accounts: 200))
    #expect(small.accounts == Array(large.accounts.prefix(100)))
    let smallBytes = snapshotBytes(small)
    #expect(Array(snapshotBytes(large).prefix(smallBytes.count)) == smallBytes)
  }

  @Test func headersAreExactlyAsSpecified() throws {
    #expect(
      SyntheticBook.signalColumns == [
        "dau_mau", "feature_adoption", "license_utilization", "exec_login_days", "champion_changed",
        "qbr_scheduled", "escalations_90d", "tickets_30d", "nps", "csat", "payment_overdue",
      ])
    let text = String(decoding: snapshotBytes(Books.demo), as: UTF8.self)
    #expect(
      lines(text).first
        == "account_id,as_of,segment,arr,dau_mau,feature_adoption,license_utilization,exec_login_days,champion_changed,qbr_scheduled,escalations_90d,tickets_30d,nps,csat,payment_overdue,plan_tier"
    )
    #expect(lines(Books.demo.outcomesCSV()).first == "account_id,outcome,date,arr")
  }

  @Test func rowCountsMatchTheAccounts() {
    let book = Books.demo
    let snapshotLines = lines(String(decoding: snapshotBytes(book), as: UTF8.self))
    #expect(snapshotLines.count == book.snapshotCount + 1)
    #expect(book.snapshotCount == book.accounts.reduce(0) { $0 + $1.snapshots.count })
    #expect(lines(book.outcomesCSV()).count == book.accounts.count + 1)
    #expect(book.accounts.count == 500)
    #expect(book.accounts.allSatisfy { !$0.snapshots.isEmpty && $0.snapshots.count <= 12 })
    #expect(snapshotLines.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 16 })
    #expect(book.accounts.first?.id == "ACC-000001")
    #expect(book.accounts.last?.id == "ACC-000500")
  }

  @Test func snapshotDatesFollowTheConfiguration() {
    let book = Books.demo
    #expect(book.snapshotDates.count == 12)
    #expect(book.snapshotDates.first == CalendarDate(iso: "2025-11-01"))
    #expect(book.snapshotDates.last == CalendarDate(iso: "2026-10-01"))
    #expect(book.snapshotDates.allSatisfy { $0.components.day == 1 })
  }

  @Test func segmentSharesAndChurnRatesAreNearTargets() {
    let accounts = Books.large.accounts
    let targets: [(segment: String, share: Double, churn: Double)] = [
      ("SMB", 0.60, 0.18), ("Mid-Market", 0.30, 0.10), ("Enterprise", 0.10, 0.06),
    ]
    for target in targets {
      let members = accounts.filter { $0.segment == target.segment }
      let churned = members.filter { $0.outcome == .churned }.count
      let share = Double(members.count) / Double(accounts.count)
      let rate = Double(churned) / Double(members.count)
      #expect(abs(share - target.share) < 0.03, "\(target.segment) share \(share)")
      #expect(abs(rate - target.churn) < 0.035, "\(target.segment) churn rate \(rate)")
    }
    #expect(Set(accounts.map(\.segment)) == ["SMB", "Mid-Market", "Enterprise"])
  }

  @Test func arrLiesInEachSegmentsBand() {
    let bands: [String: ClosedRange<Double>] = [
      "SMB": 5_000...30_000, "Mid-Market": 30_000...150_000, "Enterprise": 150_000...1_500_000,
    ]
    for account in Books.large.accounts {
      #expect(bands[account.segment]!.contains(account.arr))
      #expect(account.arr == account.arr.rounded())
    }
  }

  @Test func churnPatternsMatchTheirShares() {
    let churners = Books.large.accounts.filter { $0.outcome == .churned }
    let share = { (pattern: SyntheticChurnPattern) in
      Double(churners.filter { $0.churnPattern == pattern }.count) / Double(churners.count)
    }
    #expect(abs(share(.usageDecline) - 0.55) < 0.07)
    #expect(abs(share(.relationshipLoss) - 0.30) < 0.07)
    #expect(abs(share(.paymentDistress) - 0.15) < 0.05)
    let enterprise = churners.filter { $0.segment == "Enterprise" }
    let enterpriseRelationship =
      Double(enterprise.filter { $0.churnPattern == .relationshipLoss }.count) / Double(enterprise.count)
    #expect(enterpriseRelationship > share(.relationshipLoss))
  }

  @Test func truthFieldsAreConsistentWithOutcomes() throws {
    let degradation: [String: ClosedRange<Int>] = ["SMB": 45...90, "Mid-Market": 60...120, "Enterprise": 90...150]
    for account in Books.large.accounts {
      switch account.outcome {
      case .churned:
        let date = try #require(account.outcomeDate)
        let start = try #require(account.degradationStart)
        #expect(account.churnPattern != nil)
        #expect(account.dipStart == nil)
        #expect(degradation[account.segment]!.contains(date.days(since: start)))
        #expect(account.renewalDate == date)
        if account.churnPattern == .relationshipLoss {
          let change = try #require(account.championChange)
          #expect(change >= start && change < date)
        }
      case .renewed:
        #expect(account.degradationStart == nil)
        #expect(account.churnPattern == nil)
        if let date = account.outcomeDate {
          #expect(account.renewalDate == date)
        } else {
          #expect(account.renewalDate > Books.large.snapshotDates.last!)
        }
      }
    }
  }

  @Test func noSnapshotOnOrAfterAChurnDate() throws {
    let end = try #require(Books.large.snapshotDates.last)
    for account in Books.large.accounts {
      if account.outcome == .churned {
        let date = try #require(account.outcomeDate)
        #expect(account.snapshots.allSatisfy { $0.asOf < date })
      } else {
        #expect(account.snapshots.last?.asOf == end)
      }
    }
  }

  @Test func outcomeDatesFallMostlyInTheLastSixMonths() throws {
    let book = Books.large
    let first = try #require(book.snapshotDates.first)
    let end = try #require(book.snapshotDates.last)
    let recentStart = end.adding(months: -6)
    let dated = book.accounts.compactMap(\.outcomeDate)
    #expect(dated.allSatisfy { $0 > first && $0 <= end })
    let recent = Double(dated.filter { $0 > recentStart }.count) / Double(dated.count)
    #expect(abs(recent - 0.80) < 0.04)
    let renewed = book.accounts.filter { $0.outcome == .renewed }
    let stillActive = Double(renewed.filter { $0.outcomeDate == nil }.count) / Double(renewed.count)
    #expect(abs(stillActive - 0.10) < 0.02)
  }

  @Test func lateStartersLeaveCoverageGaps() throws {
    let accounts = Books.large.accounts
    let late = accounts.filter(\.isLateStart)
    #expect(abs(Double(late.count) / Double(accounts.count) - 0.05) < 0.015)
    let dated = late.filter { $0.outcomeDate != nil }
    #expect(!dated.isEmpty)
    for account in dated {
      #expect(snapshot(of: account, daysBefore: 90) == nil)
      let date = try #require(account.outcomeDate)
      #expect(try #require(account.snapshots.first).asOf < date)
    }
    #expect(
      accounts.filter { !$0.isLateStart }.allSatisfy { $0.snapshots.first?.asOf == Books.large.snapshotDates.first })
  }

  @Test func usageDeclineDeepensTowardsChurn() {
    let usage = Books.large.accounts.filter { $0.churnPattern == .usageDecline }
    let renewed = Books.large.accounts.filter { $0.outcome == .renewed && $0.outcomeDate != nil }
    let at90 = usage.compactMap { snapshot(of: $0, daysBefore: 90)?.dauMAU }
    let at30 = usage.compactMap { snapshot(of: $0, daysBefore: 30)?.dauMAU }
    #expect(at90.count > 100 && at30.count > 100)
    #expect(mean(at30) < mean(at90) - 0.03, "dau_mau at 30 days \(mean(at30)), at 90 \(mean(at90))")

    let renewedAt90 = renewed.compactMap { snapshot(of: $0, daysBefore: 90)?.dauMAU }
    let renewedAt30 = renewed.compactMap { snapshot(of: $0, daysBefore: 30)?.dauMAU }
    let separation90 = auc(positives: renewedAt90, negatives: at90)
    let separation30 = auc(positives: renewedAt30, negatives: at30)
    #expect(separation30 > separation90 + 0.05, "AUC at 30 days \(separation30), at 90 \(separation90)")
  }

  @Test func relationshipLossIsASilentGreenChurner() throws {
    let accounts = Books.large.accounts
    let silent = accounts.filter { $0.churnPattern == .relationshipLoss }
    let lastRows = try silent.map { try #require($0.snapshots.last) }
    let healthy = accounts.filter { $0.outcome == .renewed && $0.dipStart == nil }.flatMap(\.snapshots)
    let execNearChurn = mean(lastRows.map { Double($0.execLoginDays) })
    let execHealthy = mean(healthy.map { Double($0.execLoginDays) })
    #expect(execNearChurn < 1.5, "exec_login_days near churn \(execNearChurn)")
    #expect(execHealthy > 5)
    let zeroShare = Double(lastRows.filter { $0.execLoginDays == 0 }.count) / Double(lastRows.count)
    #expect(zeroShare > 0.6)
    let championShare = Double(lastRows.filter(\.championChanged).count) / Double(lastRows.count)
    #expect(championShare > 0.85)
    let qbrShare = Double(lastRows.filter(\.qbrScheduled).count) / Double(lastRows.count)
    #expect(qbrShare < 0.3)
    let usageNearChurn = mean(lastRows.map(\.dauMAU))
    let usageHealthy = mean(healthy.map(\.dauMAU))
    #expect(abs(usageNearChurn - usageHealthy) < 0.03, "usage stays healthy: \(usageNearChurn) vs \(usageHealthy)")
  }

  @Test func paymentDistressShowsOverdueInvoices() throws {
    let accounts = Books.large.accounts
    let distressed = try accounts.filter { $0.churnPattern == .paymentDistress }.map { try #require($0.snapshots.last) }
    let overdue = Double(distressed.filter(\.paymentOverdue).count) / Double(distressed.count)
    let healthy = accounts.filter { $0.outcome == .renewed }.flatMap(\.snapshots)
    let stray = Double(healthy.filter(\.paymentOverdue).count) / Double(healthy.count)
    #expect(overdue > 0.5)
    #expect(stray < 0.04)
  }

  @Test func someRenewedAccountsLookBad() {
    let renewed = Books.large.accounts.filter { $0.outcome == .renewed }
    let dips = Double(renewed.filter { $0.dipStart != nil }.count) / Double(renewed.count)
    #expect(abs(dips - 0.20) < 0.03)
    let changes = Double(renewed.filter { $0.championChange != nil }.count) / Double(renewed.count)
    #expect(abs(changes - 0.05) < 0.015)
    let lowUsage = renewed.filter { account in account.snapshots.contains { $0.dauMAU < 0.2 } }
    #expect(!lowUsage.isEmpty)
  }

  @Test func missingCellRatesAreNearTargets() {
    let rows = Books.large.accounts.flatMap(\.snapshots)
    let npsMissing = Double(rows.filter { $0.nps == nil }.count) / Double(rows.count)
    let csatMissing = Double(rows.filter { $0.csat == nil }.count) / Double(rows.count)
    #expect(abs(npsMissing - 0.30) < 0.03, "nps missing \(npsMissing)")
    #expect(abs(csatMissing - 0.15) < 0.02, "csat missing \(csatMissing)")
  }

  @Test func signalsStayInTheirRanges() {
    for row in Books.large.accounts.flatMap(\.snapshots) {
      #expect((0...1).contains(row.dauMAU))
      #expect((0...1).contains(row.featureAdoption))
      #expect((0...1.2).contains(row.licenseUtilization))
      #expect((0...30).contains(row.execLoginDays))
      #expect((0...10).contains(row.escalationsLast90Days))
      #expect((0...40).contains(row.ticketsLast30Days))
      if let nps = row.nps { #expect((-100...100).contains(nps)) }
      if let csat = row.csat { #expect((1...5).contains(csat)) }
    }
  }

  @Test func everyDateIsValidAndSnapshotsAscend() throws {
    let book = Books.demo
    let rows = lines(String(decoding: snapshotBytes(book), as: UTF8.self)).dropFirst()
    var previous: (account: Substring, date: CalendarDate)?
    for row in rows {
      let cells = row.split(separator: ",", omittingEmptySubsequences: false)
      let date = try #require(CalendarDate(iso: String(cells[1])), "bad date \(cells[1])")
      if let previous, previous.account == cells[0] {
        #expect(previous.date < date)
      }
      previous = (cells[0], date)
    }
    for row in lines(book.outcomesCSV()).dropFirst() {
      let cells = row.split(separator: ",", omittingEmptySubsequences: false)
      #expect(cells.count == 4)
      #expect(cells[1] == "churned" || cells[1] == "renewed")
      if cells[2].isEmpty {
        #expect(cells[1] == "renewed")
      } else {
        #expect(CalendarDate(iso: String(cells[2])) != nil, "bad date \(cells[2])")
      }
    }
  }

  @Test func csvCellsMatchTheStructsExactly() throws {
    let account = try #require(Books.demo.accounts.first { $0.snapshots.contains { $0.nps != nil && $0.csat != nil } })
    let row = try #require(account.snapshots.first { $0.nps != nil && $0.csat != nil })
    let text = String(decoding: snapshotBytes(Books.demo), as: UTF8.self)
    let line = try #require(lines(text).first { $0.hasPrefix("\(account.id),\(row.asOf),") })
    let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    #expect(cells[2] == account.segment)
    #expect(Double(cells[3]) == account.arr)
    #expect(Double(cells[4]) == row.dauMAU)
    #expect(cells[4].split(separator: ".").last?.count == 3)
    #expect(Double(cells[5]) == row.featureAdoption)
    #expect(Double(cells[6]) == row.licenseUtilization)
    #expect(Int(cells[7]) == row.execLoginDays)
    #expect(cells[8] == (row.championChanged ? "true" : "false"))
    #expect(cells[9] == (row.qbrScheduled ? "yes" : "no"))
    #expect(Int(cells[10]) == row.escalationsLast90Days)
    #expect(Int(cells[11]) == row.ticketsLast30Days)
    #expect(Int(cells[12]) == row.nps)
    #expect(Double(cells[13]) == row.csat)
    #expect(cells[13].split(separator: ".").last?.count == 1)
    #expect(cells[14] == (row.paymentOverdue ? "1" : "0"))
  }

  @Test func streamingHandsOverLargeChunks() {
    let book = SyntheticBook(configuration: SyntheticBookConfiguration(accounts: 3_000, months: 24))
    var sizes: [Int] = []
    book.writeSnapshotsCSV { sizes.append($0.count) }
    #expect(sizes.count > 1)
    #expect(sizes.dropLast().allSatisfy { $0 >= 1 << 20 && $0 < (1 << 20) + 4096 })
  }

  @Test func streamingStopsAtTheFirstError() {
    struct Stop: Error {}
    var calls = 0
    #expect(throws: Stop.self) {
      try SyntheticBook(configuration: SyntheticBookConfiguration(accounts: 3_000, months: 24))
        .writeSnapshotsCSV { _ in
          calls += 1
          throw Stop()
        }
    }
    #expect(calls == 1)
  }

  @Test func writeCreatesTheDirectoryAndReplacesFiles() throws {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("healthcal-synth-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let directory = root.appendingPathComponent("nested/demo").path
    let small = SyntheticBook(configuration: SyntheticBookConfiguration(accounts: 20, months: 3))
    try small.write(to: directory)
    try Books.demo.write(to: directory)
    let snapshots = try Data(contentsOf: URL(fileURLWithPath: directory + "/snapshots.csv"))
    let outcomes = try String(contentsOfFile: directory + "/outcomes.csv", encoding: .utf8)
    #expect([UInt8](snapshots) == snapshotBytes(Books.demo))
    #expect(outcomes == Books.demo.outcomesCSV())
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["outcomes.csv", "snapshots.csv"])
  }

  @Test func writeIntoAFileFails() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("healthcal-synth-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: file) }
    try Data("x".utf8).write(to: file)
    let error = #expect(throws: InputError.self) {
      try SyntheticBook(configuration: SyntheticBookConfiguration(accounts: 5, months: 3)).write(to: file.path)
    }
    #expect(error?.location.file == file.path)
  }

  @Test func editedIdentifiersAreQuoted() {
    var book = SyntheticBook(configuration: SyntheticBookConfiguration(accounts: 1, months: 2))
    book.accounts[0].id = "Acme, \"Inc\""
    var bytes: [UInt8] = []
    book.writeSnapshotsCSV { bytes += $0 }
    let text = String(decoding: bytes, as: UTF8.self)
    #expect(lines(text)[1].hasPrefix("\"Acme, \"\"Inc\"\"\","))
    #expect(lines(book.outcomesCSV())[1].hasPrefix("\"Acme, \"\"Inc\"\"\","))
  }
}
