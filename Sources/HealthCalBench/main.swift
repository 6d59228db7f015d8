// healthcal-bench: release-mode throughput figures.
//
//   swift run -c release healthcal-bench [WORKLOAD…] [--accounts 100000] [--months 24] [--dir /tmp/healthcal-bench]
//
// Workloads (default: all): ingest, audit, score, search. Data is a
// deterministic synthetic book generated once and cached in --dir. Each
// workload prints one line. Benchmarks are figures to quote, not tests:
// nothing here asserts on time.

import Foundation
import HealthCal

#if canImport(Glibc)
  import Glibc
#endif

struct Bench {
  var accounts = 100_000
  var months = 24
  var searchAccounts = 20_000
  var directory = "/tmp/healthcal-bench"
  var workloads: [String] = []

  static let allWorkloads = ["ingest", "audit", "score", "search"]

  static func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }

  static func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
  }

  static func fixed(_ value: Double, _ digits: Int = 2) -> String { NumberFormat.fixed(value, digits: digits) }

  /// The cached synthetic book of `accounts` × `months`, generated on first use.
  func book(accounts: Int, months: Int) throws -> (snapshots: String, outcomes: String) {
    let dataDirectory = "\(directory)/\(accounts)x\(months)"
    let paths = ("\(dataDirectory)/snapshots.csv", "\(dataDirectory)/outcomes.csv")
    if !FileManager.default.fileExists(atPath: paths.0) {
      let time = try Self.seconds {
        try SyntheticBook(configuration: SyntheticBookConfiguration(accounts: accounts, months: months, seed: 2026)).write(to: dataDirectory)
      }
      print("synth     \(accounts) accounts x \(months) months generated in \(Self.fixed(time)) s")
    }
    return paths
  }

  func run() throws {
    let selected = workloads.isEmpty ? Self.allWorkloads : workloads
    if selected.contains(where: { ["ingest", "audit", "score"].contains($0) }) {
      let (snapshotsPath, outcomesPath) = try book(accounts: accounts, months: months)
      let fileBytes = (try FileManager.default.attributesOfItem(atPath: snapshotsPath)[.size] as? NSNumber)?.doubleValue ?? 0
      var table: SnapshotTable?
      let ingest = try Self.seconds { table = try SnapshotLoader.load(path: snapshotsPath) }
      let snapshots = table!
      if selected.contains("ingest") {
        print("ingest    \(snapshots.rowCount) rows, \(Self.fixed(fileBytes / 1e6, 1)) MB in \(Self.fixed(ingest, 3)) s: \(Self.fixed(Double(snapshots.rowCount) / ingest / 1e6, 3)) M rows/s, \(Self.fixed(fileBytes / ingest / 1e6, 1)) MB/s (one core)")
      }
      let scorer = try Scorer(model: Presets.chs4, table: snapshots, modelSource: "chs-4")
      var audit: Audit?
      let auditTime = try Self.seconds {
        let outcomes = try OutcomeLoader.load(path: outcomesPath, snapshots: snapshots)
        audit = Audit(scorer: scorer, outcomes: outcomes, configuration: AuditConfiguration())
      }
      if selected.contains("audit") {
        print("audit     \(audit!.outcomeCount) outcomes x \(audit!.horizons.count) horizons, 1000 bootstrap resamples: \(Self.fixed(auditTime, 3)) s after ingest, \(Self.fixed(ingest + auditTime, 3)) s end to end")
      }
      if selected.contains("score") {
        let rows = audit!.horizons[0].accounts.map(\.row)
        let matrix = SubScoreMatrix(scorer: scorer, rows: rows)
        let assignment = [Int](repeating: scorer.allWeightSets.count - 1, count: rows.count)
        var weights = scorer.allWeightSets
        let repeats = 200
        var checksum = 0.0
        let time = Self.seconds {
          for r in 0..<repeats {
            weights[weights.count - 1][0] = 40 + Double(r % 7)
            checksum += matrix.scores(weightSets: weights, assignment: assignment).reduce(0) { $0 + ($1 ?? 0) }
          }
        }
        print("score     \(rows.count) accounts x \(repeats) weightings: \(Self.fixed(Double(repeats * rows.count) / time / 1e6, 2)) M account-evaluations/s (checksum \(Self.fixed(checksum, 0)))")
      }
    }
    if selected.contains("search") { try search() }
    print("memory    peak RSS \(Self.fixed(Self.peakRSSMegabytes(), 0)) MB")
  }

  /// The step-5 lattice over chs-5's five components, 3 horizons, full metrics per candidate.
  func search() throws {
    let (snapshotsPath, outcomesPath) = try book(accounts: searchAccounts, months: 12)
    let table = try SnapshotLoader.load(path: snapshotsPath)
    let outcomes = try OutcomeLoader.load(path: outcomesPath, snapshots: table)
    let scorer = try Scorer(model: Presets.chs5, table: table, modelSource: "chs-5")
    let training = TrainingSet(scorer: scorer, outcomes: outcomes, configuration: TuneConfiguration.defaultAudit)
    let evaluations = training.horizons.reduce(0) { $0 + $1.count }
    let space = try SearchSpace(components: Presets.chs5.components.map(\.name), current: Presets.chs5.weights(forSegment: nil), step: 5)
    let objective = Objective(kind: .greenChurn, horizonWeights: [0.5, 0.3, 0.2], alertBudgets: [nil, nil, nil])
    for threads in [1, ProcessInfo.processInfo.activeProcessorCount] {
      var settings = WeightSearch.Settings()
      settings.threads = threads
      let search = WeightSearch(evaluator: CandidateEvaluator(training: training), objective: objective, space: space, settings: settings)
      var result: WeightSearch.Result?
      let time = Self.seconds { result = search.run(bands: Presets.chs5.bands) }
      let candidates = Double(result!.evaluated)
      print("search    \(table.accountIDs.count) accounts, \(evaluations) account-horizons x 5 components, step-5 lattice \(result!.evaluated) candidates, \(threads) thread(s): \(Self.fixed(time, 3)) s, \(Self.fixed(candidates / time, 0)) candidates/s, \(Self.fixed(candidates * Double(evaluations) / time / 1e6, 1)) M account-evaluations/s")
    }
  }
}

var bench = Bench()
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
  if Bench.allWorkloads.contains(argument) {
    bench.workloads.append(argument)
    continue
  }
  guard let value = arguments.popFirst() else {
    FileHandle.standardError.write(Data("error: \(argument) needs a value, or is not a workload (\(Bench.allWorkloads.joined(separator: ", ")))\n".utf8))
    exit(1)
  }
  switch argument {
  case "--accounts": bench.accounts = Int(value) ?? bench.accounts
  case "--months": bench.months = Int(value) ?? bench.months
  case "--search-accounts": bench.searchAccounts = Int(value) ?? bench.searchAccounts
  case "--dir": bench.directory = value
  default:
    FileHandle.standardError.write(Data("error: unknown option \(argument); expected --accounts, --months, --search-accounts or --dir\n".utf8))
    exit(1)
  }
}
try bench.run()
