import Foundation
import HealthCal
import HealthCalFormats
import HealthCalReports
import HealthCalArguments

/// `healthcal signals`: which columns of the export predict churn.
enum SignalsCommand {
  static let formats = SignalsReport.formats.map(\.rawValue)

  static let spec = CommandSpec(
    name: "signals",
    abstract: "Rank every numeric and boolean column by how well it predicts churn, with bins, IV and suggested transforms.",
    discussion: """
      On the observations the audit compares at each horizon (the same --design), reports each column's coverage, \
      direction, ROC AUC with a bootstrap interval, information value with its usual reading, churn rate by decile, \
      and the fewest monotonic bins whose neighbours differ significantly, with weight of evidence and a suggested \
      transform. Groups columns that measure one behaviour, and checks the model's own signals: does each transform \
      point the way the data does, and would the suggested transform lift its component's AUC. Columns are listed \
      strongest first by |AUC - 0.5| at the first horizon, then IV.
      """,
    options: [
      DataOptions.snapshots, DataOptions.outcomes, DataOptions.model,
      DataOptions.demoWithPreset, DataOptions.horizons, DataOptions.maxStaleness,
      DataOptions.observedUntil,
      DataOptions.bootstrap(help: "Bootstrap resamples for AUC intervals (0 to skip)."),
      DataOptions.design, DataOptions.landmarkEvery,
      OptionSpec("max-bins", valueName: "N", help: "Most bins per column (missing values apart).", default: "6"),
      OptionSpec("min-bin-share", valueName: "SHARE", help: "Smallest share of a column's present values a bin may hold.", default: "0.05"),
      OptionSpec("max-correlation", valueName: "RHO", help: "Columns whose rank correlation exceeds this are grouped as redundant.", default: "0.8"),
      OptionSpec("suggest-model", valueName: "FILE", help: "Also write the model with the suggested transforms and the predictive columns it ignores (at weight 0, for tune to set), with its provenance."),
      OptionSpec("format", valueName: "FORMAT", help: "Output format: \(formats.joined(separator: ", ")).", default: "table"),
      DataOptions.out, DataOptions.force, DataOptions.seed, DataOptions.threads, DataOptions.quiet,
    ] + DataOptions.exportOptions)

  static func run(_ arguments: ParsedArguments, _ output: inout Output) throws {
    try DataOptions.checkOutputs(["out", "suggest-model"], arguments)
    let project = try DataOptions.project(arguments, &output)
    let paths = try DataOptions.dataPaths(arguments, project: project)
    if arguments.string("suggest-model") != nil, paths.snapshots == "-" || paths.outcomes == "-" {
      throw UsageError.custom(
        "the suggested model's provenance records each input file's SHA-256, which standard input (-) cannot give; save the export to a file to write --suggest-model")
    }
    let format = try DataOptions.format(arguments, of: SignalsReport.self)
    var configuration = try AuditCommand.configuration(arguments)
    configuration.bySegment = false
    var settings = SignalScreen.Settings()
    settings.binning.maximumBins = try arguments.int("max-bins", in: 2...50) ?? 6
    settings.binning.minimumShare = try arguments.double("min-bin-share", in: 0...0.5) ?? 0.05
    settings.maximumCorrelation = try arguments.double("max-correlation", in: 0...1) ?? 0.8

    let (model, modelSource) = try DataOptions.model(arguments, project: project)
    var (importSettings, _) = try DataOptions.importSettings(arguments, project: project, models: [model])
    // Every numeric and boolean column, not only the model's.
    importSettings.signalColumns = nil
    let needs = EvaluationRows(configuration: configuration, models: [model])
    let data = try DataOptions.loadEvaluationData(paths, settings: importSettings, keeping: needs, arguments)
    let scorer = try Scorer(model: model, table: data.table, modelSource: modelSource)
    let threads = try arguments.int("threads", in: 1...256) ?? ProcessInfo.processInfo.activeProcessorCount
    let screen = SignalScreen(scorer: scorer, outcomes: data.outcomes, configuration: configuration, settings: settings, threads: threads)
    if let path = arguments.string("suggest-model") {
      let suggested = SuggestedModel(
        screen: screen, model: model,
        inputs: [
          try CalibrationRecord.Input(role: "snapshots", path: paths.snapshots, rows: data.table.fileRowCount),
          try CalibrationRecord.Input(role: "outcomes", path: paths.outcomes, rows: data.outcomes.count),
        ],
        dataThrough: configuration.observationEnd(of: data.table))
      try AtomicFile.write(suggested.model.json.serialized(pretty: true) + "\n", to: path)
      if !arguments.flag("quiet") {
        output.writeError("wrote suggested model to \(path): \(suggested.changes.count) change\(suggested.changes.count == 1 ? "" : "s"); set its weights with healthcal tune --model \(path)")
      }
    }
    try DataOptions.emit(SignalsReport(screen: screen).rendered(as: format), arguments, &output)
  }
}
