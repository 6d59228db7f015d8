/// Why a model or a table name cannot be written as SQL, in words a user
/// can act on.
public enum SQLError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A column or table name that the dialect cannot quote.
  case inexpressibleName(String, dialect: SQLDialect, reason: String)
  /// A table name with an empty part (`schema..table`, `.table`).
  case invalidTableName(String)

  public var description: String {
    switch self {
    case .inexpressibleName(let name, let dialect, let reason):
      let shown = name.unicodeScalars.map { $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
      return "the name \"\(shown)\" cannot be written as a \(dialect.rawValue) identifier: \(reason); rename the column or table"
    case .invalidTableName(let name):
      return "the table name \"\(name)\" has an empty part; expected a name, optionally schema-qualified as schema.table"
    }
  }
}
