import HealthCal
import HealthCalReports
import HealthCalArguments

/// `healthcal audit`: the quarterly audit of green churners.
enum AuditCommand {
  static let formats = AuditReport.formats.map(\.rawValue)

  static let spec = CommandSpec(
    name: "audit",
    abstract: "Report how often churned accounts were shown green 90, 60 and 30 days before they left.",
    discussion: """
      Scores every account with an outcome at each horizon (its latest snapshot on or before the outcome date minus \
      the horizon, no older than --max-staleness days), then reports the green-churn rate, at-risk recall, \
      false alarms, ROC AUC, PR AUC, KS and Brier score with 95% intervals, lead time, per-segment results and the \
      list of churned accounts that were green. --demo runs on the bundled Fixtures/demo/ data with the chs-4 preset.
      """,
    options: [
      DataOptions.snapshots, DataOptions.outcomes, DataOptions.model,
      DataOptions.demoWithPreset, DataOptions.horizons, DataOptions.maxStaleness,
      OptionSpec("at-risk", valueName: "red|amber", help: "Which bands count as flagged at risk.", default: "red"),
      DataOptions.segmentBy, DataOptions.maxSegments,
      DataOptions.observedUntil,
      DataOptions.bootstrap(help: "Bootstrap resamples for AUC intervals (0 to skip)."),
      DataOptions.design, DataOptions.landmarkEvery,
      OptionSpec("misses", valueName: "N", help: "Miss-list entries shown in table and markdown output.", default: "10"),
      OptionSpec("explain", valueName: "ACCOUNT_ID", help: "Instead of the audit, explain one account: its score at each horizon, each component's contribution and signals, and what would have changed its band."),
      OptionSpec("format", valueName: "FORMAT", help: "Output format: \(formats.joined(separator: ", ")).", default: "table"),
      DataOptions.out, DataOptions.force, DataOptions.seed, DataOptions.threads, DataOptions.quiet,
    ] + DataOptions.exportOptions)

  static func run(_ arguments: ParsedArguments, _ output: inout Output) throws {
    try DataOptions.checkOutputs(["out"], arguments)
    let project = try DataOptions.project(arguments, &output)
    let paths = try DataOptions.dataPaths(arguments, project: project)
    let format = try DataOptions.format(arguments, of: AuditReport.self)
    var configuration = try configuration(arguments)
    let missLimit = try arguments.int("misses", in: 0...1_000_000) ?? 10

    let (model, modelSource) = try DataOptions.model(arguments, project: project)
    let (settings, bySegment) = try DataOptions.importSettings(arguments, project: project, models: [model])
    configuration.bySegment = bySegment
    let explained = arguments.string("explain")
    let needs = EvaluationRows(configuration: configuration, models: [model], wholeAccounts: Set(explained.map { [$0] } ?? []))
    let data = try DataOptions.loadEvaluationData(paths, settings: settings, keeping: needs, arguments)
    let outcomes = data.outcomes
    let scorer = try Scorer(model: model, table: data.table, modelSource: modelSource)
    if let accountID = explained {
      if format != .table { throw UsageError.conflicting("explain", "format") }
      let explanation = try AccountExplanation(accountID: accountID, scorer: scorer, outcomes: outcomes, configuration: configuration)
      try DataOptions.emit(AccountExplanationReport(explanation: explanation).rendered(as: .table), arguments, &output)
      return
    }
    let audit = Audit(scorer: scorer, outcomes: outcomes, configuration: configuration, keepsScoredAccounts: false)
    if let reason = audit.unmeasurableReason { throw NothingToMeasure(file: paths.outcomes, reason: reason) }

    try DataOptions.emit(AuditReport(audit: audit, bands: model.bands, missLimit: missLimit).rendered(as: format), arguments, &output)
  }

  /// The audit settings from the command line; shared with `tune` and
  /// `compare`. The segment breakdown is decided with the column it reads
  /// (see ``DataOptions/importSettings(_:project:models:)``).
  static func configuration(_ arguments: ParsedArguments) throws(UsageError) -> RunSettings {
    var configuration = RunSettings()
    if let horizons = try arguments.intList("horizons", in: 1...3650) {
      guard Set(horizons).count == horizons.count else {
        throw .invalidValue(option: "horizons", value: arguments.string("horizons") ?? "", expected: "distinct horizons")
      }
      configuration.horizons = horizons
    }
    // Commands declare the settings they use (`drift` has no bootstrap, `signals` no at-risk rule).
    let declares = { (name: String) in arguments.command.option(named: name) != nil }
    configuration.maxStaleness = try arguments.int("max-staleness", in: 0...3650) ?? RunSettings.defaultMaxStaleness
    if declares("at-risk") { configuration.atRisk = try arguments.choice("at-risk", among: AtRiskRule.self) ?? .red }
    if declares("observed-until") { configuration.observedUntil = try arguments.date("observed-until") }
    if declares("bootstrap") { configuration.bootstrapReplicates = try arguments.int("bootstrap", in: 0...100_000) ?? RunSettings.defaultBootstrapReplicates }
    if declares("seed") { configuration.seed = try DataOptions.seed(arguments) }
    if declares("design") { configuration.design = try arguments.choice("design", among: DesignChoice.self) ?? .auto }
    if declares("landmark-every") { configuration.landmarkSpacing = try DataOptions.landmarkSpacing(arguments) ?? .snapshotDates }
    return configuration
  }
}

/// An audit in which no churned account was scored: exit 1 with one line,
/// never a report that reads as "no misses".
struct NothingToMeasure: UserFacingError {
  var file: String
  var reason: String
  var message: String { "\(file): \(reason)" }
}

extension UnknownAccountError: UserFacingError {
  package var message: String { description }
}
