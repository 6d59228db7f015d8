import HealthCalFormats

/// Reading CSV records: the header's positions are resolved once, then each
/// record's cells are read as bytes where they lie in the file's buffer.
extension SnapshotBuilder {
  /// Column positions resolved once from the header, not per row.
  struct Columns {
    var account: Int
    var date: Int
    var segment: Int?
    var arr: Int?
    var signals: [Int]
    var percent: [Bool]
    var unused: [Int]
    var count: Int
  }

  /// Resolves the header's positions, once.
  mutating func resolve(_ header: CSVHeader) throws(InputError) -> Columns {
    if let columns { return columns }
    var segment: Int?
    if let name = settings.segmentColumn {
      segment = header.index[name]
      if segment == nil, name != "segment" {
        throw .missingColumn(
          file: file, column: name, found: header.names,
          fix: "--segment-by names a column to break results down by; name one the header has, or pass --segment-by none")
      }
    }
    let signals = signalNames.map { header.index[$0]! }
    for (s, position) in signals.enumerated() where categories[s] != nil {
      categories[s]?.fileColumn = position + 1
    }
    let read = Set(signals + [header.index["account_id"]!, header.index["as_of"]!] + [segment, header.index["arr"]].compactMap { $0 })
    let resolved = Columns(
      account: header.index["account_id"]!, date: header.index["as_of"]!, segment: segment, arr: header.index["arr"],
      signals: signals, percent: signalNames.map(settings.readsPercent), unused: header.names.indices.filter { !read.contains($0) },
      count: header.names.count)
    if profilesUnused, profiles.isEmpty { profiles = resolved.unused.map { ColumnProfile(name: header.names[$0]) } }
    columns = resolved
    return resolved
  }

  mutating func append(record: CSVRecord, header: CSVHeader, log: inout IssueLog) throws(InputError) {
    let columns = try resolve(header)
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
    let dateBytes = record.field(columns.date)
    let date = settings.dateFormat.date(dateBytes)
    if date == nil {
      isValid = false
      try log.record(.invalidValue(
        location(columns.date), column: "as_of", expected: Self.dateExpectation(settings.dateFormat, dateBytes),
        found: record.string(columns.date)))
    }
    var segment: Int32 = -1
    if let column = columns.segment {
      let bytes = record.field(column)
      if lastSegment >= 0, bytes.elementsEqual(lastSegmentBytes) {
        segment = lastSegment
      } else if !record.isValidUTF8(column) {
        isValid = false
        try log.record(.invalidValue(location(column), column: settings.segmentColumn ?? "segment", expected: "UTF-8 text", found: record.string(column)))
      } else if !Cell.isMissing(bytes) {
        let name = record.string(column).trimmingASCIISpaces()
        if let index = internSegment(name) {
          segment = index
          lastSegment = segment
          lastSegmentBytes = Array(bytes)
        } else {
          isValid = false
          try log.record(tooManySegments(location(column), found: name))
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
      } else if categories[s] != nil {
        if record.isValidUTF8(column) {
          store(Double(categories[s]!.intern(record.string(column).trimmingASCIISpaces(), line: record.line)))
        } else {
          store(.nan)
          isValid = false
          try log.record(.invalidValue(location(column), column: signalNames[s], expected: "UTF-8 text", found: record.string(column)))
        }
      } else if let number = Cell.signal(bytes, percent: columns.percent[s]) {
        store(number)
      } else {
        store(.nan)
        try reject(
          .invalidValue(
            location(column), column: signalNames[s], expected: Cell.signalExpectation(for: bytes, percent: columns.percent[s]),
            found: record.string(column)),
          signal: s, isValid: &isValid, log: &log)
      }
    }
    if profilesUnused {
      for (u, column) in columns.unused.enumerated() { profiles[u].add(record.field(column), dateFormat: settings.dateFormat) }
    }
    guard isValid, let account, let date else {
      values.removeSubrange(start...)
      return
    }
    appendRow(account: account, date: date, line: record.line, segment: segment, arr: arr)
  }

  /// What a date cell should be, with the `--date-format` that reads it when
  /// it has another known shape.
  static func dateExpectation(_ format: DateFormat, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
    guard let hint = format.hint(for: bytes) else { return format.expectation }
    return "\(format.expectation) (\(hint))"
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
}
