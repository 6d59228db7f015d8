// healthcal-bench: release-mode throughput figures.
//
//   swift run -c release healthcal-bench [WORKLOAD…] [options]    (--help lists them)
//
// Workloads (default: all): ingest, audit, score, signals, auc, fma, phases, tune. Data is a
// deterministic synthetic book (the bytes `healthcal synth` writes for the
// same size and seed) generated once and cached in --dir. Each workload
// prints one line per configuration. Benchmarks are figures to quote, not
// tests: nothing here asserts on time.
//
//   healthcal-bench lattice --data DIR --steps 5 [--result FILE]
//
// runs one `tune` lattice search on DIR/snapshots.csv and DIR/outcomes.csv
// with the chs-5 preset and writes the winner and its metrics as JSON, for
// Benchmarks/compare.sh to check against the Python reference.
//
//   healthcal-bench weekly [--weekly-accounts 1000000] [--weeks 52]
//
// audits the largest book the tool is sized for (3.7 GB of CSV, generated
// once) the way `healthcal audit` reads it, and reports its peak memory; run
// it alone, since peak RSS is the whole process's. `reads` first times the
// first pass alone (every cell checked) on 1 and --threads threads.

import Foundation
import HealthCal
import HealthCalArguments
import HealthCalFormats

#if canImport(Glibc)
  import Glibc
#endif

struct Bench {
  var accounts = 100_000
  var months = 24
  var tuneAccounts = [20_000, 200_000]
  var steps = [5, 2]
  var threads = ProcessInfo.processInfo.activeProcessorCount
  var directory = "/tmp/healthcal-bench"
  var data: String?
  var resultPath: String?
  var workloads: [String] = []
  var weeklyAccounts = 1_000_000
  var weeks = 52
  var design = DesignChoice.auto
  var landmarkSpacing = LandmarkSpacing.snapshotDates

  static let allWorkloads = ["ingest", "audit", "score", "signals", "auc", "fma", "phases", "tune"]
  /// Not run by default: `lattice` is the comparison hook, `search` the old name of `tune`.
  /// `weekly` needs 3.7 GB of disk and two minutes, so it is asked for by name.
  static let otherWorkloads = ["lattice", "search", "weekly", "reads"]

  /// Lattice searches larger than this many account-evaluations (about two
  /// minutes at today's speed) are timed on an evenly spaced sample of the
  /// lattice and extrapolated, so the full suite stays within minutes.
  static let maxAccountEvaluations = 20_000_000_000.0

