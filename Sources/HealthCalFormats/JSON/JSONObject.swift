/// A JSON object whose members keep the order they had in the file, with the
/// line where the object starts.
///
/// Order matters because objects are written back (tuned models, reports)
/// and a diff between two exports should show only what changed. Equality
/// and hashing therefore compare members in order; ``line`` is bookkeeping
/// for error messages and takes no part in either, so a parsed object equals
/// the same object built in code.
public struct JSONObject: Hashable, Sendable {
  /// Member names, in order. The parser guarantees they are unique.
  public var keys: [String]
  /// Member values; `values[i]` belongs to `keys[i]`.
  public var values: [JSONValue]
  /// The 1-based line of the opening `{` in the parsed text, or nil for an
  /// object built in code. Excluded from `==` and hashing.
  public var line: Int?

  /// Creates an object from members in order. If a key repeats, lookups
  /// find its first occurrence.
  public init(_ pairs: [(String, JSONValue)]) {
    keys = pairs.map(\.0)
    values = pairs.map(\.1)
    line = nil
  }

  package init(keys: [String], values: [JSONValue], line: Int?) {
    self.keys = keys
    self.values = values
    self.line = line
  }

  /// The value for `key`, or nil if the object has no such member (a member
  /// whose value is `null` gives `.null`, not nil).
  /// - Complexity: O(n) in the number of members; objects in healthcal
  ///   inputs have tens of members, where a scan beats hashing.
  public subscript(key: String) -> JSONValue? {
    guard let index = keys.firstIndex(of: key) else { return nil }
    return values[index]
  }

  /// Whether two objects have the same members in the same order; ``line``
  /// is ignored.
  public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
    lhs.keys == rhs.keys && lhs.values == rhs.values
  }

  /// Hashes the members in order, ignoring ``line``, consistently with `==`.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(keys)
    hasher.combine(values)
  }
}
