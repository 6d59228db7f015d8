import HealthCal
import HealthCalReports
import HealthCalArguments

/// `healthcal compare`: two models on the same data, and whether B is really
/// better than A.
enum CompareCommand {
  static let formats = ComparisonReport.formats.map(\.rawValue)

  static let spec = CommandSpec(
    name: "compare",
    abstract: "Compare two models on the same data, with paired bootstrap intervals of the difference.",
    discussion: """
      Audits both models on the same snapshots and outcomes and reports, per horizon, each model's green-churn rate, \
      at-risk recall, false-alarm rate, alert rate and ROC AUC on the accounts both scored; the change B − A in \
      green-churn rate and AUC with a paired percentile bootstrap 95% interval (both models scored on the same \
      resampled accounts, so the shared account-to-account noise cancels); and every account whose band changed. \
      --demo runs on the bundled Fixtures/demo/ data.
      """,
    options: [
      DataOptions.snapshots, DataOptions.outcomes,
      OptionSpec("demo", help: "Use the bundled demo data (Fixtures/demo/)."),
      DataOptions.horizons,
      DataOptions.maxStaleness,
      OptionSpec("at-risk", valueName: "red|amber", help: "Which bands count as flagged at risk.", default: "red"),
      DataOptions.observedUntil,
      DataOptions.bootstrap(help: "Paired bootstrap resamples per horizon (0 to skip the intervals)."),
      DataOptions.design, DataOptions.landmarkEvery,
      OptionSpec("format", valueName: "FORMAT", help: "Output format: \(formats.joined(separator: ", ")).", default: "table"),
      DataOptions.segmentBy, DataOptions.maxSegments,
      DataOptions.out, DataOptions.force, DataOptions.seed, DataOptions.threads, DataOptions.quiet,
    ] + DataOptions.exportOptions,
    positionals: [
      PositionalSpec("model-a", help: "The baseline model (A): a model JSON file or a preset name such as chs-4."),
      PositionalSpec("model-b", help: "The candidate model (B): a model JSON file or a preset name such as chs-5."),
    ])

  static func run(_ arguments: ParsedArguments, _ output: inout Output) throws {
    try DataOptions.checkOutputs(["out"], arguments)
    let project = try DataOptions.project(arguments, &output)
    let paths = try DataOptions.dataPaths(arguments, project: project)
    let format = try DataOptions.format(arguments, of: ComparisonReport.self)
    var configuration = try configuration(arguments)
    let replicates = try arguments.int("bootstrap", in: 0...100_000) ?? RunSettings.defaultBootstrapReplicates

    guard let nameA = arguments.positional("model-a") else { throw UsageError.missingArgument("model-a") }
    guard let nameB = arguments.positional("model-b") else { throw UsageError.missingArgument("model-b") }
    let (modelA, sourceA) = try DataOptions.model(named: nameA)
    let (modelB, sourceB) = try DataOptions.model(named: nameB)
    let (settings, bySegment) = try DataOptions.importSettings(arguments, project: project, models: [modelA, modelB])
    configuration.bySegment = configuration.bySegment && bySegment
    let needs = EvaluationRows(configuration: configuration, models: [modelA, modelB])
    let data = try DataOptions.loadEvaluationData(paths, settings: settings, keeping: needs, arguments)
    let (table, outcomes) = (data.table, data.outcomes)
    // Which observations are compared depends on the data, not the model: drawn once for both.
    let plan = EvaluationPlan(table: table, outcomes: outcomes, configuration: configuration)
    let auditA = Audit(
      scorer: try Scorer(model: modelA, table: table, modelSource: sourceA), outcomes: outcomes, configuration: configuration, plan: plan)
    if let reason = auditA.unmeasurableReason { throw NothingToMeasure(file: paths.outcomes, reason: reason) }
    let auditB = Audit(
      scorer: try Scorer(model: modelB, table: table, modelSource: sourceB), outcomes: outcomes, configuration: configuration, plan: plan)
    let comparison = ModelComparison(baseline: auditA, candidate: auditB, bootstrapReplicates: replicates, seed: configuration.seed)

    let report = ComparisonReport(
      comparison: comparison, baseline: auditA, candidate: auditB, baselineBands: modelA.bands, candidateBands: modelB.bands)
    try DataOptions.emit(report.rendered(as: format), arguments, &output)
  }

  /// The audit settings from the command line, as `audit` reads them,
  /// without the per-model bootstrap the comparison does not use (its own
  /// paired bootstrap reads `--bootstrap`), and with each model's segment
  /// breakdown only for the HTML page, which draws it.
  static func configuration(_ arguments: ParsedArguments) throws(UsageError) -> RunSettings {
    var configuration = try AuditCommand.configuration(arguments)
    configuration.bySegment = arguments.string("format") == "html"
    configuration.bootstrapReplicates = 0
    return configuration
  }
}
