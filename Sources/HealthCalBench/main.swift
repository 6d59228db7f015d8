// healthcal-bench: release-mode throughput figures for the audit core.
//
//   swift run -c release healthcal-bench [--accounts 100000] [--months 24] [--dir /tmp/healthcal-bench]
//
// Generates a deterministic synthetic book (cached in --dir), then times CSV
// ingest, the full audit with the chs-4 preset, and scoring throughput over a
// precomputed sub-score matrix. Prints one line per workload. Benchmarks are
// figures to quote, not tests: nothing here asserts on time.

import Foundation
import HealthCal

#if canImport(Glibc)
  import Glibc
#endif

var accounts = 100_000
var months = 24
var directory = "/tmp/healthcal-bench"
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
  guard let value = arguments.popFirst() else {
    FileHandle.standardError.write(Data("error: \(flag) needs a value\n".utf8))
    exit(1)
  }
  switch flag {
  case "--accounts": accounts = Int(value) ?? accounts
  case "--months": months = Int(value) ?? months
  case "--dir": directory = value
  default:
    FileHandle.standardError.write(Data("error: unknown option \(flag); expected --accounts, --months or --dir\n".utf8))
    exit(1)
  }
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func peakRSSMegabytes() -> Double {
  var usage = rusage()
  getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
  return Double(usage.ru_maxrss) / 1024
}

func fixed(_ value: Double, _ digits: Int = 2) -> String { NumberFormat.fixed(value, digits: digits) }

let dataDirectory = "\(directory)/\(accounts)x\(months)"
let snapshotsPath = "\(dataDirectory)/snapshots.csv"
let outcomesPath = "\(dataDirectory)/outcomes.csv"
if !FileManager.default.fileExists(atPath: snapshotsPath) {
  let generate = try seconds {
    let book = SyntheticBook(configuration: SyntheticBookConfiguration(accounts: accounts, months: months, seed: 2026))
    try book.write(to: dataDirectory)
  }
  print("synth     \(accounts) accounts x \(months) months generated in \(fixed(generate)) s")
}
let fileBytes = (try FileManager.default.attributesOfItem(atPath: snapshotsPath)[.size] as? NSNumber)?.doubleValue ?? 0

var table: SnapshotTable!
let ingest = try seconds { table = try SnapshotLoader.load(path: snapshotsPath) }
print(
  "ingest    \(table.rowCount) rows, \(fixed(fileBytes / 1e6, 1)) MB in \(fixed(ingest, 3)) s: "
    + "\(fixed(Double(table.rowCount) / ingest / 1e6, 3)) M rows/s, \(fixed(fileBytes / ingest / 1e6, 1)) MB/s (one core)")

var audit: Audit!
let auditTime = try seconds {
  let outcomes = try OutcomeLoader.load(path: outcomesPath, snapshots: table)
  let scorer = try Scorer(model: Presets.chs4, table: table, modelSource: "chs-4")
  audit = Audit(scorer: scorer, outcomes: outcomes, configuration: AuditConfiguration())
}
print("audit     \(audit.outcomeCount) outcomes x \(audit.horizons.count) horizons, 1000 bootstrap resamples: \(fixed(auditTime, 3)) s after ingest, \(fixed(ingest + auditTime, 3)) s end to end")

let scorer = try Scorer(model: Presets.chs4, table: table, modelSource: "chs-4")
let rows = audit.horizons[0].accounts.map(\.row)
let matrix = SubScoreMatrix(scorer: scorer, rows: rows)
let assignment = [Int](repeating: scorer.allWeightSets.count - 1, count: rows.count)
var weights = scorer.allWeightSets
let repeats = 200
var checksum = 0.0
let scoring = seconds {
  for r in 0..<repeats {
    weights[weights.count - 1][0] = 40 + Double(r % 7)
    checksum += matrix.scores(weightSets: weights, assignment: assignment).reduce(0) { $0 + ($1 ?? 0) }
  }
}
let evaluations = Double(repeats * rows.count)
print("score     \(rows.count) accounts x \(repeats) weightings: \(fixed(evaluations / scoring / 1e6, 2)) M account-evaluations/s (checksum \(fixed(checksum, 0)))")
print("memory    peak RSS \(fixed(peakRSSMegabytes(), 0)) MB")
