import Foundation
import HealthCalFormats

/// A synthetic book of B2B SaaS accounts with known churn and renewal outcomes
/// and a known planted truth, for the demo, the tests and the benchmarks.
///
/// A real book cannot tell you whether an audit is right: nobody knows why
/// each account left. Here the cause of every churn is planted, so a metric can
/// be checked against the answer. The rules below are a contract: tests in
/// this package and elsewhere rely on them, and changing them changes every
/// golden output built on the demo set.
///
/// **Window.** `months` snapshot dates, one a month on the day of ``SyntheticBookConfiguration/end``
/// (the 1st by default), the last on `end`; or, with ``SyntheticBookConfiguration/weeks``,
/// that many dates a week apart. Rows are ordered by account, then date.
///
/// **Segments.** SMB about 60% of accounts, Mid-Market 30%, Enterprise 10%.
/// ARR is lognormal in whole dollars, redrawn until it lies in the segment's
/// band: SMB 5k–30k (median 12k), Mid-Market 30k–150k (median 65k),
/// Enterprise 150k–1.5M (median 350k).
///
/// **Outcomes.** Churn probability SMB 18%, Mid-Market 10%, Enterprise 6%.
/// Every account has an annual renewal date. For churners and 90% of renewed
/// accounts it is the outcome date: 80% fall in the last six months of the
/// window, 20% earlier, always after the first snapshot date and on or before
/// `end`, on any day of the month. The other 10% of renewed accounts are still
/// active: their renewal lies after `end`, their outcome date is empty, and
/// they are observed until the last snapshot. A churner has snapshots only
/// strictly before its churn date; a renewed account has them through `end`.
/// About 5% of accounts start late (new logos, or accounts onboarded late into
/// the CS platform): their first snapshot is the first snapshot date at most
/// 20–85 days before the outcome date (within the last three months for
/// still-active ones), so the 90-day horizon, and often the 60-day one, has no
/// snapshot and is a coverage gap.
///
/// **Churn patterns.** Each churner degrades from ``SyntheticAccount/degradationStart``
/// to its churn date along one ``SyntheticChurnPattern``:
/// - usage decline (about 55%): `dau_mau` falls by up to 60%, `feature_adoption`
///   by 45%, `license_utilization` by 40%; `tickets_30d` rises up to 2.5 times;
///   escalations climb once the decline passes about a third of its course;
///   the relationship signals slip at half strength.
/// - relationship loss (about 30%; 50% of Enterprise churners): `exec_login_days`
///   falls to about 0, `champion_changed` turns true (the champion leaves in the
///   first half of the degradation), `qbr_scheduled` turns no, while usage
///   stays healthy: the silent green churner a usage-heavy score misses.
/// - payment distress (about 15%): `payment_overdue` turns 1 with a probability
///   rising to about 0.9, with a milder usage decline.
///
/// Before its degradation start a churner is drawn exactly like a renewed
/// account. After it, the damage grows with `progress ^ k`, where progress
/// runs from 0 at the start to 1 at churn: SMB degrades late and fast (45–90
/// days, k = 0.6), Mid-Market in 60–120 days (k = 0.8), Enterprise early and
/// slowly (90–150 days, k = 1). The relationship signals (`exec_login_days`,
/// `qbr_scheduled`, the champion) are the leading indicator: their window
/// starts half a degradation window earlier. Noise is added every month. So a
/// score built on the degrading signals separates churners better 30 days
/// before churn than 90, and one that weighs the relationship signals catches
/// more of them at 90 days than a usage-heavy one.
///
/// **Renewed accounts** keep stable levels with monthly noise. About 20% have
/// one temporary dip (``SyntheticAccount/dipStart``): a triangle 40–90 days
/// wide, peaking at 40–80% of full churn severity, 70% of them in usage and
/// 30% in the relationship signals: planted false alarms. About 5% of
/// accounts other than relationship-loss churners have a champion change.
///
/// **Survey signals** are weakly informative: `nps` and `csat` move down a
/// little under pressure (12 points, 0.3 stars at full severity) against much
/// larger noise (20 points, 0.35 stars a month, plus account-level spread).
/// `nps` is empty in about 30% of cells (12% of accounts never answer, the rest
/// skip 20% of months); `csat` in about 15%. Missingness carries no signal.
/// A stray overdue invoice appears in 2% of healthy months.
///
/// **Determinism.** Account `k` draws only from `SeededGenerator(seed:stream: k)`,
/// so it is identical in a book of 100 accounts and one of 200, and the same
/// configuration gives byte-identical files on every platform.
public struct SyntheticBook: Sendable {
  /// The columns after `account_id`, `as_of`, `segment` and `arr`, in file order.
  public static let signalColumns: [String] = [
    "dau_mau", "feature_adoption", "license_utilization", "exec_login_days", "champion_changed",
    "qbr_scheduled", "escalations_90d", "tickets_30d", "nps", "csat", "payment_overdue",
  ]