  static func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }

  /// Peak resident memory in MiB (Linux reports ru_maxrss in KiB).
  static func peakRSSMebibytes() -> Double {
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
    if selected.contains("lattice") {
      try lattice()
      return
    }
    if selected.contains(where: { ["ingest", "audit", "score"].contains($0) }) {
      let (snapshotsPath, outcomesPath) = try book(accounts: accounts, months: months)
      let fileBytes = (try FileManager.default.attributesOfItem(atPath: snapshotsPath)[.size] as? NSNumber)?.doubleValue ?? 0
      var table: SnapshotTable?
      let settings = ImportSettings().reading(Presets.chs4)
      let ingest = try Self.seconds { table = try SnapshotLoader.load(path: snapshotsPath, settings: settings) }
      let snapshots = table!
      if selected.contains("ingest") {
        print("ingest    \(snapshots.rowCount) rows, \(Self.fixed(fileBytes / 1e6, 1)) MB in \(Self.fixed(ingest, 3)) s: \(Self.fixed(Double(snapshots.rowCount) / ingest / 1e6, 3)) M rows/s, \(Self.fixed(fileBytes / ingest / 1e6, 1)) MB/s (one thread, chs-4's columns)")
        try readThroughput(path: snapshotsPath, settings: settings, fileBytes: fileBytes)
      }
      let scorer = try Scorer(model: Presets.chs4, table: snapshots, modelSource: "chs-4")
      var audit: Audit?
      let auditTime = try Self.seconds {
        let outcomes = try OutcomeLoader.load(path: outcomesPath, snapshots: snapshots)
        audit = Audit(scorer: scorer, outcomes: outcomes, configuration: RunSettings())
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
    if selected.contains("signals") { try signals() }
    if selected.contains("weekly") || selected.contains("reads") { try weekly() }
    if selected.contains("auc") { try aucPerCandidate() }
    if selected.contains("phases") { try phases() }
    var throughput: MultiplyAddThroughput?
    if selected.contains("fma") {
      throughput = MultiplyAddThroughput.measure(threads: threads)
    }
    if selected.contains("fma"), let throughput {
      print("fma       \(throughput.summary)")
    }
    if selected.contains("tune") || selected.contains("search") {
      for count in tuneAccounts {
        let problem = try TuneProblem(paths: try book(accounts: count, months: 12), design: design)
        // Re-measured before each search: on a shared machine the rate drifts
        // with other load, and the bound should see the same conditions.
        for step in steps { problem.time(step: step, threads: threads, throughput: MultiplyAddThroughput.measure(threads: threads)) }
      }
    }
    print("memory    peak RSS \(Self.fixed(Self.peakRSSMebibytes(), 0)) MiB")
  }

  /// `healthcal signals` on the cached book, as the command runs it: every
  /// numeric and boolean column read (two passes), then screened.
  func signals() throws {
    let (snapshotsPath, outcomesPath) = try book(accounts: accounts, months: months)
    var settings = ImportSettings().reading(Presets.chs4)
    settings.signalColumns = nil
    settings.segmentColumn = nil
    var configuration = RunSettings()
    configuration.bySegment = false
    var data: EvaluationData?
    let load = try Self.seconds {
      data = try EvaluationData.load(
        snapshots: snapshotsPath, outcomes: outcomesPath, settings: settings,
        keeping: EvaluationRows(configuration: configuration, models: [Presets.chs4]), threads: threads)
    }
    var screen: SignalScreen?
    let screenTime = try Self.seconds {
      screen = SignalScreen(
        scorer: try Scorer(model: Presets.chs4, table: data!.table, modelSource: "chs-4"), outcomes: data!.outcomes,
        configuration: configuration, threads: threads)
    }
    let profiles = screen!.columns.count * configuration.horizons.count
    print("signals   \(accounts) accounts x \(months) months, \(screen!.columns.count) columns x \(configuration.horizons.count) horizons (\(screen!.design.rawValue) design), 1000 bootstrap resamples each: read \(Self.fixed(load, 2)) s, screen \(Self.fixed(screenTime, 2)) s (\(Self.fixed(Double(profiles) / screenTime, 1)) column-horizons/s), \(Self.fixed(load + screenTime, 2)) s end to end (target 5)")
  }

  /// Rows per second of a full load and of a first pass (every cell checked,
  /// nothing kept) on one thread and on `threads`.
  func readThroughput(path: String, settings: ImportSettings, fileBytes: Double) throws {
    for count in Array(Set([1, threads])).sorted() {
      var checked = (rows: 0, accounts: 0)
      let check = try Self.seconds { checked = try SnapshotLoader.check(path: path, settings: settings, threads: count) }
      var rows = 0
      let load = try Self.seconds { rows = try SnapshotLoader.load(path: path, settings: settings, threads: count).rowCount }
      print("read      \(count) thread\(count == 1 ? "" : "s"): pass 1 (check) \(checked.rows) rows in \(Self.fixed(check, 3)) s, \(Self.fixed(Double(checked.rows) / check / 1e6, 2)) M rows/s, \(Self.fixed(fileBytes / check / 1e6, 0)) MB/s; full load \(Self.fixed(Double(rows) / load / 1e6, 2)) M rows/s")
    }
  }

  /// A weekly book audited as `healthcal audit` reads it: two passes over
  /// the file, only the rows the audit reads held (see ``EvaluationData``).
  func weekly() throws {
    let dataDirectory = "\(directory)/\(weeklyAccounts)x\(weeks)w"
    let snapshotsPath = "\(dataDirectory)/snapshots.csv"
    let outcomesPath = "\(dataDirectory)/outcomes.csv"
    if !FileManager.default.fileExists(atPath: snapshotsPath) {
      let configuration = SyntheticBookConfiguration(accounts: weeklyAccounts, seed: 2026, weeks: weeks)
      let time = try Self.seconds { try SyntheticBook(configuration: configuration).write(to: dataDirectory) }
      print("synth     \(weeklyAccounts) accounts x \(weeks) weeks generated in \(Self.fixed(time)) s")
    }
    let resolved = URL(fileURLWithPath: snapshotsPath).resolvingSymlinksInPath().path
    let fileBytes = (try FileManager.default.attributesOfItem(atPath: resolved)[.size] as? NSNumber)?.doubleValue ?? 0
    if workloads.contains("reads") {
      // Read once first, so both timings see the file in the page cache.
      _ = try SnapshotLoader.check(path: snapshotsPath, settings: ImportSettings().reading(Presets.chs4), threads: threads)
      for count in Array(Set([1, threads])).sorted() {
        var rows = 0
        let time = try Self.seconds { rows = try SnapshotLoader.check(path: snapshotsPath, settings: ImportSettings().reading(Presets.chs4), threads: count).rows }
        print("weekly    pass 1 (every cell checked, nothing kept), \(count) thread\(count == 1 ? "" : "s"): \(rows) rows in \(Self.fixed(time, 1)) s, \(Self.fixed(Double(rows) / time / 1e6, 2)) M rows/s")
      }
    }
    var configuration = RunSettings()
    configuration.design = design
    configuration.landmarkSpacing = landmarkSpacing
    var data: EvaluationData?
    let load = try Self.seconds {
      data = try EvaluationData.load(
        snapshots: snapshotsPath, outcomes: outcomesPath, settings: ImportSettings().reading(Presets.chs4),
        keeping: EvaluationRows(configuration: configuration, models: [Presets.chs4]), threads: threads)
    }
    let table = data!.table
    var audit: Audit?
    let auditTime = try Self.seconds {
      audit = Audit(
        scorer: try Scorer(model: Presets.chs4, table: table, modelSource: "chs-4"), outcomes: data!.outcomes, configuration: configuration,
        keepsScoredAccounts: false)
    }
    let kept = Double(table.rowCount) / Double(table.fileRowCount)
    print("weekly    \(weeklyAccounts) accounts x \(weeks) weeks, \(audit!.design.rawValue) design\(audit!.design == .landmark ? " (landmarks \(landmarkSpacing))" : ""), \(table.fileRowCount) rows, \(Self.fixed(fileBytes / 1e9, 2)) GB: read twice in \(Self.fixed(load, 1)) s (\(Self.fixed(Double(table.fileRowCount) / load / 1e6, 2)) M rows/s), \(table.rowCount) rows kept (\(NumberFormat.percent(kept))); audit \(Self.fixed(auditTime, 1)) s, \(audit!.churnedCount) churned; peak RSS \(Self.fixed(Self.peakRSSMebibytes(), 0)) MiB (target 4096)")
  }

  /// AUC per candidate: the exact sort-based AUC the audit reports against the
  /// counting AUC the search ranks by, on the 20k-account training set.
  func aucPerCandidate() throws {
    let problem = try TuneProblem(paths: try book(accounts: tuneAccounts.first ?? 20_000, months: 12), design: design)
    let sample = problem.training.horizons[0]
    let weights = problem.space.current
    let repeats = 50
    var checksum = 0.0
    let exact = Self.seconds {
      for r in 0..<repeats {
        var w = weights
        w[0] += Double(r)
        var risk: [Double] = []
        var churned: [Bool] = []
        risk.reserveCapacity(sample.count)
        churned.reserveCapacity(sample.count)
        for i in 0..<sample.count {
          guard let score = sample.matrix.score(row: i, weights: w) else { continue }
          risk.append(100 - score)
          churned.append(sample.isChurned[i])
        }
        checksum += RankedScores(risk: risk, isChurned: churned).rocAUC ?? 0
      }
    }
    let evaluator = CandidateEvaluator(training: problem.training)
    var scratch = evaluator.makeScratch()
    let counting = Self.seconds {
      for r in 0..<repeats {
        var w = weights
        w[0] += Double(r)
        w.withUnsafeBufferPointer { evaluator.evaluate(weights: $0, bands: Presets.chs5.bands, scratch: &scratch) }
        checksum += scratch.metrics[0].auc ?? 0
      }
    }
    // The evaluator covers every horizon; scale to one horizon for a like-for-like figure.
    let share = Double(sample.count) / Double(problem.evaluations)
    print("auc       \(sample.count) accounts, one horizon: exact AUC (score, sort, Mann-Whitney) \(Self.fixed(exact / Double(repeats) * 1e6, 0)) µs/candidate; counting AUC with scores and band counts (the search's evaluator) \(Self.fixed(counting * share / Double(repeats) * 1e6, 0)) µs/candidate (checksum \(Self.fixed(checksum, 3)))")
  }

  /// Where the search's time goes: the evaluator's inner loop rebuilt one
  /// stage at a time on the 20k-account training set, one thread, the first
  /// `candidates` step-5 lattice points. Each stage adds work to the previous
  /// one, so the differences are the stages' costs. These are copies of the
  /// loop for measurement only; the search itself is untouched.
  func phases() throws {
    let problem = try TuneProblem(paths: try book(accounts: tuneAccounts.first ?? 20_000, months: 12), design: design)
    let lattice = WeightLattice(space: problem.space).points
    let k = problem.space.count
    let candidates = 1000
    let weightings = (0..<candidates).map { i in (0..<k).map { Double(lattice[i * k + $0]) } }
    let bands = Presets.chs5.bands
    let evaluations = Double(candidates * problem.evaluations)
    var checksum = 0.0

    func stage(_ name: String, _ body: ([Double]) -> Double) {
      let time = Self.seconds { for w in weightings { checksum += body(w) } }
      print("phases    \(name): \(Self.fixed(time / evaluations * 1e9, 2)) ns/account-evaluation, \(Self.fixed(time / Double(candidates) * 1e6, 0)) µs/candidate")
    }
    // 1. The multiply-adds and the division only.
    stage("1 score (10 multiply-adds + 1 division per account)") { w in
      var total = 0.0
      for sample in problem.training.horizons {
        sample.matrix.subScores.withUnsafeBufferPointer { sub in
          sample.matrix.presence.withUnsafeBufferPointer { present in
            for i in 0..<sample.count {
              var numerator = 0.0
              var denominator = 0.0
              for c in 0..<k {
                numerator += w[c] * sub[i * k + c]
                denominator += w[c] * present[i * k + c]
              }
              if denominator > 0 { total += numerator / denominator }
            }
          }
        }
      }
      return total
    }
    // 2. Plus the class and band branches the evaluator takes per account.
    stage("2 + class and band counts (branches)") { w in
      var counts = 0
      for sample in problem.training.horizons {
        sample.matrix.subScores.withUnsafeBufferPointer { sub in
          sample.matrix.presence.withUnsafeBufferPointer { present in
            sample.isChurned.withUnsafeBufferPointer { churned in
              for i in 0..<sample.count {
                var numerator = 0.0
                var denominator = 0.0
                for c in 0..<k {
                  numerator += w[c] * sub[i * k + c]
                  denominator += w[c] * present[i * k + c]
                }
                guard denominator > 0 else { continue }
                let score = numerator / denominator
                if churned[i] {
                  counts += 1
                  if score >= bands.greenAtOrAbove { counts += 3 }
                  if score < bands.redBelow { counts += 5 }
                } else {
                  counts += 7
                  if score >= bands.greenAtOrAbove { counts += 11 }
                  if score < bands.redBelow { counts += 13 }
                }
              }
            }
          }
        }
      }
      return Double(counts)
    }
    // 3. The evaluator itself: plus the bucket histograms and the AUC pass.
    let evaluator = CandidateEvaluator(training: problem.training)
    var scratch = evaluator.makeScratch()
    let time = Self.seconds {
      for w in weightings {
        w.withUnsafeBufferPointer { evaluator.evaluate(weights: $0, bands: bands, scratch: &scratch) }
        checksum += scratch.metrics[0].auc ?? 0
      }
    }
    print("phases    3 + histograms and AUC (CandidateEvaluator.evaluate): \(Self.fixed(time / evaluations * 1e9, 2)) ns/account-evaluation, \(Self.fixed(time / Double(candidates) * 1e6, 0)) µs/candidate")
    // 4. Stage 1 restructured: components as columns, eight accounts per SIMD
    //    vector, so the multiply-adds and divisions are independent vector ops.
    let columns = problem.training.horizons.map { sample in
      (sub: (0..<k).flatMap { c in (0..<sample.count).map { sample.matrix.subScores[$0 * k + c] } },
       present: (0..<k).flatMap { c in (0..<sample.count).map { sample.matrix.presence[$0 * k + c] } })
    }
    stage("4 score, column-major SIMD8 (what stage 1 costs vectorised)") { w in
      var total = SIMD8<Double>()
      for (h, sample) in problem.training.horizons.enumerated() {
        let n = sample.count
        columns[h].sub.withUnsafeBytes { sub in
          columns[h].present.withUnsafeBytes { present in
            var i = 0
            while i + 8 <= n {
              var numerator = SIMD8<Double>()
              var denominator = SIMD8<Double>()
              for c in 0..<k {
                let weight = SIMD8<Double>(repeating: w[c])
                numerator += weight * sub.loadUnaligned(fromByteOffset: (c * n + i) * 8, as: SIMD8<Double>.self)
                denominator += weight * present.loadUnaligned(fromByteOffset: (c * n + i) * 8, as: SIMD8<Double>.self)
              }
              total += numerator / denominator
              i += 8
            }
          }
        }
      }
      return total.sum()
    }
    print("phases    (checksum \(Self.fixed(checksum, 1)))")
  }

  /// The comparison hook: one lattice search on `--data`, result as JSON.
  func lattice() throws {
    guard let data else { throw BenchError("lattice needs --data DIR holding snapshots.csv and outcomes.csv") }
    let problem = try TuneProblem(paths: ("\(data)/snapshots.csv", "\(data)/outcomes.csv"), design: design)
    let step = steps.first ?? 5
    var report: [(String, JSONValue)] = [
      ("accounts", .number(Double(problem.accounts))), ("account_evaluations", .number(Double(problem.evaluations))),
      ("step", .number(Double(step))), ("budgets", .array(problem.objective.alertBudgets.map { $0.map(JSONValue.number) ?? .null })),
      ("load_seconds", .number(problem.loadSeconds)), ("training_seconds", .number(problem.trainingSeconds)),
    ]
    var result: WeightSearch.Result?
    var timings: [JSONValue] = []
    for threadCount in Set([1, threads]).sorted() {
      let (found, time) = problem.search(step: step, threads: threadCount)
      if let result, result != found { throw BenchError("the search result depends on the thread count") }
      result = found
      timings.append(.object(JSONObject([("threads", .number(Double(threadCount))), ("seconds", .number(time))])))
      print("lattice   step \(step), \(found.evaluated) candidates, \(problem.evaluations) account-evaluations each, \(threadCount) thread(s): \(Self.fixed(time, 3)) s")
    }
    let best = result!.best
    let evaluator = CandidateEvaluator(training: problem.training)
    var scratch = evaluator.makeScratch()
    best.weights.withUnsafeBufferPointer { evaluator.evaluate(weights: $0, bands: Presets.chs5.bands, scratch: &scratch) }
    let horizons: [JSONValue] = (0..<problem.training.horizons.count).map { h in
      let m = scratch.metrics[h]
      return .object(JSONObject([
        ("churned", .number(Double(m.churned))), ("renewed", .number(m.renewed)),
        ("green_churned", .number(Double(m.greenChurned))), ("green_renewed", .number(m.greenRenewed)),
        ("red_churned", .number(Double(m.redChurned))), ("red_renewed", .number(m.redRenewed)),
        ("auc", m.auc.map(JSONValue.number) ?? .null),
      ]))
    }
    report += [
      ("lattice_points", .number(Double(result!.evaluated - 1))), ("timings", .array(timings)),
      ("best", .object(JSONObject([
        ("weights", .array(best.weights.map(JSONValue.number))), ("loss", .number(best.loss)),
        ("mean_auc", .number(best.meanAUC)), ("shift", .number(best.shift)), ("horizons", .array(horizons)),
      ]))),
    ]
    let text = JSONValue.object(JSONObject(report)).serialized(pretty: true) + "\n"
    if let resultPath {
      try text.write(toFile: resultPath, atomically: true, encoding: .utf8)
    } else {
      print(text, terminator: "")
    }
  }
}

struct BenchError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// The default `tune` search on one book: chs-5's five components, horizons
/// 90/60/30, the green-churn objective with each horizon's alert budget set
/// to the current model's non-green share, exactly as `Tuner` sets it up.
struct TuneProblem {
  let accounts: Int
  let training: TrainingSet
  let objective: Objective
  let space: SearchSpace
  let loadSeconds: Double
  let trainingSeconds: Double

  /// Account-horizon pairs scored per candidate (the search's inner loop count).
  var evaluations: Int { training.horizons.reduce(0) { $0 + $1.count } }

  init(paths: (snapshots: String, outcomes: String), design: DesignChoice) throws {
    var table: SnapshotTable?
    var outcomes: [Outcome] = []
    loadSeconds = try Bench.seconds {
      table = try SnapshotLoader.load(path: paths.snapshots, settings: ImportSettings().reading(Presets.chs5))
      outcomes = try OutcomeLoader.load(path: paths.outcomes, snapshots: table!)
    }
    accounts = table!.accountIDs.count
    let scorer = try Scorer(model: Presets.chs5, table: table!, modelSource: "chs-5")
    var configuration = TuneConfiguration()
    configuration.audit.design = design
    var training: TrainingSet?
    trainingSeconds = Bench.seconds { training = TrainingSet(scorer: scorer, outcomes: outcomes, configuration: configuration.audit) }
    self.training = training!
    let current = Presets.chs5.weights(forSegment: nil)
    // The budget Tuner uses by default: the current weights' non-green share per horizon.
    let evaluator = CandidateEvaluator(training: training!)
    var scratch = evaluator.makeScratch()
    current.withUnsafeBufferPointer { evaluator.evaluate(weights: $0, bands: Presets.chs5.bands, scratch: &scratch) }
    let budgets = configuration.audit.horizons.indices.map { scratch.metrics[$0].nonGreenRate }
    objective = Objective(
      kind: .greenChurn, horizonWeights: Objective.defaultHorizonWeights(for: configuration.audit.horizons), alertBudgets: budgets,
      atRisk: configuration.audit.atRisk)
    space = try SearchSpace(components: Presets.chs5.components.map(\.name), current: current, step: 5)
  }

  /// The search at `step`. The lattice limit is lifted so step 2 (316,251
  /// points, above the default 300,000) is searched exhaustively too, as the
  /// benchmark asks; `tune --step 2` itself would switch to random + refine.
  func search(step: Int, threads: Int) -> (WeightSearch.Result, Double) {
    var settings = WeightSearch.Settings()
    settings.threads = threads
    settings.maxLatticePoints = .max
    let search = WeightSearch(evaluator: CandidateEvaluator(training: training), objective: objective, space: try! space.with(step: step), settings: settings)
    var result: WeightSearch.Result?
    let time = Bench.seconds { result = search.run(bands: Presets.chs5.bands) }
    return (result!, time)
  }

  /// Times the lattice at `step` and prints one line with the compute bound.
  func time(step: Int, threads: Int, throughput: MultiplyAddThroughput) {
    let space = try! space.with(step: step)
    let lattice = WeightLattice(space: space)
    let points = lattice.count
    let work = Double(points) * Double(evaluations)
    let every = work > Bench.maxAccountEvaluations ? Int((work / Bench.maxAccountEvaluations).rounded(.up)) : 1
    let time: Double
    let note: String
    if every == 1 {
      time = search(step: step, threads: threads).1
      note = ""
    } else {
      // Every `every`-th lattice point, through the same parallel evaluator the
      // search uses; the full lattice's time is this time scaled by the count.
      let flat = lattice.points
      let k = space.count
      let sample = stride(from: 0, to: points, by: every).map { i in (0..<k).map { Double(flat[i * k + $0]) } }
      var settings = WeightSearch.Settings()
      settings.threads = threads
      let search = WeightSearch(evaluator: CandidateEvaluator(training: training), objective: objective, space: space, settings: settings)
      let sampled = Bench.seconds { _ = search.evaluate(sample, bands: Presets.chs5.bands) }
      time = sampled * Double(points) / Double(sample.count)
      note = " (extrapolated from \(sample.count) evenly spaced candidates timed in \(Bench.fixed(sampled, 1)) s)"
    }
    // The compute bound: one multiply-add per account, horizon and component
    // per candidate (the evaluator does two: numerator and denominator).
    let multiplyAdds = work * Double(space.count)
    let bound = multiplyAdds / throughput.doubleParallel
    print("tune      \(accounts) accounts, \(training.plan.design.rawValue) design, \(evaluations) account-horizons x \(space.count) components, step-\(step) lattice \(points) candidates, \(threads) threads: \(Bench.fixed(time, 2)) s\(note), \(Bench.fixed(Double(points) / time, 0)) candidates/s, \(Bench.fixed(work / time / 1e6, 1)) M account-evaluations/s; compute bound \(Bench.fixed(bound, 3)) s (\(Bench.fixed(multiplyAdds / 1e9, 1)) G multiply-adds at \(Bench.fixed(throughput.doubleParallel / 1e9, 1)) G/s), \(Bench.fixed(time / bound, 1))x the bound")
  }
}

extension SearchSpace {
  /// The same space at another step.
  func with(step: Int) throws -> SearchSpace {
    try SearchSpace(components: components, current: current, step: step, locked: locked, maxShift: maxShift)
  }
}

/// Measured multiply-add throughput of this build on this machine.
///
/// The loop runs eight independent `SIMD8` accumulators (`a = a * b + c`), so
/// it is limited by the vector units' throughput, not by the add latency. It
/// is compiled like the library: Swift's default x86-64 target has no FMA or
/// AVX, so each lane is a separate multiply and add on SSE2 registers, which
/// is also what the search's inner loop gets. Benchmarks/fma_peak.c measures
/// the hardware's fused FMA peak with `-march=native` for comparison.
struct MultiplyAddThroughput {
  /// Double-precision multiply-adds per second: one core, all `threads` cores.
  var doubleSingle: Double
  var doubleParallel: Double
  /// Single-precision multiply-adds per second: one core, all cores.
  var floatSingle: Double
  var floatParallel: Double
  var threads: Int

  static func measure(threads: Int) -> MultiplyAddThroughput {
    let iterations = 20_000_000
    // Concrete closures per type: concurrentPerform's closure may not capture a generic metatype.
    let double: @Sendable () -> Double = { Double(Self.kernel(SIMD8<Double>.self, iterations: iterations)) }
    let float: @Sendable () -> Double = { Double(Self.kernel(SIMD8<Float>.self, iterations: iterations)) }
    func rate(threads: Int, _ kernel: @escaping @Sendable () -> Double) -> Double {
      nonisolated(unsafe) let sink = UnsafeMutableBufferPointer<Double>.allocate(capacity: threads)
      defer { sink.deallocate() }
      let time = Bench.seconds {
        DispatchQueue.concurrentPerform(iterations: threads) { t in sink[t] = kernel() }
      }
      blackHole(Array(sink))
      return Double(iterations * 8 * 8 * threads) / time
    }
    return MultiplyAddThroughput(
      doubleSingle: rate(threads: 1, double), doubleParallel: rate(threads: threads, double),
      floatSingle: rate(threads: 1, float), floatParallel: rate(threads: threads, float), threads: threads)
  }

  @inline(never)
  static func kernel<S: SIMD>(_: S.Type, iterations: Int) -> S.Scalar where S.Scalar: BinaryFloatingPoint {
    // Multipliers just below 1 and small addends keep the values finite and normal.
    let b = S(repeating: 0.999_999)
    let c = S(repeating: 1e-6)
    var a0 = S(repeating: 1), a1 = S(repeating: 1), a2 = S(repeating: 1), a3 = S(repeating: 1)
    var a4 = S(repeating: 1), a5 = S(repeating: 1), a6 = S(repeating: 1), a7 = S(repeating: 1)
    for _ in 0..<iterations {
      a0 = a0 * b + c; a1 = a1 * b + c; a2 = a2 * b + c; a3 = a3 * b + c
      a4 = a4 * b + c; a5 = a5 * b + c; a6 = a6 * b + c; a7 = a7 * b + c
    }
    return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7).sum()
  }

  var summary: String {
    "multiply-add throughput as compiled (SIMD8, a*b+c, baseline x86-64 target: SSE2, no FMA): Double \(Bench.fixed(doubleSingle / 1e9, 2)) G/s one core, \(Bench.fixed(doubleParallel / 1e9, 2)) G/s \(threads) cores; Float \(Bench.fixed(floatSingle / 1e9, 2)) G/s one core, \(Bench.fixed(floatParallel / 1e9, 2)) G/s \(threads) cores"
  }
}

