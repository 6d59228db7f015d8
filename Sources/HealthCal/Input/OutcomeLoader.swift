import HealthCalFormats

/// Reads an outcomes file (CSV or JSON Lines) and ties each row to an account
/// in the snapshots.
///
/// An outcome for an account that has no snapshots is an error rather than a
/// coverage gap: it almost always means the two files are from different
/// exports (or ids were reformatted, `ACC-1` against `acc-1`), and scoring on
/// would silently evaluate a different population from the one the user meant.
public enum OutcomeLoader {
  /// Loads outcomes, stopping at the first problem unless `log` collects them.
  /// The format is the file's ``InputFormat``.
  package static func load(
    path: String, snapshots: SnapshotTable, settings: ImportSettings = ImportSettings(), log: inout IssueLog
  ) throws(InputError) -> [Outcome] {
    switch InputFormat(path: path) {
    case .jsonLines:
      var reader = try JSONLinesReader(path: path)
      return try load(jsonLines: &reader, snapshots: snapshots, settings: settings, log: &log)
    case .csv:
      var reader = try CSVReader(path: path)
      return try load(csv: &reader, snapshots: snapshots, settings: settings, log: &log)
    }
  }

  /// healthcal name → header name for the outcome columns a user mapped.
  static func mapping(_ settings: ImportSettings) -> [String: String] {
    var mapping: [String: String] = [:]
    for key in ["account_id", "outcome", "date", "arr"] where settings.outcomeHeader(key) != key {
      mapping[key] = settings.outcomeHeader(key)
    }
    return mapping
  }

  /// Loads outcomes from a CSV reader, so bytes in memory (standard input,
  /// tests, the fuzzer) take the same path as a file.
  package static func load(
    csv reader: inout CSVReader, snapshots: SnapshotTable, settings: ImportSettings = ImportSettings(), log: inout IssueLog
  ) throws(InputError) -> [Outcome] {
    let file = reader.name
    var rows: [RawOutcome] = []
    var header: CSVHeader?
    do {
      try reader.forEachRecord { record in
        guard let header else {
          // An `arr` mapped for the snapshots need not be in the outcomes.
          let optional: Set<String> = settings.outcomeColumns["arr"] == nil ? ["arr"] : []
          header = try CSVHeader(
            record: record, file: file, required: ["account_id", "outcome"], mapping: mapping(settings), optional: optional,
            flag: "--outcome-columns")
          return
        }
        guard record.count == header.names.count else {
          try log.record(.fieldCount(SourceLocation(file: file, line: record.line), expected: header.names.count, found: record.count))
          return
        }
        rows.append(RawOutcome(line: record.line, header: header, record: record))
      }
    } catch let error as InputError {
      throw error
    } catch {
      throw .unreadable(file: file, reason: "\(error)")
    }
    if header == nil { throw .empty(file: file) }
    return try resolve(rows, file: file, snapshots: snapshots, settings: settings, log: &log)
  }

  /// Loads outcomes from a JSON Lines reader.
  package static func load(
    jsonLines reader: inout JSONLinesReader, snapshots: SnapshotTable, settings: ImportSettings = ImportSettings(), log: inout IssueLog
  ) throws(InputError) -> [Outcome] {
    let file = reader.name
    var rows: [RawOutcome] = []
    let mapping = mapping(settings)
    do {
      try reader.forEachObject { line, object in
        rows.append(RawOutcome(line: line, object: SnapshotLoader.rename(object, mapping)))
      }
    } catch let error as InputError {
      throw error
    } catch {
      throw .unreadable(file: file, reason: "\(error)")
    }
    return try resolve(rows, file: file, snapshots: snapshots, settings: settings, log: &log)
  }

  /// Loads outcomes and stops at the first problem.
  public static func load(path: String, snapshots: SnapshotTable, settings: ImportSettings = ImportSettings()) throws(InputError) -> [Outcome] {
    var log = IssueLog(stopsAtFirst: true)
    return try load(path: path, snapshots: snapshots, settings: settings, log: &log)
  }

