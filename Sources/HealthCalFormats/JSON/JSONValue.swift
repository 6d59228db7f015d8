/// A JSON value as parsed from a model file or a JSON Lines row.
///
/// Numbers are `Double`, as in JavaScript: integers beyond 2^53 lose
/// precision, which no healthcal input needs. Objects keep their keys in file
/// order (see ``JSONObject``) so that a model read and written back keeps the
/// layout its author chose, and so that serialization is deterministic.
public enum JSONValue: Hashable, Sendable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// A finite number. The parser never produces NaN or infinities; the writer
  /// prints any that are constructed by hand as `null`.
  case number(Double)
  /// A string, already unescaped.
  case string(String)
  /// An array, in order.
  case array([JSONValue])
  /// An object, keys in order.
  case object(JSONObject)
}

extension JSONValue {
  /// An integer as a JSON number.
  package static func int(_ value: Int) -> JSONValue { .number(Double(value)) }

  /// A number, or `null` when absent.
  package static func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
}
