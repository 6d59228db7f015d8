import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

/// A small random book of business for property tests: a dozen accounts or
/// so with a few monthly snapshots each, outcomes, ARR, segments, and a
/// random model and audit configuration, all fixed by one seed.
///
/// The values are coarse on purpose (signals in steps of 5, integer ARR in
/// thousands) so that ties between scores, scores exactly on a band
/// threshold and exactly representable ARR sums are common: those are the
/// cases where an invariant breaks if it is going to. The book is kept as
/// plain data so a test can rename, reorder or add accounts and rebuild the
/// table through the real CSV loader.
struct RandomBook {
  /// One account: its snapshots and, usually, an outcome.
  struct Account {
    var id: String
    var segment: String?
    var arr: Int?
    /// (day offset, x, y, z); nil is a missing cell.
    var snapshots: [(day: Int, x: Int?, y: Bool?, z: Int?)]
    var outcome: (kind: Outcome.Kind, day: Int?, arr: Int?)?
  }

  var accounts: [Account]
  var model: HealthModel
  var configuration: RunSettings

  /// Day 0 of the book, 2025-01-01.
  static let start = CalendarDate(iso: "2025-01-01")!
  static let segments: [String?] = ["SMB", "Mid-Market", "Enterprise", nil]

  /// A random book; the same seed always gives the same book.
  init(seed: UInt64) {
    var random = SeededGenerator(seed: seed)
    let count = 2 + random.nextInt(below: 14)
    accounts = (0..<count).map { i in Self.randomAccount(id: "ACC-\(i)", random: &random) }
    model = Self.randomModel(random: &random)
    configuration = RunSettings()
    let horizons = [120, 90, 60, 30, 0].filter { _ in random.nextUnit() < 0.6 }
    configuration.horizons = horizons.isEmpty ? [30] : horizons
    configuration.maxStaleness = [0, 15, 31, 60][random.nextInt(below: 4)]
    configuration.atRisk = random.nextUnit() < 0.5 ? .red : .amber
    configuration.bootstrapReplicates = 0
  }

  /// A random account with 1–5 snapshots roughly a month apart.
  static func randomAccount(id: String, random: inout SeededGenerator) -> Account {
    let segment = segments[random.nextInt(below: segments.count)]
    let arr = random.nextUnit() < 0.7 ? 1000 * (1 + random.nextInt(below: 100)) : nil
    var day = random.nextInt(below: 60)
    var snapshots: [(day: Int, x: Int?, y: Bool?, z: Int?)] = []
    for _ in 0..<(1 + random.nextInt(below: 5)) {
      let x = random.nextUnit() < 0.1 ? nil : 5 * random.nextInt(below: 21)
      let y = random.nextUnit() < 0.1 ? nil : random.nextUnit() < 0.5
      let z = random.nextUnit() < 0.1 ? nil : random.nextInt(below: 15)
      snapshots.append((day, x, y, z))
      day += 10 + random.nextInt(below: 31)
    }
    let last = snapshots.last!.day
    var outcome: (kind: Outcome.Kind, day: Int?, arr: Int?)?
    if random.nextUnit() < 0.85 {
      let lowUsage = (snapshots.last!.x ?? 50) < 40
      let kind: Outcome.Kind = random.nextUnit() < (lowUsage ? 0.6 : 0.25) ? .churned : .renewed
      let dated = kind == .churned || random.nextUnit() < 0.7
      let outcomeARR = random.nextUnit() < 0.3 ? 1000 * (1 + random.nextInt(below: 100)) : nil
      outcome = (kind, dated ? last + random.nextInt(below: 151) : nil, outcomeARR)
    }
    return Account(id: id, segment: segment, arr: arr, snapshots: snapshots, outcome: outcome)
  }