@inline(never)
func blackHole<T>(_ value: T) {
  withExtendedLifetime(value) {}
}

/// The benchmark's command line, parsed and documented by the same tables as
/// `healthcal`'s: `healthcal-bench --help` prints this, and a bad number is
/// an error rather than the default.
enum BenchCommand {
  static let spec = CommandSpec(
    name: "healthcal-bench",
    abstract: "Print release-mode throughput figures for healthcal's hot paths.",
    discussion: """
      Workloads run by default: \(Bench.allWorkloads.joined(separator: ", ")). Asked for by name: \
      \(Bench.otherWorkloads.joined(separator: ", ")) (lattice is the Python comparison's hook; weekly needs 3.7 GB \
      of disk). Data is a deterministic synthetic book generated once and cached in --dir. Benchmarks are figures to \
      quote, not tests: nothing here asserts on time.
      """,
    options: [
      OptionSpec("accounts", valueName: "N", help: "Accounts in the ingest, audit, score and signals book.", default: "100000"),
      OptionSpec("months", valueName: "N", help: "Monthly snapshots per account in that book.", default: "24"),
      OptionSpec("tune-accounts", valueName: "N,…", help: "Accounts of each tune workload book.", default: "20000,200000"),
      OptionSpec("steps", valueName: "POINTS,…", help: "Lattice steps of the tune workload (one for lattice).", default: "5,2"),
      OptionSpec("threads", valueName: "N", help: "Threads for parallel work.", default: .computed("all cores")),
      OptionSpec("dir", valueName: "DIR", help: "Where generated books are cached.", default: "/tmp/healthcal-bench"),
      OptionSpec("data", valueName: "DIR", help: "lattice: the folder holding snapshots.csv and outcomes.csv."),
      OptionSpec("result", valueName: "FILE", help: "lattice: write the winner and its metrics as JSON here."),
      OptionSpec("weekly-accounts", valueName: "N", help: "Accounts of the weekly book.", default: "1000000"),
      OptionSpec("weeks", valueName: "N", help: "Weekly snapshots per account in the weekly book.", default: "52"),
      OptionSpec(
        "design", valueName: "auto|landmark|renewal", help: "Evaluation design of tune and weekly, as in healthcal audit.",
        default: "auto"),
      OptionSpec(
        "landmark-every", valueName: "SPACING", help: "Landmark spacing of tune and weekly, as in healthcal audit.",
        default: .computed("every snapshot date")),
    ],
    positionals: [
      PositionalSpec("workload", help: "Workloads to run, in order (default: all of the default set).", isRepeating: true)
    ])

