import HealthCal
import HealthCalReports
import HealthCalArguments

/// `healthcal score`: per-account scores with component contributions.
enum ScoreCommand {
  static let spec = CommandSpec(
    name: "score",
    abstract: "Score every account's latest (or --as-of) snapshot, or every account with an outcome at each horizon.",
    discussion: """
      Without --outcomes, prints each account's latest snapshot on or before --as-of (default: any date) with its \
      score, band and the points each component contributed. With --outcomes, prints the exact snapshots the audit \
      scores at each horizon, so the audit's metrics can be recomputed independently.
      """,
    options: [
      DataOptions.snapshots, DataOptions.outcomes, DataOptions.model,
      OptionSpec("as-of", valueName: "DATE", help: "Score the latest snapshot on or before DATE.", default: .computed("latest")),
      OptionSpec("horizons", valueName: "DAYS", help: "With --outcomes: horizons in days before the outcome.", default: DataOptions.horizons.defaultValue),
      OptionSpec("max-staleness", valueName: "DAYS", help: "With --outcomes: how much older than the horizon date a snapshot may be.", default: DataOptions.maxStaleness.defaultValue),
      OptionSpec("observed-until", valueName: "DATE", help: "With --outcomes: end of observation for renewed accounts without a date.", default: .computed("latest snapshot date")),
      DataOptions.design, DataOptions.landmarkEvery,
      OptionSpec("format", valueName: "FORMAT", help: "Output format: csv or json.", default: "csv"),
      DataOptions.out, DataOptions.force, DataOptions.threads, DataOptions.quiet,
    ] + DataOptions.exportOptions)

  static func run(_ arguments: ParsedArguments, _ output: inout Output) throws {
    try DataOptions.checkOutputs(["out"], arguments)
    let project = try DataOptions.project(arguments, &output)
    let snapshotsPath = try DataOptions.snapshotsPath(arguments, project: project)
    let format = try DataOptions.format(arguments, of: ScoreListing.self)
    let asOf = try arguments.date("as-of")
    if asOf != nil, arguments.string("outcomes") != nil { throw UsageError.conflicting("as-of", "outcomes") }
    // The audit's reading of the shared settings (distinct horizons included).
    var configuration = try AuditCommand.configuration(arguments)
    configuration.bootstrapReplicates = 0
    configuration.bySegment = false

    let (model, modelSource) = try DataOptions.model(arguments, project: project)
    let (settings, _) = try DataOptions.importSettings(arguments, project: project, models: [model])
    let outcomesPath = arguments.string("outcomes")
    try DataOptions.checkStandardInput(snapshotsPath, outcomesPath)
    let needs = outcomesPath == nil
      ? EvaluationRows(listingAsOf: asOf, models: [model]) : EvaluationRows(configuration: configuration, models: [model])
    let data = try DataOptions.loadEvaluationData((snapshotsPath, outcomesPath), settings: settings, keeping: needs, arguments)
    let scorer = try Scorer(model: model, table: data.table, modelSource: modelSource)
    let listing = outcomesPath == nil
      ? ScoreListing(scorer: scorer, asOf: asOf)
      : ScoreListing(audit: Audit(scorer: scorer, outcomes: data.outcomes, configuration: configuration), scorer: scorer)
    try DataOptions.emit(listing.rendered(as: format), arguments, &output)
  }
}
