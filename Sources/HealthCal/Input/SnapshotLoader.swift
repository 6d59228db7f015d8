/// Reads a snapshots file (CSV or JSON Lines) into a ``SnapshotTable``.
///
/// Every cell is checked as it is read: dates must be real calendar days,
/// numbers finite, booleans one of `true/false/1/0/yes/no`. Problems go to an
/// ``IssueLog`` so `validate` can list them all while other commands stop at
/// the first.
public enum SnapshotLoader {
  /// The columns with a fixed meaning; every other column is a signal.
  public static let reservedColumns: Set<String> = ["account_id", "as_of", "segment", "arr"]

  /// The most distinct `segment` values a book may have. Segments are tiers
  /// reported one by one; thousands of them mean an id or free-text column
  /// was exported as `segment`, and a per-segment report of a million
  /// one-account groups would be noise, not an audit.
  public static let maximumSegments = 10_000

  /// Loads a snapshots file, choosing the format by extension
  /// (`.jsonl`/`.ndjson` are JSON Lines, anything else CSV).
  /// - Throws: the first ``InputError`` unless `log` collects them all; with a
  ///   collecting log, the table holds the rows that were valid.
  /// - Parameter onRead: called as the file is read with the bytes read so
  ///   far (the file is streamed in 1 MiB chunks, never held whole).
  public static func load(
    path: String, log: inout IssueLog, onRead: (@Sendable (_ bytesRead: Int) -> Void)? = nil
  ) throws(InputError) -> SnapshotTable {
    if isJSONLines(path) {
      var reader = try JSONLinesReader(path: path)
      reader.onRead = onRead
      return try load(jsonLines: &reader, log: &log)
    }
    var reader = try CSVReader(path: path)
    reader.onRead = onRead
    return try load(csv: &reader, log: &log)
  }

  /// Loads a snapshots file and stops at the first problem.
  public static func load(path: String, onRead: (@Sendable (_ bytesRead: Int) -> Void)? = nil) throws(InputError) -> SnapshotTable {
    var log = IssueLog(stopsAtFirst: true)
    return try load(path: path, log: &log, onRead: onRead)
  }

  /// Whether a path names a JSON Lines file.
  public static func isJSONLines(_ path: String) -> Bool {
    let lower = path.lowercased()
    return lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson")
  }

  /// Loads CSV records from a reader.
  public static func load(csv reader: inout CSVReader, log: inout IssueLog) throws(InputError) -> SnapshotTable {
    guard let builder = try feed(csv: &reader, log: &log, makeBuilder: Builder.init), builder.rowCount > 0 || !log.isEmpty else {
      throw .empty(file: reader.name)
    }
    return try builder.finish(log: &log)
  }

  /// Feeds every CSV record after the header to a builder made from the
  /// header's signal columns; `nil` when the file has no header.
  static func feed(
    csv reader: inout CSVReader, log: inout IssueLog, makeBuilder: (_ file: String, _ signalNames: [String]) -> Builder
  ) throws(InputError) -> Builder? {
    let file = reader.name
    var builder: Builder?
    var header: CSVHeader?
    // A second pass does not even split the records it will not keep.
    var keptLines: LineSet?
    do {
      let skipped = try reader.forEachRecord(skipping: { line in keptLines.map { !$0.contains(line) } ?? false }) { record in
        guard let header else {
          let parsed = try CSVHeader(record: record, file: file, required: ["account_id", "as_of"])
          header = parsed
          builder = makeBuilder(file, parsed.names.filter { !reservedColumns.contains($0) })
          keptLines = builder?.keptLines
          return
        }
        try builder!.append(record: record, header: header, log: &log)
      }
      builder?.recordCount += skipped
    } catch let error as InputError {
      throw error
    } catch {
      throw .unreadable(file: file, reason: "\(error)")
    }
    return builder
  }

  /// Loads JSON Lines objects from a reader. Signal columns are the union of
  /// keys over all lines, in order of first appearance; a key absent from a
  /// line is a missing value.
  public static func load(jsonLines reader: inout JSONLinesReader, log: inout IssueLog) throws(InputError) -> SnapshotTable {
    let file = reader.name
    var rows: [(line: Int, object: JSONObject)] = []
    var signalNames: [String] = []
    var seen = Set<String>()
    do {
      try reader.forEachObject { line, object in
        for key in object.keys where !reservedColumns.contains(key) && seen.insert(key).inserted {
          signalNames.append(key)
        }
        rows.append((line, object))
      }
    } catch let error as InputError {
      throw error
    } catch {
      throw .unreadable(file: file, reason: "\(error)")
    }
    guard !rows.isEmpty else { throw .empty(file: file) }
    var builder = Builder(file: file, signalNames: signalNames)
    for (line, object) in rows {
      try builder.append(object: object, line: line, log: &log)
    }
    return try builder.finish(log: &log)
  }
}

