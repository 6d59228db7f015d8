/// Builds RFC 4180 CSV text: fields with a comma, quote, CR or LF are quoted
/// and quotes doubled; lines end with LF.
public struct CSVWriter: Sendable {
  /// The text so far.
  public private(set) var text = ""

  /// Starts a file with a header row.
  public init(header: [String]) {
    append(header)
  }

  /// Appends one record.
  public mutating func append(_ fields: [String]) {
    text += fields.map(CSVWriter.escape).joined(separator: ",")
    text += "\n"
  }

  /// One field, quoted when it must be.
  public static func escape(_ field: String) -> String {
    // Bytes, not Characters: "\r\n" is one Character and would slip past a Character test.
    guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return field }
    return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
  }
}
