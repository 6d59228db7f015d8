import Foundation
import HealthCal
import HealthCalFormats
import HealthCalReports
import HealthCalArguments

/// `healthcal tune`: the quarterly recalibration.
enum TuneCommand {
  static let formats = TuneReport.formats.map(\.rawValue)

  static let spec = CommandSpec(
    name: "tune",
    abstract: "Search weights (and bands) that catch churn earlier, validate the gain out of sample, and export the tuned model.",
    discussion: """
      Searches component weights on the 0–100 simplex (exhaustively when the lattice is small enough, otherwise \
      seeded random sampling plus local refinement), scores the result in-sample and out of sample (stratified \
      k-fold or a time-ordered holdout), and tests the out-of-sample gain with a paired bootstrap. Writes the tuned \
      model JSON with --model-out (same schema, plus a calibration block), a SQL expression with --sql, and the \
      report to --out (or standard output), as every command does. For tuning, flagged means not green unless \
      --at-risk red is given.
      """,
    options: [
      DataOptions.snapshots, DataOptions.outcomes, DataOptions.model,
      OptionSpec("demo", help: "Use the bundled demo data (Fixtures/demo/); the model defaults to chs-4."),
      OptionSpec("objective", valueName: "NAME", help: "green-churn, auc or recall-at-far.", default: "green-churn"),
      DataOptions.horizons,
      OptionSpec("horizon-weights", valueName: "H:W,…", help: "Weight of each horizon in the objective, e.g. 90:0.5,60:0.3,30:0.2.", default: .computed("90:0.5,60:0.3,30:0.2")),
      OptionSpec("alert-budget", valueName: "SHARE", help: "green-churn: most accounts (share 0–1) that may be shown not green at each horizon.", default: .computed("the current model's share")),
      OptionSpec("max-far", valueName: "SHARE", help: "recall-at-far: highest false-alarm rate (share 0–1).", default: "0.1"),
      OptionSpec("step", valueName: "POINTS", help: "Lattice step in weight points; must divide 100.", default: "5"),
      OptionSpec("bounds", valueName: "C=MIN:MAX,…", help: "Per-component weight bounds in points, e.g. support_health=10:30."),
      OptionSpec("lock", valueName: "C,…", help: "Components to keep at their current weight."),
      OptionSpec("max-shift", valueName: "POINTS", help: "No weight may move further than this from its current value."),
      OptionSpec("tune", valueName: "WHAT", help: "What to tune, comma-separated: weights, signals (weights within components), bands.", default: "weights"),
      OptionSpec("signal-step", valueName: "POINTS", help: "Lattice step for signal weights within a component; must divide 100.", default: "10"),
      OptionSpec("per-segment", help: "Tune separate weights for each segment (of --segment-by) with enough churned accounts."),
      DataOptions.segmentBy, DataOptions.maxSegments,
      OptionSpec("min-churned", valueName: "N", help: "With --per-segment: churned accounts a segment needs for its own weights.", default: "30"),
      OptionSpec("folds", valueName: "K", help: "Stratified cross-validation folds.", default: "5"),
      OptionSpec("holdout-after", valueName: "DATE", help: "Instead of folds: train on outcomes before DATE, test on the rest."),
      OptionSpec("max-lattice", valueName: "N", help: "Largest lattice searched exhaustively.", default: "300000"),
      OptionSpec("samples", valueName: "N", help: "Random lattice points when the lattice is larger.", default: "20000"),
      DataOptions.threads,
      DataOptions.maxStaleness,
      OptionSpec("at-risk", valueName: "red|amber", help: "Which bands count as flagged.", default: "amber"),
      DataOptions.observedUntil,
      DataOptions.bootstrap(help: "Bootstrap resamples for intervals and the paired test."),
      DataOptions.design, DataOptions.landmarkEvery,
      OptionSpec("format", valueName: "FORMAT", help: "Report format: \(formats.joined(separator: ", ")).", default: "table"),
      OptionSpec("model-out", valueName: "FILE", help: "Write the tuned model JSON (with its calibration block) to FILE."),
      OptionSpec("sql", valueName: "FILE", help: "Write the tuned model as a SQL query to FILE."),
      OptionSpec("sql-dialect", valueName: "DIALECT", help: "The engine --sql is written for: \(SQLDialect.allCases.map(\.rawValue).joined(separator: ", ")).", default: "ansi"),
      DataOptions.out,
      OptionSpec("report", valueName: "FILE", help: "Replaced by --out (the report); refused with a hint."),
      DataOptions.force, DataOptions.seed, DataOptions.quiet,
    ] + DataOptions.exportOptions)