/// The header row of a CSV file: names, positions, and uniqueness checked.
struct CSVHeader {
  var names: [String]
  var index: [String: Int]

  init(record: CSVRecord, file: String, required: [String]) throws(InputError) {
    names = []
    index = [:]
    for i in 0..<record.count {
      let name = record.string(i).trimmingASCIISpaces()
      let location = SourceLocation(file: file, line: record.line, column: i + 1)
      guard !name.isEmpty else {
        throw .invalidValue(location, column: "(header)", expected: "a column name", found: "")
      }
      guard index[name] == nil else { throw .duplicateColumn(location, column: name) }
      index[name] = i
      names.append(name)
    }
    for name in required where index[name] == nil {
      throw .missingColumn(file: file, column: name, found: names)
    }
  }
}

extension String {
  func trimmingASCIISpaces() -> String {
    var scalars = Substring(self)
    while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
    return String(scalars)
  }
}

/// Accumulates rows, then sorts and checks them into a table.
///
/// A two-pass load (see ``EvaluationData/load(snapshots:outcomes:keeping:onRead:)``)
/// uses it twice: first checking every cell but storing no signal values,
/// then storing only the records on the lines that first pass chose.
struct Builder {
  let file: String
  var signalNames: [String]
  /// Whether signal values are kept; a first pass checks them and drops them.
  var storesValues = true
  /// When set, only records starting on these lines are read; the rest are
  /// counted and skipped unparsed, having been checked by the first pass.
  var keptLines: LineSet?
  /// Records offered, kept or skipped, so two passes can be compared.
  var recordCount = 0
  var accountIDs: [String] = []
  var accountLookup: [String: Int32] = [:]
  var lastAccountBytes: [UInt8] = []
  var lastAccount: Int32 = -1
  var segments: [String] = []
  var segmentLookup: [String: Int32] = [:]
  var rowAccount: [Int32] = []
  var rowDate: [Int32] = []
  var rowLine: [Int32] = []
  var rowSegment: [Int32] = []
  var rowARR: [Double] = []
  var values: [Double] = []
  var lastSegmentBytes: [UInt8] = []
  var lastSegment: Int32 = -1

  init(file: String, signalNames: [String]) {
    self.file = file
    self.signalNames = signalNames
  }

  /// Starts with a first pass's accounts and segments, so indices and the
  /// segment list match it even where the kept rows name fewer segments.
  init(file: String, signalNames: [String], accountIDs: [String], segments: [String], keptLines: LineSet, reserving rows: Int) {
    self.init(file: file, signalNames: signalNames)
    for id in accountIDs { _ = intern(id) }
    for name in segments { _ = internSegment(name) }
    self.keptLines = keptLines
    rowAccount.reserveCapacity(rows)
    rowDate.reserveCapacity(rows)
    rowLine.reserveCapacity(rows)
    rowSegment.reserveCapacity(rows)
    rowARR.reserveCapacity(rows)
    values.reserveCapacity(rows * signalNames.count)
  }

  /// A builder that checks every cell and stores no signal values: the
  /// table it finishes has accounts, dates, segments and ARR only.
  static func checking(file: String, signalNames: [String]) -> Builder {
    var builder = Builder(file: file, signalNames: signalNames)
    builder.storesValues = false
    return builder
  }

  /// Whether a record is read at all in this pass.
  mutating func admits(line: Int) -> Bool {
    recordCount += 1
    return keptLines?.contains(line) ?? true
  }

  /// Appends a signal value, unless this pass only checks them.
  mutating func store(_ value: Double) {
    if storesValues { values.append(value) }
  }

  var rowCount: Int { rowAccount.count }

  /// Column positions resolved once from the header, not per row.
  struct Columns {
    var account: Int
    var date: Int
    var segment: Int?
    var arr: Int?
    var signals: [Int]
    var count: Int
  }

  var columns: Columns?

