/// Builds RFC 4180 CSV text: fields with a comma, quote, CR or LF are quoted
/// and quotes doubled; lines end with LF.
package struct CSVWriter: Sendable {
  /// The text so far.
  package private(set) var text = ""

  /// Starts a file with a header row.
  package init(header: [String]) {
    append(header)
  }

  /// Appends one record.
  package mutating func append(_ fields: [String]) {
    text += fields.map(CSVWriter.escape).joined(separator: ",")
    text += "\n"
  }

  /// One field, quoted when it must be.
  package static func escape(_ field: String) -> String {
    // Bytes, not Characters: "\r\n" is one Character and would slip past a Character test.
    guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return field }
    return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
  }
}
