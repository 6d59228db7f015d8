import Foundation
import HealthCalFormats

/// A small `healthcal.json` beside the data that says how the export is
/// shaped, so the quarterly run is one short command.
///
/// ```json
/// {
///   "snapshots": "accounts_monthly.csv",
///   "outcomes": "renewals.csv",
///   "model": "chs-4",
///   "columns": {"account_id": "Account ID", "as_of": "snapshot_date"},
///   "outcome_columns": {"outcome": "Status", "date": "Close Date"},
///   "outcome_values": {"churned": ["Lost"], "renewed": ["Won"]},
///   "date_format": "MM/DD/YYYY",
///   "percent": false,
///   "segment_by": "plan_tier",
///   "max_segments": 50
/// }
/// ```
/// Every key is optional; paths are relative to the file. Command-line flags
/// override the file, key by key.
package struct ProjectFile: Sendable {
  /// The name looked for beside the data.
  package static let fileName = "healthcal.json"

  /// Where the file is.
  package var path: String
  /// The snapshots file, resolved against the project file's folder.
  package var snapshots: String?
  /// The outcomes file, resolved likewise.
  package var outcomes: String?
  /// A model file (resolved likewise) or a preset name.
  package var model: String?
  /// Column mapping, outcome words, date format and percent cells.
  package var settings: ImportSettings
  /// The column to break results down by, or `none`.
  package var segmentBy: String?

  /// Reads a project file.
  /// - Throws: ``InputError`` naming the key and what it should hold.
  package init(path: String) throws(InputError) {
    self.path = path
    guard case .object(let root) = try JSONParser.parse(fileAt: path, expecting: "a healthcal.json settings file") else {
      throw .invalidSettings(SourceLocation(file: path, line: 1), key: "", detail: "expected a JSON object of settings")
    }
    func fail(_ key: String, _ detail: String) -> InputError {
      .invalidSettings(SourceLocation(file: path, line: root.line), key: key, detail: detail)
    }
    let known = [
      "snapshots", "outcomes", "model", "columns", "outcome_columns", "outcome_values", "date_format", "percent", "segment_by",
      "max_segments",
    ]
    for key in root.keys where !known.contains(key) {
      throw fail(key, "unknown key \"\(key)\"; expected one of \(known.sorted().joined(separator: ", "))")
    }
    func string(_ key: String) throws(InputError) -> String? {
      guard let value = root[key] else { return nil }
      guard case .string(let text) = value, !text.isEmpty else { throw fail(key, "expected a non-empty string") }
      return text
    }
    func names(_ key: String) throws(InputError) -> [String: String] {
      guard let value = root[key] else { return [:] }
      guard case .object(let object) = value else { throw fail(key, "expected an object of name → column in the file") }
      var result: [String: String] = [:]
      for (name, column) in zip(object.keys, object.values) {
        guard case .string(let text) = column, !text.isEmpty else { throw fail("\(key).\(name)", "expected a column name") }
        result[name] = text
      }
      return result
    }
    // Joined as text, so a relative project path gives relative data paths
    // and reports name the files as the user would.
    let folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
    func resolved(_ file: String?) -> String? {
      guard let file else { return nil }
      return file.hasPrefix("/") ? file : folder + file
    }
    snapshots = resolved(try string("snapshots"))
    outcomes = resolved(try string("outcomes"))
    model = try string("model").map { name in
      Presets.named(name) != nil && !FileManager.default.fileExists(atPath: resolved(name)!) ? name : resolved(name)!
    }
    var settings = ImportSettings()
    settings.columns = try names("columns")
    settings.outcomeColumns = try names("outcome_columns")
    for key in settings.outcomeColumns.keys where !["account_id", "outcome", "date", "arr"].contains(key) {
      throw fail("outcome_columns.\(key)", "expected one of account_id, outcome, date, arr")
    }
    if let value = root["outcome_values"] {
      guard case .object(let object) = value else { throw fail("outcome_values", #"expected {"churned": [...], "renewed": [...]}"#) }
      var words: [String: [String]] = [:]
      for (kind, list) in zip(object.keys, object.values) {
        guard kind == "churned" || kind == "renewed" else { throw fail("outcome_values.\(kind)", "expected churned or renewed") }
        switch list {
        case .string(let word): words[kind] = [word]
        case .array(let items):
          words[kind] = try items.map { item throws(InputError) in
            guard case .string(let word) = item else { throw fail("outcome_values.\(kind)", "expected a list of words") }
            return word
          }
        default: throw fail("outcome_values.\(kind)", "expected a word or a list of words")
        }
      }
      settings.outcomeValues = OutcomeValues(churned: words["churned"] ?? [], renewed: words["renewed"] ?? [])
    }
    if let name = try string("date_format") {
      guard let format = DateFormat(name: name) else {
        throw fail("date_format", "unknown format \"\(name)\"; expected one of \(DateFormat.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      settings.dateFormat = format
    }
    if let value = root["percent"] {
      guard case .bool(let flag) = value else { throw fail("percent", "expected true or false") }
      settings.percent = flag
    }
    if let value = root["max_segments"] {
      guard case .number(let number) = value, number >= 1, number <= 1_000_000, number.rounded() == number else {
        throw fail("max_segments", "expected a whole number from 1 to 1000000")
      }
      settings.maximumSegments = Int(number)
    }
    segmentBy = try string("segment_by")
    self.settings = settings
  }

  /// The project file that applies: the one named, else `healthcal.json`
  /// beside the snapshots file, else in the current folder; `nil` for none.
  package static func find(named path: String?, besideSnapshots snapshots: String?) throws(InputError) -> ProjectFile? {
    if let path { return try ProjectFile(path: path) }
    let folder = snapshots.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path } ?? FileManager.default.currentDirectoryPath
    let candidate = URL(fileURLWithPath: folder).appendingPathComponent(fileName).path
    return FileManager.default.fileExists(atPath: candidate) ? try ProjectFile(path: candidate) : nil
  }
}