  mutating func append(record: CSVRecord, header: CSVHeader, log: inout IssueLog) throws(InputError) {
    let columns = self.columns ?? Columns(
      account: header.index["account_id"]!, date: header.index["as_of"]!, segment: header.index["segment"],
      arr: header.index["arr"], signals: signalNames.map { header.index[$0]! }, count: header.names.count)
    self.columns = columns
    guard admits(line: record.line) else { return }
    guard record.count == columns.count else {
      try log.record(.fieldCount(SourceLocation(file: file, line: record.line), expected: columns.count, found: record.count))
      return
    }
    func location(_ column: Int) -> SourceLocation {
      SourceLocation(file: file, line: record.line, column: column + 1)
    }
    var isValid = true

    let account = try internAccount(record: record, column: columns.account, log: &log)
    if account == nil { isValid = false }
    let date = CalendarDate(iso: record.field(columns.date))
    if date == nil {
      isValid = false
      try log.record(.invalidValue(location(columns.date), column: "as_of", expected: "a date YYYY-MM-DD", found: record.string(columns.date)))
    }
    var segment: Int32 = -1
    if let column = columns.segment {
      let bytes = record.field(column)
      if lastSegment >= 0, bytes.elementsEqual(lastSegmentBytes) {
        segment = lastSegment
      } else if !record.isValidUTF8(column) {
        isValid = false
        try log.record(.invalidValue(location(column), column: "segment", expected: "UTF-8 text", found: record.string(column)))
      } else if !Cell.isMissing(bytes) {
        let name = record.string(column).trimmingASCIISpaces()
        if let index = internSegment(name) {
          segment = index
          lastSegment = segment
          lastSegmentBytes = Array(bytes)
        } else {
          isValid = false
          try log.record(Self.tooManySegments(location(column), found: name))
        }
      }
    }
    var arr = Double.nan
    if let column = columns.arr, !Cell.isMissing(record.field(column)) {
      if let value = Cell.number(record.field(column)), value >= 0 {
        arr = value
      } else {
        isValid = false
        try log.record(.invalidValue(location(column), column: "arr", expected: "a finite number ≥ 0 or an empty cell", found: record.string(column)))
      }
    }
    let start = values.count
    for (s, column) in columns.signals.enumerated() {
      let bytes = record.field(column)
      if Cell.isMissing(bytes) {
        store(.nan)
      } else if let number = Cell.number(bytes) {
        store(number)
      } else if let flag = Cell.boolean(bytes) {
        store(flag ? 1 : 0)
      } else {
        store(.nan)
        isValid = false
        try log.record(.invalidValue(location(column), column: signalNames[s], expected: Builder.signalExpectation, found: record.string(column)))
      }
    }
    guard isValid, let account, let date else {
      values.removeSubrange(start...)
      return
    }
    appendRow(account: account, date: date, line: record.line, segment: segment, arr: arr)
  }

  static let signalExpectation = "a finite number, a boolean (true/false/1/0/yes/no) or an empty cell"

  mutating func append(object: JSONObject, line: Int, log: inout IssueLog) throws(InputError) {
    guard admits(line: line) else { return }
    func location() -> SourceLocation { SourceLocation(file: file, line: line) }
    var isValid = true
    var account: Int32?
    switch object["account_id"] {
    case .string(let id)? where !id.trimmingASCIISpaces().isEmpty:
      account = intern(id.trimmingASCIISpaces())
    default:
      isValid = false
      try log.record(.invalidValue(location(), column: "account_id", expected: "a non-empty string", found: Builder.describe(object["account_id"])))
    }
    var date: CalendarDate?
    if case .string(let text)? = object["as_of"] { date = CalendarDate(iso: text) }
    if date == nil {
      isValid = false
      try log.record(.invalidValue(location(), column: "as_of", expected: "a date string YYYY-MM-DD", found: Builder.describe(object["as_of"])))
    }
    var segment: Int32 = -1
    switch object["segment"] {
    case nil, .null?: break
    case .string(let text)?:
      if !text.isEmpty {
        if let index = internSegment(text) {
          segment = index
        } else {
          isValid = false
          try log.record(Self.tooManySegments(location(), found: text))
        }
      }
    default:
      isValid = false
      try log.record(.invalidValue(location(), column: "segment", expected: "a string or null", found: Builder.describe(object["segment"])))
    }
    var arr = Double.nan
    switch object["arr"] {
    case nil, .null?: break
    case .number(let value)? where value >= 0: arr = value
    default:
      isValid = false
      try log.record(.invalidValue(location(), column: "arr", expected: "a number ≥ 0 or null", found: Builder.describe(object["arr"])))
    }
    let start = values.count
    for name in signalNames {
      switch object[name] {
      case nil, .null?: store(.nan)
      case .number(let value)?: store(value)
      case .bool(let flag)?: store(flag ? 1 : 0)
      case .string(let text)?:
        var copy = text
        let parsed = copy.withUTF8 { bytes -> Double?? in
          if Cell.isMissing(bytes) { return .some(nil) }
          if let number = Cell.number(bytes) { return number }
          if let flag = Cell.boolean(bytes) { return flag ? 1 : 0 }
          return nil
        }
        if let parsed {
          store(parsed ?? .nan)
        } else {
          store(.nan)
          isValid = false
          try log.record(.invalidValue(location(), column: name, expected: Builder.signalExpectation, found: text))
        }
      default:
        store(.nan)
        isValid = false
        try log.record(.invalidValue(location(), column: name, expected: Builder.signalExpectation, found: Builder.describe(object[name])))
      }
    }
    guard isValid, let account, let date else {
      values.removeSubrange(start...)
      return
    }
    appendRow(account: account, date: date, line: line, segment: segment, arr: arr)
  }

