import HealthCal
import HealthCalArguments
import HealthCalReports

/// `healthcal export-sql`: a model as a SQL query that scores every snapshot
/// row in the warehouse, or with `--audit` the audit itself as a query.
enum ExportSQLCommand {
  static let spec = CommandSpec(
    name: "export-sql",
    abstract: "Print a model as SQL that scores every snapshot row in a warehouse table, or audits it there.",
    discussion: """
      The score query returns account_id, as_of, the segment column (only for models with segment overrides), score \
      and band for every row of --table, with the same numbers as `healthcal score`, in one pass over the table \
      (trajectory signals use a window over each account's rows). With --audit the query also reads --outcomes-table \
      (account_id, outcome, date) and returns, per horizon, for all accounts and per segment, the accounts scored, \
      band counts, green-churn rate, at-risk recall, false-alarm rate and ROC AUC, with the rules of \
      `healthcal audit --design renewal` (or --design landmark). --dbt writes either as a dbt model reading {{ ref('…') }}.
      """,
    options: [
      DataOptions.model,
      OptionSpec(
        "dialect", valueName: "DIALECT",
        help: "The engine: \(SQLDialect.allCases.map(\.rawValue).joined(separator: ", ")).", default: "ansi"),
      OptionSpec("table", valueName: "NAME", help: "The snapshot table, optionally schema-qualified (schema.table).", default: "snapshots"),
      OptionSpec("audit", help: "Print the audit as a query instead of the score."),
      OptionSpec("outcomes-table", valueName: "NAME", help: "With --audit: the outcomes table.", default: "outcomes"),
      OptionSpec("horizons", valueName: "DAYS", help: "With --audit: horizons in days before the outcome.", default: DataOptions.horizons.defaultValue),
      OptionSpec(
        "max-staleness", valueName: "DAYS", help: "With --audit: how much older than the horizon date a snapshot may be.",
        default: DataOptions.maxStaleness.defaultValue),
      OptionSpec(
        "observed-until", valueName: "DATE", help: "With --audit: end of observation for renewals without a date.",
        default: .computed("latest snapshot date")),
      OptionSpec("at-risk", valueName: "red|amber", help: "With --audit: which bands count as flagged at risk.", default: "red"),
      OptionSpec(
        "design", valueName: "renewal|landmark",
        help: "With --audit: which accounts a churned account is compared with, as in healthcal audit (auto is healthcal's to decide: run healthcal audit once to see which it picks).",
        default: "renewal"),
      OptionSpec(
        "segment-by", valueName: "COLUMN|none", help: "With --audit: the text column results are broken down by, or none.",
        default: .computed("segment, or the column the model's overrides key on")),
      OptionSpec("dbt", help: "Write a dbt model: a config block, and the tables read through {{ ref('…') }}."),
      DataOptions.out, DataOptions.force, DataOptions.quiet,
    ])

  static func run(_ arguments: ParsedArguments, _ output: inout Output) throws {
    try DataOptions.checkOutputs(["out"], arguments)
    let dialect = try arguments.choice("dialect", among: SQLDialect.self) ?? .ansi
    let table = arguments.string("table") ?? "snapshots"
    let dbt = arguments.flag("dbt")
    let (model, _) = try DataOptions.model(arguments)
    guard arguments.flag("audit") else {
      for option in ["outcomes-table", "horizons", "max-staleness", "observed-until", "at-risk", "segment-by", "design"] where arguments.isSpecified(option) {
        throw UsageError.custom("'--\(option)' applies to the audit query; add --audit, or leave it out")
      }
      return try DataOptions.emit(try expression(model: model, dialect: dialect, table: table, dbt: dbt).query, arguments, &output)
    }
    var settings = SQLAuditQuery.Settings()
    let run = try AuditCommand.configuration(arguments)
    settings.horizons = run.horizons
    settings.maxStaleness = run.maxStaleness
    settings.observedUntil = run.observedUntil
    settings.atRisk = run.atRisk
    switch arguments.isSpecified("design") ? run.design : .renewal {
    case .renewal: settings.design = .renewal
    case .landmark: settings.design = .landmark
    case .auto:
      throw UsageError.invalidValue(
        option: "design", value: "auto",
        expected: "renewal or landmark: auto decides from a calendar check healthcal makes; run healthcal audit once to see which design it picks")
    }
    let (column, bySegment) = try DataOptions.segmentColumn(
      requested: arguments.string("segment-by"), keyedOn: model.segments.isEmpty ? nil : model.segmentColumn)
    settings.segmentColumn = bySegment ? column : nil
    let outcomes = arguments.string("outcomes-table") ?? "outcomes"
    let query: SQLAuditQuery
    do {
      query = try SQLAuditQuery(model: model, dialect: dialect, snapshots: table, outcomes: outcomes, settings: settings, dbt: dbt)
    } catch {
      throw SQLExportError(error: error)
    }
    try DataOptions.emit(query.query, arguments, &output)
  }

  /// The score query, with a name the dialect cannot write reported as one
  /// line naming it.
  static func expression(model: HealthModel, dialect: SQLDialect, table: String, dbt: Bool = false) throws -> SQLExpression {
    do {
      return try SQLExpression(model: model, dialect: dialect, table: table, dbt: dbt)
    } catch {
      throw SQLExportError(error: error)
    }
  }
}

/// A model or table that cannot be written as SQL: exit 1 with the reason.
struct SQLExportError: UserFacingError {
  var error: SQLError
  var message: String { error.description }
}