  static func run(_ arguments: ParsedArguments, _ output: inout Output) throws {
    try checkOutputNames(arguments)
    try DataOptions.checkOutputs(["model-out", "sql", "out"], arguments)
    let project = try DataOptions.project(arguments, &output)
    let paths = try DataOptions.dataPaths(arguments, project: project)
    let writesModel = arguments.string("model-out") != nil || arguments.string("sql") != nil
    if writesModel, paths.snapshots == "-" || paths.outcomes == "-" {
      throw UsageError.custom(
        "the tuned model's calibration block records each input file's SHA-256, which standard input (-) cannot give; save the export to a file to write --model-out or --sql")
    }
    let format = try DataOptions.format(arguments, of: TuneReport.self)
    let dialect = try arguments.choice("sql-dialect", among: SQLDialect.self) ?? .ansi
    let configuration = try configuration(arguments)

    let (model, modelSource) = try DataOptions.model(arguments, project: project)
    let (settings, bySegment) = try DataOptions.importSettings(arguments, project: project, models: [model])
    if configuration.perSegment, !bySegment { throw UsageError.conflicting("per-segment", "segment-by none") }
    let needs = EvaluationRows(configuration: configuration.audit, models: [model])
    let data = try DataOptions.loadEvaluationData(paths, settings: settings, keeping: needs, arguments)
    let (table, outcomes) = (data.table, data.outcomes)
    let scorer = try Scorer(model: model, table: table, modelSource: modelSource)

    let progress = ProgressLine(arguments)
    let result = try Tuner(scorer: scorer, outcomes: outcomes, configuration: configuration).run(progress: progress.update)
    progress.finish()

    let text = TuneReport(result: result).rendered(as: format)
    guard writesModel else { return try DataOptions.emit(text, arguments, &output) }
    let record = CalibrationRecord(
      inputs: [
        try CalibrationRecord.Input(role: "snapshots", path: paths.snapshots, rows: table.fileRowCount),
        try CalibrationRecord.Input(role: "outcomes", path: paths.outcomes, rows: outcomes.count),
      ],
      dataThrough: result.plan.observedUntil, result: result)
    let tuned = record.model
    if let path = arguments.string("model-out") {
      try AtomicFile.write(tuned.json.serialized(pretty: true) + "\n", to: path)
      if !arguments.flag("quiet") { output.writeError("wrote tuned model to \(path)") }
    }
    if let path = arguments.string("sql") {
      try AtomicFile.write(try ExportSQLCommand.expression(model: tuned, dialect: dialect, table: "snapshots").query, to: path)
      if !arguments.flag("quiet") { output.writeError("wrote SQL to \(path)") }
    }
    try DataOptions.emit(text, arguments, &output)
  }

  /// Until this version `--out` wrote the tuned model and `--report` the
  /// report, so `tune --format html --out x.html` put model JSON in x.html.
  /// Now `--out` is the report, as in every command, and `--model-out` the
  /// model; the old spellings that would now do something else are refused.
  static func checkOutputNames(_ arguments: ParsedArguments) throws(UsageError) {
    if arguments.string("report") != nil {
      throw .custom("'--report' is now '--out' (the report); write the tuned model with '--model-out FILE'")
    }
    let format = arguments.string("format") ?? "table"
    if let out = arguments.string("out"), out.lowercased().hasSuffix(".json"), format != "json" {
      throw .custom("'--out' writes the \(format) report; write the tuned model with '--model-out \(out)' (or pass '--format json' for the report as JSON)")
    }
    if let model = arguments.string("model-out"), let dot = model.lastIndex(of: "."),
      [".html", ".htm", ".md", ".markdown", ".txt", ".csv", ".sql"].contains(model[dot...].lowercased())
    {
      throw .custom("'--model-out' writes model JSON, but \(model) names a report file; use a .json path (the report goes to '--out')")
    }
  }