  static func describe(_ value: JSONValue?) -> String {
    guard let value else { return "nothing (key absent)" }
    return value.serialized(pretty: false)
  }

  mutating func appendRow(account: Int32, date: CalendarDate, line: Int, segment: Int32, arr: Double) {
    rowAccount.append(account)
    rowDate.append(Int32(date.daysSinceEpoch))
    rowLine.append(Int32(clamping: line))
    rowSegment.append(segment)
    rowARR.append(arr)
  }

  /// Interns the account id of a CSV record; ids usually repeat on
  /// consecutive rows, so the previous id's bytes are compared first and no
  /// String is built for them.
  mutating func internAccount(record: CSVRecord, column: Int, log: inout IssueLog) throws(InputError) -> Int32? {
    let bytes = record.field(column)
    if lastAccount >= 0, bytes.elementsEqual(lastAccountBytes) { return lastAccount }
    let location = SourceLocation(file: file, line: record.line, column: column + 1)
    guard record.isValidUTF8(column) else {
      try log.record(.invalidValue(location, column: "account_id", expected: "UTF-8 text", found: record.string(column)))
      return nil
    }
    let id = record.string(column).trimmingASCIISpaces()
    guard !id.isEmpty else {
      try log.record(.invalidValue(location, column: "account_id", expected: "a non-empty account id", found: ""))
      return nil
    }
    let index = intern(id)
    lastAccountBytes = Array(bytes)
    lastAccount = index
    return index
  }

  mutating func intern(_ id: String) -> Int32 {
    if let index = accountLookup[id] { return index }
    let index = Int32(accountIDs.count)
    accountIDs.append(id)
    accountLookup[id] = index
    return index
  }

  static func tooManySegments(_ location: SourceLocation, found: String) -> InputError {
    .invalidValue(
      location, column: "segment",
      expected: "at most \(SnapshotLoader.maximumSegments) distinct segments, such as SMB, Mid-Market, Enterprise (is this an id column?)",
      found: found)
  }

  /// The index of segment `name`, or `nil` when it would be one more than
  /// ``SnapshotLoader/maximumSegments``.
  mutating func internSegment(_ name: String) -> Int32? {
    if let index = segmentLookup[name] { return index }
    guard segments.count < SnapshotLoader.maximumSegments else { return nil }
    let index = Int32(segments.count)
    segments.append(name)
    segmentLookup[name] = index
    return index
  }

  /// Row indices ordered by (account, date, line), once accounts are ranked.
  ///
  /// A warehouse export is often ordered by date, which leaves every row out
  /// of place. Account ranks are dense, so a counting sort places each row in
  /// its account's run in O(n) (keeping file order, hence line order, within
  /// a run), and only each account's few rows are compared by date.
  func sortedOrder() -> [Int] {
    var start = [Int](repeating: 0, count: accountIDs.count + 1)
    for account in rowAccount { start[Int(account) + 1] += 1 }
    for account in accountIDs.indices { start[account + 1] += start[account] }
    var next = start
    var order = [Int](repeating: 0, count: rowAccount.count)
    for (row, account) in rowAccount.enumerated() {
      order[next[Int(account)]] = row
      next[Int(account)] += 1
    }
    for account in accountIDs.indices where start[account + 1] - start[account] > 1 {
      order[start[account]..<start[account + 1]].sort { (rowDate[$0], rowLine[$0]) < (rowDate[$1], rowLine[$1]) }
    }
    return order
  }