  private static func resolve(
    _ rows: [RawOutcome], file: String, snapshots: SnapshotTable, settings: ImportSettings, log: inout IssueLog
  ) throws(InputError) -> [Outcome] {
    var outcomes: [Outcome] = []
    var firstLine: [Int: Int] = [:]
    for row in rows {
      func location(_ key: String) -> SourceLocation {
        SourceLocation(file: file, line: row.line, column: row.columns[key])
      }
      let id = row.fields["account_id"] ?? ""
      guard !id.isEmpty else {
        try log.record(.invalidValue(location("account_id"), column: "account_id", expected: "a non-empty account id", found: id))
        continue
      }
      guard let account = snapshots.accountIndex(of: id) else {
        try log.record(.unknownAccount(location("account_id"), account: id))
        continue
      }
      guard let kind = settings.outcomeValues.kind(row.fields["outcome"] ?? "") else {
        try log.record(.invalidValue(
          location("outcome"), column: "outcome", expected: settings.outcomeValues.expectation, found: row.fields["outcome"] ?? ""))
        continue
      }
      var date: CalendarDate?
      let dateText = row.fields["date"] ?? ""
      if !dateText.isEmpty {
        guard let parsed = settings.dateFormat.date(dateText) else {
          let hint = settings.dateFormat.hint(for: dateText).map { " (\($0))" } ?? ""
          try log.record(.invalidValue(location("date"), column: "date", expected: settings.dateFormat.expectation + hint, found: dateText))
          continue
        }
        // An account whose every row was invalid (a collecting `validate`
        // load) has no rows, and its own errors are already logged.
        if let firstRow = snapshots.accountRows[account].first {
          let first = snapshots.date(ofRow: firstRow)
          guard parsed >= first else {
            try log.record(.outcomeBeforeSnapshots(location("date"), account: id, date: parsed, firstSnapshot: first))
            continue
          }
        }
        date = parsed
      } else if kind == .churned {
        // No date column at all (a `churn_date`, say) is one problem, not one per row.
        guard row.columns["date"] != nil || row.columns.isEmpty else {
          throw .missingColumn(
            file: file, column: "date", found: row.columnNames,
            fix: "churned accounts need their churn date; if the export calls it something else, pass --outcome-columns date=NAME")
        }
        try log.record(.invalidValue(
          location("date"), column: "date", expected: "a churn date \(settings.dateFormat.rawValue) (required for churned accounts)", found: ""))
        continue
      }
      var arr: Double?
      if let arrText = row.fields["arr"], !arrText.isEmpty {
        var copy = arrText
        guard let value = copy.withUTF8({ Cell.number($0) }), value >= 0 else {
          try log.record(.invalidValue(location("arr"), column: "arr", expected: "a finite number ≥ 0 or an empty cell", found: arrText))
          continue
        }
        arr = value
      }
      if let first = firstLine[account] {
        try log.record(.duplicateOutcome(location("account_id"), account: id, firstLine: first))
        continue
      }
      firstLine[account] = row.line
      outcomes.append(Outcome(account: account, kind: kind, date: date, arr: arr, line: row.line))
    }
    return outcomes.sorted { $0.account < $1.account }
  }
}

/// One outcome row as text, before it is checked.
private struct RawOutcome {
  var line: Int
  var fields: [String: String] = [:]
  var columns: [String: Int] = [:]

  /// The header's column names in file order (CSV only; empty for JSON Lines).
  var columnNames: [String] = []

  init(line: Int, header: CSVHeader, record: CSVRecord) {
    self.line = line
    columnNames = header.names
    for (i, name) in header.names.enumerated() {
      fields[name] = record.string(i).trimmingASCIISpaces()
      columns[name] = i + 1
    }
  }

  init(line: Int, object: JSONObject) {
    self.line = line
    for (key, value) in zip(object.keys, object.values) {
      switch value {
      case .string(let text): fields[key] = text
      case .number: fields[key] = value.serialized(pretty: false)
      case .null: fields[key] = ""
      default: fields[key] = value.serialized(pretty: false)
      }
    }
  }
}
