/// The SQL engines healthcal writes for, and everything that is spelled
/// differently between them: quoting, date arithmetic, casts, and how a
/// cell is read as a number.
///
/// The queries themselves (``SQLExpression``, ``SQLAuditQuery``) are written
/// once, in the subset every engine here shares (`CASE`, `COALESCE`,
/// `NULLIF`, arithmetic, joins, `GROUP BY`, `UNION ALL`, common table
/// expressions and window functions with `RANGE` frames); each place where
/// engines disagree asks the dialect.
///
/// Dates become whole day numbers (days since 1970-01-01) once, with the
/// engine's own function, so look-backs and horizons are integer
/// comparisons and `RANGE` frame offsets in every engine.
public enum SQLDialect: String, CaseIterable, Sendable {
  /// Standard SQL:2011 (the dialects below are tested; this one is written
  /// to the standard and checked in DuckDB).
  case ansi
  /// SQLite 3.28 or later, dates as ISO `YYYY-MM-DD` text.
  case sqlite
  /// PostgreSQL 11 or later.
  case postgres
  /// DuckDB.
  case duckdb
  /// Snowflake.
  case snowflake
  /// Google BigQuery (GoogleSQL).
  case bigquery
  /// Spark SQL and Databricks.
  case spark

  // MARK: - Names

