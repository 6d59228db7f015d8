import HealthCal
import HealthCalReports
import HealthCalArguments

/// `healthcal export-sql`: a model as a SQL query, to score accounts in the warehouse.
enum ExportSQLCommand {
  static let spec = CommandSpec(
    name: "export-sql",
    abstract: "Print a model as a SQL query that scores every snapshot row in a warehouse table.",
    discussion: """
      The query returns account_id, as_of, segment (only for models with segment overrides), score and band for \
      every row of --table, with the same numbers as `healthcal score`. Signal columns must be numeric with \
      booleans stored as 0/1 and NULL for missing values; the dialects differ only in date arithmetic.
      """,
    options: [
      DataOptions.model,
      OptionSpec(
        "dialect", valueName: "DIALECT",
        help: "SQL dialect: \(SQLExpression.Dialect.allCases.map(\.rawValue).joined(separator: " or ")).", default: "ansi"),
      OptionSpec("table", valueName: "NAME", help: "The snapshot table, optionally schema-qualified (schema.table).", default: "snapshots"),
      DataOptions.out, DataOptions.force, DataOptions.quiet,
    ])

  static func run(_ arguments: ParsedArguments, _ output: inout Output) throws {
    try DataOptions.checkOutputs(["out"], arguments)
    let dialect = try arguments.choice("dialect", among: SQLExpression.Dialect.self) ?? .ansi
    let table = arguments.string("table") ?? "snapshots"
    guard !table.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else {
      throw UsageError.invalidValue(option: "table", value: table, expected: "a table name, optionally schema-qualified as schema.table")
    }
    let (model, _) = try DataOptions.model(arguments)
    let sql = SQLExpression(model: model, dialect: dialect, table: table)
    try DataOptions.emit(sql.query, arguments, &output)
  }
}
