/// Where in a user's file a problem is: file, and line and column when known.
///
/// Rendered as `file:line:column`, the shape compilers use, so editors and
/// terminals can jump to it.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
  /// The file as the user named it.
  public var file: String
  /// 1-based line, when the problem is on a line.
  public var line: Int?
  /// 1-based column (a CSV field index, or a character offset in JSON).
  public var column: Int?

  /// Creates a location.
  public init(file: String, line: Int? = nil, column: Int? = nil) {
    self.file = file
    self.line = line
    self.column = column
  }

  public var description: String {
    var text = file
    if let line {
      text += ":\(line)"
      if let column { text += ":\(column)" }
    }
    return text
  }
}

/// Everything that can be wrong with a user's input files.
///
/// One enum and one renderer (``description``), so the same problem reads the
/// same way from `validate`, `audit` and the library. Every message names the
/// place and says what was expected, because the user's next step is to open
/// the file at that line and fix it.
public enum InputError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The file could not be opened or read.
  case unreadable(file: String, reason: String)
  /// An output file could not be written (or exists and may not be replaced).
  case unwritable(file: String, reason: String)
  /// The CSV or JSON text itself is malformed (unterminated quote, bad JSON).
  case malformed(SourceLocation, detail: String)
  /// The file has no header row or no rows at all.
  case empty(file: String)
  /// A header or JSON key appears twice.
  case duplicateColumn(SourceLocation, column: String)
  /// A required column is absent from the header; `found` lists the
  /// columns the header has, so a renamed or mis-delimited column is obvious,
  /// and `fix` says how to map a differently named one.
  case missingColumn(file: String, column: String, found: [String] = [], fix: String? = nil)
  /// A row has a different number of fields from the header.
  case fieldCount(SourceLocation, expected: Int, found: Int)
  /// A cell could not be read as the type its column needs.
  case invalidValue(SourceLocation, column: String, expected: String, found: String)
  /// Two snapshot rows share the same account and date.
  case duplicateSnapshot(SourceLocation, account: String, date: CalendarDate, firstLine: Int)
  /// An outcome names an account with no snapshots.
  case unknownAccount(SourceLocation, account: String)
  /// An outcome is dated before the account's first snapshot: the ids or
  /// dates are mixed up, since no snapshot can follow a churn or renewal it
  /// was meant to predict and none precedes it.
  case outcomeBeforeSnapshots(SourceLocation, account: String, date: CalendarDate, firstSnapshot: CalendarDate)
  /// Two outcomes are given for one account.
  case duplicateOutcome(SourceLocation, account: String, firstLine: Int)
  /// The model names a column the snapshots do not have.
  case unknownColumn(SourceLocation, column: String, available: [String])
  /// The model JSON is structurally valid JSON but not a valid model.
  case invalidModel(SourceLocation, path: String, detail: String)
  /// A project file (`healthcal.json`) holds a key it should not, or a
  /// value of the wrong shape.
  case invalidSettings(SourceLocation, key: String, detail: String)

  /// Where the problem is.
  public var location: SourceLocation {
    switch self {
    case .unreadable(let file, _), .unwritable(let file, _), .empty(let file), .missingColumn(let file, _, _, _):
      return SourceLocation(file: file)
    case .malformed(let location, _), .duplicateColumn(let location, _),
      .fieldCount(let location, _, _), .invalidValue(let location, _, _, _),
      .duplicateSnapshot(let location, _, _, _), .unknownAccount(let location, _),
      .outcomeBeforeSnapshots(let location, _, _, _),
      .duplicateOutcome(let location, _, _), .unknownColumn(let location, _, _),
      .invalidModel(let location, _, _), .invalidSettings(let location, _, _):
      return location
    }
  }

  /// One line: `file:line:column: what was wrong; what was expected`.
  /// What makes two problems the same kind for grouping: a bad value in
  /// the same file and column against the same expectation; `nil` for
  /// problems that are each worth a line.
  public var kind: String? {
    guard case .invalidValue(let location, let column, let expected, _) = self else { return nil }
    return "\(location.file)\u{0}\(column)\u{0}\(expected)"
  }

  /// The summary line for `more` problems of this one's kind beyond the
  /// examples listed.
  public func moreLikeThis(_ more: Int) -> String {
    guard case .invalidValue(let location, let column, let expected, _) = self else { return "… and \(more) more like the above" }
    return "\(location.file): column \"\(column)\": \(more) more rows like the above (expected \(expected))"
  }

  public var description: String {
    let place = location.description
    switch self {
    case .unreadable(_, let reason):
      return "\(place): cannot read file: \(reason)"
    case .unwritable(_, let reason):
      return "\(place): cannot write file: \(reason)"
    case .malformed(_, let detail):
      return "\(place): \(detail)"
    case .empty:
      return "\(place): file is empty; expected a header row and at least one data row"
    case .duplicateColumn(_, let column):
      return "\(place): column \"\(column)\" appears more than once; expected unique column names"
    case .missingColumn(_, let column, let found, let fix):
      var message = "\(place): missing required column \"\(column)\""
      if !found.isEmpty {
        let shown = found.prefix(20).map { "\"\($0)\"" }.joined(separator: ", ") + (found.count > 20 ? ", …" : "")
        message += "; found \(found.count == 1 ? "one column" : "columns"): " + shown
      }
      if found.count == 1, let delimiter = [";", "\t", "|"].first(where: { found[0].contains($0) }) {
        let name = delimiter == "\t" ? "tab" : "'\(delimiter)'"
        message += " (the header is one column containing \(name): healthcal reads comma-separated files; save the export with commas between columns)"
      } else if let fix {
        message += "; \(fix)"
      }
      return message
    case .fieldCount(_, let expected, let found):
      return "\(place): expected \(expected) fields as in the header, found \(found)"
    case .invalidValue(_, let column, let expected, let found):
      return "\(place): column \"\(column)\": expected \(expected), found \(Self.quoted(found))"
    case .duplicateSnapshot(_, let account, let date, let firstLine):
      return "\(place): duplicate snapshot for account \"\(account)\" on \(date) (first seen on line \(firstLine)); expected one row per account and date"
    case .unknownAccount(_, let account):
      return "\(place): outcome for unknown account \"\(account)\"; expected an account present in the snapshots"
    case .outcomeBeforeSnapshots(_, let account, let date, let first):
      return "\(place): outcome for account \"\(account)\" is dated \(date), before its first snapshot (\(first)); expected a date on or after the account's first snapshot"
    case .duplicateOutcome(_, let account, let firstLine):
      return "\(place): second outcome for account \"\(account)\" (first on line \(firstLine)); expected one outcome per account"
    case .unknownColumn(_, let column, let available):
      let shown = available.prefix(12).joined(separator: ", ")
      let more = available.count > 12 ? ", …" : ""
      return "\(place): model uses column \"\(column)\", which the snapshots do not have; available: \(shown)\(more)"
    case .invalidModel(_, let path, let detail), .invalidSettings(_, let path, let detail):
      return path.isEmpty ? "\(place): \(detail)" : "\(place): \(path): \(detail)"
    }
  }

  /// Quotes a found value for a message, shortened so a 2 GB cell cannot
  /// become a 2 GB error line.
  package static func quoted(_ text: String) -> String {
    let limit = 60
    // Cells are decoded leniently so they can be quoted; say so when the
    // bytes were not UTF-8, or the user sees only replacement marks.
    let note = text.unicodeScalars.contains("\u{FFFD}") ? " (not valid UTF-8; is the file Latin-1?)" : ""
    if text.count <= limit { return "\"\(text)\"" + note }
    return "\"\(text.prefix(limit))…\" (\(text.utf8.count) bytes)" + note
  }
}