  /// The tuning settings from the command line.
  static func configuration(_ arguments: ParsedArguments) throws -> TuneConfiguration {
    var audit = try AuditCommand.configuration(arguments)
    audit.atRisk = try arguments.choice("at-risk", among: AtRiskRule.self) ?? .amber
    var configuration = TuneConfiguration(audit: audit)
    configuration.objective = try arguments.choice("objective", among: Objective.Kind.self) ?? .greenChurn
    if let text = arguments.string("horizon-weights") {
      configuration.horizonWeights = try horizonWeights(text, horizons: audit.horizons)
    }
    configuration.alertBudget = try arguments.double("alert-budget", in: 0...1)
    configuration.falseAlarmLimit = try arguments.double("max-far", in: 0...1) ?? 0.1
    configuration.step = try arguments.int("step", in: 1...100) ?? 5
    if let text = arguments.string("bounds") { configuration.bounds = try bounds(text) }
    if let text = arguments.string("lock") {
      configuration.locked = Set(text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
    }
    configuration.maxShift = try arguments.double("max-shift", in: 0...100)
    let tuned = Set((arguments.string("tune") ?? "weights").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
    guard tuned.isSubset(of: ["weights", "signals", "bands"]), tuned.contains("weights") else {
      throw UsageError.invalidValue(option: "tune", value: arguments.string("tune") ?? "", expected: "weights, optionally with signals and bands (e.g. weights,signals,bands)")
    }
    configuration.tunesSignals = tuned.contains("signals")
    configuration.tunesBands = tuned.contains("bands")
    configuration.signalStep = try arguments.int("signal-step", in: 1...100) ?? 10
    configuration.perSegment = arguments.flag("per-segment")
    configuration.minimumChurnedPerSegment = try arguments.int("min-churned", in: 1...1_000_000) ?? 30
    if let date = try arguments.date("holdout-after") {
      if arguments.isSpecified("folds") { throw UsageError.conflicting("holdout-after", "folds") }
      configuration.validation = .holdout(after: date)
    } else {
      configuration.validation = .kFold(try arguments.int("folds", in: 2...50) ?? 5)
    }
    configuration.search.maxLatticePoints = try arguments.int("max-lattice", in: 0...50_000_000) ?? 300_000
    configuration.search.randomSamples = try arguments.int("samples", in: 1...10_000_000) ?? 20_000
    configuration.search.seed = audit.seed
    if let threads = try arguments.int("threads", in: 1...256) { configuration.search.threads = threads }
    return configuration
  }

  /// Parses `90:0.5,60:0.3,30:0.2` into weights aligned with `horizons`.
  static func horizonWeights(_ text: String, horizons: [Int]) throws(UsageError) -> [Double] {
    var weights: [Int: Double] = [:]
    for item in text.split(separator: ",", omittingEmptySubsequences: false) {
      let parts = item.split(separator: ":", omittingEmptySubsequences: false)
      guard parts.count == 2, let horizon = Int(parts[0].trimmingCharacters(in: .whitespaces)),
        let weight = Double(parts[1].trimmingCharacters(in: .whitespaces)), weight.isFinite, weight >= 0,
        horizons.contains(horizon)
      else {
        throw .invalidValue(option: "horizon-weights", value: text, expected: "HORIZON:WEIGHT pairs for the horizons \(horizons.map(String.init).joined(separator: ","))")
      }
      weights[horizon] = weight
    }
    let aligned = horizons.map { weights[$0] ?? 0 }
    guard aligned.reduce(0, +) > 0 else {
      throw .invalidValue(option: "horizon-weights", value: text, expected: "weights with a positive sum")
    }
    return aligned
  }

  /// Parses `name=min:max,…` into bounds in points.
  static func bounds(_ text: String) throws(UsageError) -> [String: ClosedRange<Int>] {
    var result: [String: ClosedRange<Int>] = [:]
    for item in text.split(separator: ",") {
      let parts = item.split(separator: "=")
      let range = parts.count == 2 ? parts[1].split(separator: ":") : []
      guard parts.count == 2, range.count == 2, let low = Int(range[0]), let high = Int(range[1]), 0 <= low, low <= high, high <= 100 else {
        throw .invalidValue(option: "bounds", value: text, expected: "COMPONENT=MIN:MAX with 0 ≤ MIN ≤ MAX ≤ 100, comma-separated")
      }
      result[String(parts[0])] = low...high
    }
    return result
  }
}

extension SearchError: UserFacingError {
  package var message: String { description }
}