  /// A three-component model over x, y and z with random weights, missing
  /// policy, bands and (sometimes) an Enterprise override.
  static func randomModel(random: inout SeededGenerator) -> HealthModel {
    func weight() -> Double { Double(random.nextInt(below: 51)) }
    let usage = Component(name: "usage", weight: 1 + weight(), signals: [
      Signal(column: "x", weight: Double(1 + random.nextInt(below: 3)), transform: .linear(low: 0, high: 100)),
      Signal(column: "z", transform: .bands(thresholds: [3, 7, 11], scores: [100, 70, 40, 0])),
    ])
    let support = Component(name: "support", weight: weight(), signals: [
      Signal(column: "y", transform: .boolean(trueScore: 0, falseScore: 100))
    ])
    let trend = Component(name: "trend", weight: weight(), signals: [
      Signal(column: "x", transform: .delta(days: 30, low: -20, high: 20, maxGap: random.nextInt(below: 32)))
    ])
    let red = [30.0, 40, 50, 60][random.nextInt(below: 4)]
    let green = red + [0.0, 10, 20, 30][random.nextInt(below: 4)]
    var segments: [SegmentOverride] = []
    if random.nextUnit() < 0.5 {
      segments.append(SegmentOverride(
        segment: "Enterprise", weights: ["usage": 1 + weight(), "trend": weight()],
        bands: random.nextUnit() < 0.5 ? Bands(redBelow: red - 10, greenAtOrAbove: green) : nil))
    }
    return HealthModel(
      name: "random", components: [usage, support, trend],
      missing: MissingPolicy.allCases[random.nextInt(below: MissingPolicy.allCases.count)],
      bands: Bands(redBelow: red, greenAtOrAbove: green), segments: segments)
  }

  /// The snapshots as CSV, rows in book order or permuted by `order`.
  func csv(order: [Int]? = nil) -> String {
    var lines: [String] = []
    for account in accounts {
      for snapshot in account.snapshots {
        let date = Self.start.adding(days: snapshot.day).description
        let arr = account.arr.map(String.init) ?? ""
        let x = snapshot.x.map(String.init) ?? ""
        let y = snapshot.y.map(String.init) ?? ""
        let z = snapshot.z.map(String.init) ?? ""
        let cells: [String] = [account.id, date, account.segment ?? "", arr, x, y, z]
        lines.append(cells.joined(separator: ","))
      }
    }
    let rows = order.map { $0.map { lines[$0] } } ?? lines
    return (["account_id,as_of,segment,arr,x,y,z"] + rows).joined(separator: "\n") + "\n"
  }

  /// The number of snapshot rows.
  var rowCount: Int { accounts.reduce(0) { $0 + $1.snapshots.count } }

  /// The outcomes tied to `table`'s account indices, in book order or
  /// permuted by `order` (indices into the accounts with an outcome).
  func outcomes(in table: SnapshotTable, order: [Int]? = nil) -> [Outcome] {
    let list = accounts.compactMap { account -> Outcome? in
      guard let outcome = account.outcome else { return nil }
      return Outcome(
        account: table.accountIndex(of: account.id)!, kind: outcome.kind,
        date: outcome.day.map { Self.start.adding(days: $0) }, arr: outcome.arr.map(Double.init))
    }
    return order.map { $0.map { list[$0] } } ?? list
  }

  /// The number of accounts with an outcome.
  var outcomeCount: Int { accounts.filter { $0.outcome != nil }.count }

  /// Runs the audit through the CSV loader, with snapshot rows and outcomes
  /// in the given orders.
  func audit(model: HealthModel? = nil, rowOrder: [Int]? = nil, outcomeOrder: [Int]? = nil) throws -> Audit {
    let table = try TestData.table(csv(order: rowOrder))
    let scorer = try Scorer(model: model ?? self.model, table: table, modelSource: "random")
    return Audit(scorer: scorer, outcomes: outcomes(in: table, order: outcomeOrder), configuration: configuration)
  }

  /// The same book with every account id passed through `rename`.
  func renamed(_ rename: (String) -> String) -> RandomBook {
    var copy = self
    for i in copy.accounts.indices { copy.accounts[i].id = rename(copy.accounts[i].id) }
    return copy
  }
}