  /// A column or table-part name as this engine reads it as itself.
  ///
  /// Delimited identifiers (`"x"`, or `` `x` `` in BigQuery and Spark) keep
  /// spaces, capitals and reserved words. Snowflake is the exception that
  /// needs care: it stores unquoted names upper-cased, so a table loaded
  /// with `CREATE TABLE t (dau_mau …)` has a column `DAU_MAU` that `"dau_mau"`
  /// would not find; a plain name (letters, digits, `_`, not starting with a
  /// digit, not reserved) is therefore written unquoted there and resolves
  /// the way the table's own DDL did, and anything else is quoted.
  /// - Throws: ``SQLError/inexpressibleName(_:dialect:reason:)`` for a name
  ///   no engine can hold: empty, or containing a control character (a line
  ///   break would end a `--` comment and could smuggle SQL into the query).
  public func identifier(_ name: String) throws(SQLError) -> String {
    guard !name.isEmpty else { throw .inexpressibleName(name, dialect: self, reason: "it is empty") }
    if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
      throw .inexpressibleName(name, dialect: self, reason: "it contains a control character such as a line break")
    }
    switch self {
    case .bigquery:
      return "`" + name.replacing("\\", with: "\\\\").replacing("`", with: "\\`") + "`"
    case .spark:
      return "`" + name.replacing("`", with: "``") + "`"
    case .snowflake where Self.isPlain(name):
      return name
    default:
      return "\"" + name.replacing("\"", with: "\"\"") + "\""
    }
  }

  /// A table name, optionally qualified by schema (and database or
  /// project): each dot-separated part is an ``identifier(_:)``.
  /// - Throws: ``SQLError/invalidTableName(_:)`` when a part is empty.
  public func tableName(_ name: String) throws(SQLError) -> String {
    let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard !parts.contains(where: \.isEmpty) else { throw .invalidTableName(name) }
    var quoted: [String] = []
    for part in parts { quoted.append(try identifier(part)) }
    return quoted.joined(separator: ".")
  }

  /// A string literal: single quotes with embedded quotes doubled (and, in
  /// BigQuery, backslashes escaped, since it reads `\` as an escape).
  func string(_ text: String) -> String {
    let escaped = self == .bigquery ? text.replacing("\\", with: "\\\\") : text
    return "'" + escaped.replacing("'", with: "''") + "'"
  }

  /// Whether Snowflake reads `name` unquoted as the same column its DDL
  /// made: an ASCII letter or `_`, then letters, digits or `_`, and not a
  /// reserved word.
  private static func isPlain(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) || ("A"..."Z").contains(first)
    else { return false }
    let allowed = name.unicodeScalars.allSatisfy {
      $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
    }
    return allowed && !reservedWords.contains(name.uppercased())
  }

  /// Words Snowflake (and the standard) reserve; a column named like one is
  /// quoted.
  private static let reservedWords: Set<String> = [
    "ALL", "ALTER", "AND", "ANY", "AS", "BETWEEN", "BY", "CASE", "CAST", "CHECK", "COLUMN", "CONNECT", "CREATE",
    "CROSS", "CURRENT", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "DELETE", "DISTINCT",
    "DROP", "ELSE", "EXISTS", "FALSE", "FOLLOWING", "FOR", "FROM", "FULL", "GRANT", "GROUP", "HAVING", "ILIKE", "IN",
    "INCREMENT", "INNER", "INSERT", "INTERSECT", "INTO", "IS", "JOIN", "LATERAL", "LEFT", "LIKE", "LOCALTIME",
    "LOCALTIMESTAMP", "MINUS", "NATURAL", "NOT", "NULL", "OF", "ON", "OR", "ORDER", "QUALIFY", "REGEXP", "REVOKE",
    "RIGHT", "RLIKE", "ROW", "ROWS", "SAMPLE", "SELECT", "SET", "SOME", "START", "TABLE", "TABLESAMPLE", "THEN", "TO",
    "TRIGGER", "TRUE", "TRY_CAST", "UNION", "UNIQUE", "UPDATE", "USING", "VALUES", "VIEW", "WHEN", "WHENEVER", "WHERE",
    "WITH",
  ]

  // MARK: - Types and values

  /// The engine's IEEE double type, so every score is computed as healthcal
  /// computes it (PostgreSQL would otherwise do exact `numeric` arithmetic
  /// on decimal literals and round at other points).
  var doubleType: String {
    switch self {
    case .ansi, .postgres: "DOUBLE PRECISION"
    case .sqlite: "REAL"
    case .duckdb, .snowflake, .spark: "DOUBLE"
    case .bigquery: "FLOAT64"
    }
  }

  /// The engine's text type.
  var textType: String {
    switch self {
    case .ansi, .duckdb, .snowflake: "VARCHAR"
    case .postgres, .sqlite: "TEXT"
    case .bigquery, .spark: "STRING"
    }
  }

  /// `expression` as a double.
  func double(_ expression: String) -> String {
    "CAST(\(expression) AS \(doubleType))"
  }

  /// The whole number of days from 1970-01-01 to the date `expression`
  /// (a `DATE`, or ISO `YYYY-MM-DD` text, which every engine here casts).
  ///
  /// SQLite has no date type: `julianday` of an ISO date is a whole day
  /// plus one half, as is that of 1970-01-01, so the difference is exact.
  func dayNumber(_ expression: String) -> String {
    let date = "CAST(\(expression) AS DATE)"
    switch self {
    case .ansi, .postgres, .duckdb: return "(\(date) - DATE '1970-01-01')"
    case .sqlite: return "CAST(julianday(\(expression)) - 2440587.5 AS INTEGER)"
    case .snowflake: return "DATEDIFF(day, DATE '1970-01-01', \(date))"
    case .bigquery: return "UNIX_DATE(\(date))"
    case .spark: return "DATEDIFF(\(date), DATE '1970-01-01')"
    }
  }

  /// The number healthcal reads from a signal cell: the column as a
  /// double, with `NULL` for a missing value.
  ///
  /// A typed warehouse column is numeric already, so the other engines
  /// cast. SQLite's `.import` loads every cell of a CSV as text, where an
  /// empty string is a missing value and `true`/`yes`/`false`/`no` are
  /// booleans; a plain cast would read `''` and `'true'` as 0, so SQLite
  /// reads the words as healthcal does (see ``booleanNumber(_:)`` for the
  /// other engines' booleans).
  func number(_ expression: String) -> String {
    guard self == .sqlite else { return double(expression) }
    return "(CASE LOWER(TRIM(\(expression))) WHEN '' THEN NULL WHEN 'true' THEN 1.0 WHEN 'yes' THEN 1.0 "
      + "WHEN 'false' THEN 0.0 WHEN 'no' THEN 0.0 ELSE CAST(\(expression) AS REAL) END)"
  }

  /// The 1/0 number of a cell read by a `boolean` transform: a real
  /// `BOOLEAN` column, a 0/1 (or any number, non-zero being true) column,
  /// or text spelled `true`/`false`/`yes`/`no`/`1`/`0`, with an empty or
  /// `NULL` cell missing.
  ///
  /// The cell is read through its text form, the one spelling every
  /// engine's booleans, numbers and strings share; text that is none of
  /// these makes the cast fail, so a column that is not boolean stops the
  /// query instead of scoring as false.
  func booleanNumber(_ expression: String) -> String {
    guard self != .sqlite else { return number(expression) }
    let text = "LOWER(TRIM(CAST(\(expression) AS \(textType))))"
    return "(CASE \(text) WHEN '' THEN NULL WHEN 'true' THEN 1.0 WHEN 'yes' THEN 1.0 WHEN 'false' THEN 0.0 WHEN 'no' THEN 0.0 "
      + "ELSE \(double(text)) END)"
  }
}
