/// The header row of a CSV file: names as healthcal knows them, positions,
/// and uniqueness checked.
///
/// A column mapping renames header names to healthcal's (`"Account ID"` to
/// `account_id`) here, once, so everything after the header speaks only
/// healthcal's names; a mapped name the header lacks is an error naming the
/// flag that asked for it.
package struct CSVHeader {
  /// Column names after mapping, in file order.
  package var names: [String]
  /// Position of each name.
  package var index: [String: Int]

  /// Reads a header record.
  /// - Parameters:
  ///   - required: healthcal names the file must have.
  ///   - mapping: healthcal name → header name, for the names a user mapped.
  ///   - optional: mapped names that may be absent (a shared `arr` mapping
  ///     in an outcomes file without ARR).
  ///   - flag: the option the mapping came from, for messages (`--columns`).
  package init(
    record: CSVRecord, file: String, required: [String], mapping: [String: String] = [:], optional: Set<String> = [],
    flag: String = "--columns"
  ) throws(InputError) {
    var fileNames: [String] = []
    var positions: [String: Int] = [:]
    for i in 0..<record.count {
      let name = record.string(i).trimmingASCIISpaces()
      let location = SourceLocation(file: file, line: record.line, column: i + 1)
      guard !name.isEmpty else {
        throw .invalidValue(location, column: "(header)", expected: "a column name", found: "")
      }
      guard positions[name] == nil else { throw .duplicateColumn(location, column: name) }
      positions[name] = i
      fileNames.append(name)
    }
    names = fileNames
    index = positions
    for (key, header) in mapping.sorted(by: { $0.key < $1.key }) {
      guard let position = positions[header] else {
        if optional.contains(key) { continue }
        throw .missingColumn(file: file, column: header, found: fileNames, fix: "\(flag) maps \(key) to it; name a column the header has")
      }
      // The mapped column takes the name; a column already called that
      // is left under a name no model can mean.
      if let shadowed = index[key], shadowed != position { names[shadowed] = "\(key) (not read: \(flag) maps \(key) to \"\(header)\")" }
      names[position] = key
    }
    index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    for name in required where index[name] == nil {
      throw .missingColumn(
        file: file, column: name, found: fileNames,
        fix: "if the export calls it something else, pass \(flag) \(name)=NAME (or set it in healthcal.json)")
    }
  }
}