  static func run(_ arguments: ParsedArguments, _ output: inout Output) throws {
    var bench = Bench()
    bench.workloads = arguments.repeatedPositional("workload")
    let known = Bench.allWorkloads + Bench.otherWorkloads
    if let unknown = bench.workloads.first(where: { !known.contains($0) }) {
      throw UsageError.invalidValue(option: "workload", value: unknown, expected: "one of \(known.joined(separator: ", "))")
    }
    bench.accounts = try arguments.int("accounts", in: 1...100_000_000) ?? bench.accounts
    bench.months = try arguments.int("months", in: 1...1_200) ?? bench.months
    bench.tuneAccounts = try arguments.intList("tune-accounts", in: 1...100_000_000) ?? bench.tuneAccounts
    bench.steps = try arguments.intList("steps", in: 1...100) ?? bench.steps
    bench.threads = try arguments.int("threads", in: 1...256) ?? bench.threads
    bench.directory = arguments.string("dir") ?? bench.directory
    bench.data = arguments.string("data")
    bench.resultPath = arguments.string("result")
    bench.weeklyAccounts = try arguments.int("weekly-accounts", in: 1...100_000_000) ?? bench.weeklyAccounts
    bench.weeks = try arguments.int("weeks", in: 1...5_200) ?? bench.weeks
    bench.design = try arguments.choice("design", among: DesignChoice.self) ?? bench.design
    if let text = arguments.string("landmark-every") {
      guard let spacing = LandmarkSpacing(text) else {
        throw UsageError.invalidValue(option: "landmark-every", value: text, expected: "a spacing such as 1m, 4w or 30d")
      }
      bench.landmarkSpacing = spacing
    }
    do {
      try bench.run()
    } catch let error as InputError {
      throw error
    } catch {
      throw BenchFailure(message: String(describing: error))
    }
  }
}

/// A workload that could not run (a missing --data folder, an unwritable
/// cache): one line and exit 1, as in `healthcal`.
struct BenchFailure: UserFacingError {
  var message: String
}

exit(CommandLineTool(single: .init(BenchCommand.spec, handler: BenchCommand.run), version: "healthcal-bench \(HealthCalVersion.current)")
  .run(arguments: Array(CommandLine.arguments.dropFirst())))
