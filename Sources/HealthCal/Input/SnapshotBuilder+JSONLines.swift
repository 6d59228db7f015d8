import HealthCalFormats

/// Reading JSON Lines objects: values arrive already typed (numbers,
/// strings, booleans, null), so a cell is checked against its column's kind
/// rather than parsed from bytes.
extension SnapshotBuilder {
  /// Appends one JSON Lines object: keys name columns, and a key a line
  /// lacks is a missing value.
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
      try log.record(.invalidValue(location(), column: "account_id", expected: "a non-empty string", found: Self.describe(object["account_id"])))
    }
    var date: CalendarDate?
    if case .string(let text)? = object["as_of"] { date = settings.dateFormat.date(text) }
    if date == nil {
      isValid = false
      var expected = "\(settings.dateFormat.expectation) string"
      if case .string(let text)? = object["as_of"], let hint = settings.dateFormat.hint(for: text) { expected += " (\(hint))" }
      try log.record(.invalidValue(location(), column: "as_of", expected: expected, found: Self.describe(object["as_of"])))
    }
    var segment: Int32 = -1
    let segmentColumn = settings.segmentColumn ?? ""
    switch settings.segmentColumn == nil ? nil : object[segmentColumn] {
    case nil, .null?: break
    case .string(let text)?:
      if !text.isEmpty {
        if let index = internSegment(text) {
          segment = index
        } else {
          isValid = false
          try log.record(tooManySegments(location(), found: text))
        }
      }
    default:
      isValid = false
      try log.record(.invalidValue(location(), column: segmentColumn, expected: "a string or null", found: Self.describe(object[segmentColumn])))
    }
    var arr = Double.nan
    switch object["arr"] {
    case nil, .null?: break
    case .number(let value)? where value >= 0: arr = value
    default:
      isValid = false
      try log.record(.invalidValue(location(), column: "arr", expected: "a number ≥ 0 or null", found: Self.describe(object["arr"])))
    }
    let start = values.count
    for (s, name) in signalNames.enumerated() {
      let value = object[name]
      if categories[s] != nil {
        switch value {
        case nil, .null?: store(.nan)
        case .string(let text)? where text.trimmingASCIISpaces().isEmpty:
          store(.nan)
        case .string(let text)?:
          store(Double(categories[s]!.intern(text.trimmingASCIISpaces(), line: line)))
        case .number?, .bool?:
          store(Double(categories[s]!.intern(value!.serialized(pretty: false), line: line)))
        default:
          store(.nan)
          isValid = false
          try log.record(.invalidValue(location(), column: name, expected: "a text label or null", found: Self.describe(value)))
        }
        continue
      }
      switch value {
      case nil, .null?: store(.nan)
      case .number(let number)?: store(number)
      case .bool(let flag)?: store(flag ? 1 : 0)
      case .string(let text)?:
        var copy = text
        let percent = settings.readsPercent(name)
        let parsed = copy.withUTF8 { bytes -> Double?? in
          if Cell.isMissing(bytes) { return .some(nil) }
          return Cell.signal(bytes, percent: percent).map { .some($0) }
        }
        if let parsed {
          store(parsed ?? .nan)
        } else {
          store(.nan)
          let expected = copy.withUTF8 { Cell.signalExpectation(for: $0, percent: percent) }
          try reject(.invalidValue(location(), column: name, expected: expected, found: text), signal: s, isValid: &isValid, log: &log)
        }
      default:
        store(.nan)
        try reject(
          .invalidValue(location(), column: name, expected: Cell.expectedSignal, found: Self.describe(value)), signal: s,
          isValid: &isValid, log: &log)
      }
    }
    if profilesUnused { profileUnusedKeys(of: object) }
    guard isValid, let account, let date else {
      values.removeSubrange(start...)
      return
    }
    appendRow(account: account, date: date, line: line, segment: segment, arr: arr)
  }

  /// Counts the values of the keys nothing reads, as CSV columns are counted.
  mutating func profileUnusedKeys(of object: JSONObject) {
    for (key, value) in zip(object.keys, object.values)
    where !SnapshotLoader.reservedColumns.contains(key) && key != settings.segmentColumn && !signalNames.contains(key) {
      let index = profiles.firstIndex { $0.name == key } ?? {
        profiles.append(ColumnProfile(name: key))
        return profiles.count - 1
      }()
      var text: String
      switch value {
      case .string(let string): text = string
      case .null: text = ""
      default: text = value.serialized(pretty: false)
      }
      text.withUTF8 { profiles[index].add($0, dateFormat: settings.dateFormat) }
    }
  }

  /// A JSON value as an error message shows it.
  static func describe(_ value: JSONValue?) -> String {
    guard let value else { return "nothing (key absent)" }
    return value.serialized(pretty: false)
  }
}