  /// Every column of `snapshots.csv`, in file order.
  public static let snapshotColumns: [String] = ["account_id", "as_of", "segment", "arr"] + signalColumns + [planTierColumn]

  /// A text column, as real exports carry: the account's plan tier
  /// (`premier`, `standard`, `basic`), for breakdowns (`--segment-by`) and
  /// `category` signals. Tiers follow the segment, and churned accounts are
  /// a little more often on `basic`.
  public static let planTierColumn = "plan_tier"

  /// Every column of `outcomes.csv`, in file order.
  public static let outcomeColumns: [String] = ["account_id", "outcome", "date", "arr"]

  /// The recipe the book was generated from.
  public let configuration: SyntheticBookConfiguration

  /// The snapshot dates of the window, ascending; the last is the configuration's end.
  public let snapshotDates: [CalendarDate]

  /// The accounts, in identifier order.
  public var accounts: [SyntheticAccount]

  /// Generates the whole book from its configuration, deterministically.
  ///
  /// Accounts are drawn in parallel; each reads only its own random stream,
  /// so the result does not depend on the number of threads.
  ///
  /// - Precondition: `configuration.validate()` does not throw.
  /// - Complexity: O(accounts × months).
  public init(configuration: SyntheticBookConfiguration) {
    do {
      try configuration.validate()
    } catch {
      preconditionFailure("invalid SyntheticBookConfiguration: \(error)")
    }
    let synthesizer = AccountSynthesizer(configuration: configuration)
    self.configuration = configuration
    snapshotDates = synthesizer.dates
    accounts = Self.draw(configuration.accounts, with: synthesizer)
  }

  /// Draws accounts `0..<count` across all cores, in blocks of 256 so that
  /// scheduling costs little against the work; each slot is written by exactly
  /// one block, and each account depends only on its index.
  private static func draw(_ count: Int, with synthesizer: AccountSynthesizer) -> [SyntheticAccount] {
    let blockSize = 256
    let blocks = (count + blockSize - 1) / blockSize
    return [SyntheticAccount](unsafeUninitializedCapacity: count) { buffer, initialized in
      // Blocks write disjoint slots, so sharing the buffer across threads is race-free.
      nonisolated(unsafe) let slots = buffer
      DispatchQueue.concurrentPerform(iterations: blocks) { block in
        for index in block * blockSize..<min(count, (block + 1) * blockSize) {
          (slots.baseAddress! + index).initialize(to: synthesizer.account(at: index))
        }
      }
      initialized = count
    }
  }

  /// The number of rows `snapshots.csv` holds, header excluded.
  ///
  /// - Complexity: O(accounts).
  public var snapshotCount: Int {
    accounts.reduce(0) { $0 + $1.snapshots.count }
  }