  /// Sorts accounts by id and rows by (account, date), rejects duplicate
  /// (account, date) pairs, and builds the table.
  consuming func finish(log: inout IssueLog) throws(InputError) -> SnapshotTable {
    let accountOrder = accountIDs.indices.sorted { accountIDs[$0].utf8.lexicographicallyPrecedes(accountIDs[$1].utf8) }
    var rank = [Int32](repeating: 0, count: accountIDs.count)
    for (newIndex, old) in accountOrder.enumerated() { rank[old] = Int32(newIndex) }
    let segmentOrder = segments.indices.sorted { segments[$0].utf8.lexicographicallyPrecedes(segments[$1].utf8) }
    var segmentRank = [Int32](repeating: 0, count: segments.count)
    for (newIndex, old) in segmentOrder.enumerated() { segmentRank[old] = Int32(newIndex) }

    let n = rowAccount.count
    for i in 0..<n {
      rowAccount[i] = rank[Int(rowAccount[i])]
      if rowSegment[i] >= 0 { rowSegment[i] = segmentRank[Int(rowSegment[i])] }
    }
    func key(_ i: Int) -> (Int32, Int32, Int32) { (rowAccount[i], rowDate[i], rowLine[i]) }
    var isSorted = true
    for i in 1..<max(n, 1) where key(i - 1) > key(i) {
      isSorted = false
      break
    }
    let width = storesValues ? signalNames.count : 0
    if !isSorted {
      let order = sortedOrder()
      rowAccount = order.map { rowAccount[$0] }
      rowDate = order.map { rowDate[$0] }
      rowLine = order.map { rowLine[$0] }
      rowSegment = order.map { rowSegment[$0] }
      rowARR = order.map { rowARR[$0] }
      var sortedValues = [Double]()
      sortedValues.reserveCapacity(values.count)
      for row in order { sortedValues.append(contentsOf: values[(row * width)..<(row * width + width)]) }
      values = sortedValues
    }
    let ids = accountOrder.map { accountIDs[$0] }
    var duplicates: [Int] = []
    for i in 1..<max(n, 1) where rowAccount[i] == rowAccount[i - 1] && rowDate[i] == rowDate[i - 1] {
      let first = min(rowLine[i], rowLine[i - 1])
      let later = max(rowLine[i], rowLine[i - 1])
      try log.record(.duplicateSnapshot(
        SourceLocation(file: file, line: Int(later)), account: ids[Int(rowAccount[i])],
        date: CalendarDate(daysSinceEpoch: Int(rowDate[i])), firstLine: Int(first)))
      duplicates.append(i)
    }
    if !duplicates.isEmpty {
      let drop = Set(duplicates)
      let keep = (0..<n).filter { !drop.contains($0) }
      rowAccount = keep.map { rowAccount[$0] }
      rowDate = keep.map { rowDate[$0] }
      rowLine = keep.map { rowLine[$0] }
      rowSegment = keep.map { rowSegment[$0] }
      rowARR = keep.map { rowARR[$0] }
      values = keep.flatMap { values[($0 * width)..<($0 * width + width)] }
    }
    return SnapshotTable(
      file: file, signalNames: signalNames, accountIDs: ids, rowAccount: rowAccount, rowDate: rowDate,
      rowLine: rowLine, rowSegment: rowSegment, segments: segmentOrder.map { segments[$0] }, rowARR: rowARR,
      values: values)
  }
}

extension SnapshotLoader {
  /// One streamed pass over a snapshots file into an unfinished builder: the
  /// two passes of ``EvaluationData``, and `validate`'s check of every cell.
  ///
  /// In JSON Lines, signal columns are added as keys first appear when the
  /// builder was made with none (a first pass); a second pass is given the
  /// first pass's columns.
  /// - Parameter makeBuilder: a builder for the file name and the signal
  ///   columns a CSV header names (none for JSON Lines).
  static func pass(
    path: String, log: inout IssueLog, onRead: (@Sendable (_ bytesRead: Int) -> Void)? = nil,
    makeBuilder: (_ file: String, _ signalNames: [String]) -> Builder
  ) throws(InputError) -> Builder {
    var builder: Builder?
    if isJSONLines(path) {
      var reader = try JSONLinesReader(path: path)
      reader.onRead = onRead
      var made = makeBuilder(reader.name, [])
      let grows = made.signalNames.isEmpty
      var seen = Set(made.signalNames)
      do {
        try reader.forEachObject { line, object in
          if grows {
            for key in object.keys where !reservedColumns.contains(key) && seen.insert(key).inserted {
              made.signalNames.append(key)
            }
          }
          try made.append(object: object, line: line, log: &log)
        }
      } catch let error as InputError {
        throw error
      } catch {
        throw .unreadable(file: path, reason: "\(error)")
      }
      builder = made
    } else {
      var reader = try CSVReader(path: path)
      reader.onRead = onRead
      builder = try feed(csv: &reader, log: &log, makeBuilder: makeBuilder)
    }
    guard let builder, builder.rowCount > 0 || !log.isEmpty else { throw .empty(file: path) }
    return builder
  }
}