  /// Writes `snapshots.csv` and `outcomes.csv` into `directory`, creating it if needed.
  ///
  /// Each file is written to a temporary file in the same directory and then
  /// renamed over the target, so a reader never sees a half-written file and
  /// an interrupted run leaves any previous file intact.
  ///
  /// - Throws: ``InputError/unreadable(file:reason:)`` naming the directory or
  ///   file that could not be created, written or renamed (see ``AtomicFile``),
  ///   so a command reports it as a problem the user can fix.
  public func write(to directory: String) throws {
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw InputError.unreadable(file: directory, reason: "cannot create directory: \(error.localizedDescription)")
    }
    try AtomicFile.write(to: "\(directory)/snapshots.csv") { handle in
      try writeSnapshotsCSV { try handle.write(contentsOf: $0) }
    }
    try AtomicFile.write(outcomesCSV(), to: "\(directory)/outcomes.csv")
  }

  /// Streams the text of `snapshots.csv` in chunks of about 1 MiB, header first.
  ///
  /// The whole text of a large book (100,000 accounts × 24 months is about
  /// 2.2 million rows and 170 MB) never
  /// exists at once: each chunk is handed to `body` and its buffer reused.
  /// Lines end in `\n`; ratios print three decimals, `csat` one, counts and
  /// `arr` none; missing cells are empty.
  ///
  /// - Parameter body: receives each chunk in order; an error it throws stops
  ///   the stream and is rethrown.
  /// - Complexity: O(rows).
  public func writeSnapshotsCSV(_ body: ([UInt8]) throws -> Void) rethrows {
    let chunkSize = 1 << 20
    var buffer = CSVByteBuffer(capacity: chunkSize + 4096)
    let confound = configuration.calendarConfound
    buffer.append((Self.snapshotColumns + (confound ? [Self.tenureColumn] : [])).joined(separator: ","))
    buffer.append(UInt8(ascii: "\n"))
    for (index, account) in accounts.enumerated() {
      let start = confound ? tenureStart(ofAccount: index) : 0
      let tier = planTier(ofAccount: index)
      var prefix = CSVByteBuffer(capacity: 32)
      prefix.append(field: account.id)
      prefix.append(UInt8(ascii: ","))
      var suffix = CSVByteBuffer(capacity: 32)
      suffix.append(UInt8(ascii: ","))
      suffix.append(field: account.segment)
      suffix.append(UInt8(ascii: ","))
      suffix.append(integer: Int(account.arr.rounded()))
      for snapshot in account.snapshots {
        buffer.append(prefix)
        buffer.append(date: snapshot.asOf)
        buffer.append(suffix)
        var written = snapshot
        if let shift = configuration.usageShiftAfter, snapshot.asOf >= shift {
          written.dauMAUThousandths = UInt16((Int(snapshot.dauMAUThousandths) * 6 + 5) / 10)
        }
        Self.appendSignals(of: written, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        buffer.append(field: tier)
        if confound {
          buffer.append(UInt8(ascii: ","))
          buffer.append(integer: snapshot.asOf.daysSinceEpoch - start)
        }
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= chunkSize {
          try body(buffer.bytes)
          buffer.removeAll()
        }
      }
    }
    if buffer.count > 0 { try body(buffer.bytes) }
  }

  /// The text of `outcomes.csv`: one row per account, in identifier order.
  ///
  /// `date` is empty for still-active renewed accounts; `arr` is in whole dollars.
  ///
  /// - Complexity: O(accounts).
  public func outcomesCSV() -> String {
    var buffer = CSVByteBuffer(capacity: 40 * (accounts.count + 1))
    buffer.append(Self.outcomeColumns.joined(separator: ","))
    buffer.append(UInt8(ascii: "\n"))
    for account in accounts {
      buffer.append(field: account.id)
      buffer.append(UInt8(ascii: ","))
      buffer.append(account.outcome.rawValue)
      buffer.append(UInt8(ascii: ","))
      if let date = account.outcomeDate, account.outcome == .churned || !configuration.calendarConfound { buffer.append(date: date) }
      buffer.append(UInt8(ascii: ","))
      buffer.append(integer: Int(account.arr.rounded()))
      buffer.append(UInt8(ascii: "\n"))
    }
    return String(decoding: buffer.bytes, as: UTF8.self)
  }

  /// The column ``SyntheticBookConfiguration/calendarConfound`` adds.
  public static let tenureColumn = "tenure_days"

  /// The start day of account `index` under the calendar confound: up to a
  /// year before the first snapshot, from its own stream so no other value
  /// of the book moves.
  private func tenureStart(ofAccount index: Int) -> Int {
    var random = SeededGenerator(seed: configuration.seed ^ 0x7E4E_0000_0000_0001, stream: UInt64(index))
    return snapshotDates[0].daysSinceEpoch - random.nextInt(below: 366)
  }

  /// The plan tier of account `index`, from its own stream so no other
  /// value of the book moves.
  private func planTier(ofAccount index: Int) -> String {
    var random = SeededGenerator(seed: configuration.seed ^ 0x9A7E_0000_0000_0002, stream: UInt64(index))
    let account = accounts[index]
    let (premier, standard): (Double, Double)
    switch account.segment {
    case "Enterprise": (premier, standard) = (0.65, 0.30)
    case "Mid-Market": (premier, standard) = (0.25, 0.50)
    default: (premier, standard) = (0.05, 0.45)
    }
    let shift = account.outcome == .churned ? 0.15 : 0
    let draw = random.nextUnit()
    if draw < premier - shift / 2 { return "premier" }
    if draw < premier + standard - shift { return "standard" }
    return "basic"
  }

  /// Appends `,dau_mau,…,payment_overdue` for one snapshot.
  private static func appendSignals(of snapshot: SyntheticSnapshot, to buffer: inout CSVByteBuffer) {
    let comma = UInt8(ascii: ",")
    buffer.append(comma)
    buffer.append(thousandths: Int(snapshot.dauMAUThousandths))
    buffer.append(comma)
    buffer.append(thousandths: Int(snapshot.featureAdoptionThousandths))
    buffer.append(comma)
    buffer.append(thousandths: Int(snapshot.licenseUtilizationThousandths))
    buffer.append(comma)
    buffer.append(integer: Int(snapshot.execLoginDaysValue))
    buffer.append(comma)
    buffer.append(snapshot.championChanged ? "true" : "false")
    buffer.append(comma)
    buffer.append(snapshot.qbrScheduled ? "yes" : "no")
    buffer.append(comma)
    buffer.append(integer: Int(snapshot.escalationsValue))
    buffer.append(comma)
    buffer.append(integer: Int(snapshot.ticketsValue))
    buffer.append(comma)
    if let nps = snapshot.nps { buffer.append(integer: nps) }
    buffer.append(comma)
    if snapshot.csatTenths != 0 { buffer.append(tenths: Int(snapshot.csatTenths)) }
    buffer.append(comma)
    buffer.append(snapshot.paymentOverdue ? UInt8(ascii: "1") : UInt8(ascii: "0"))
  }
}
