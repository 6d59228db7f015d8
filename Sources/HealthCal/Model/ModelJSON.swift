import HealthCalFormats

extension HealthModel {
  /// Reads a model from JSON text in the versioned schema.
  ///
  /// Strict on purpose: unknown keys are errors (a misspelt `"wieght"` would
  /// otherwise silently fall back to a default), and every error names the
  /// JSON path and line so the user can fix the file.
  /// - Throws: ``InputError`` for malformed JSON or an invalid model.
  public init(json value: JSONValue, file: String) throws(InputError) {
    let root = try ModelReader(file: file).object(value, path: "", line: nil)
    try self.init(root: root, file: file)
    try validate(file: file)
  }

  /// Loads a model from a JSON file.
  public static func load(path: String) throws(InputError) -> HealthModel {
    try HealthModel(json: JSONParser.parse(fileAt: path, expecting: "a model JSON file (or a preset name)"), file: path)
  }

  private init(root: ModelReader.Object, file: String) throws(InputError) {
    let reader = root.reader
    try root.allowOnly(["schema", "name", "description", "missing", "bands", "components", "segments", "segment_column", "calibration"])
    let schema = try reader.int(root.required("schema"), path: "schema", line: root.line)
    guard schema == HealthModel.schemaVersion else {
      throw reader.fail("schema", root.line, "unsupported schema version \(schema); this build reads version \(HealthModel.schemaVersion)")
    }
    name = try reader.string(root.required("name"), path: "name", line: root.line)
    description = try root["description"].map { v throws(InputError) in try reader.string(v, path: "description", line: root.line) }
    missing = try root["missing"].map { v throws(InputError) in try reader.missing(v, path: "missing", line: root.line) } ?? .neutral
    bands = try root["bands"].map { v throws(InputError) in try reader.bands(v, path: "bands", line: root.line) } ?? Bands()
    let componentValues = try reader.array(root.required("components"), path: "components", line: root.line)
    var components: [Component] = []
    for (i, value) in componentValues.enumerated() {
      components.append(try reader.component(value, path: "components[\(i)]", line: root.line))
    }
    self.components = components
    var segments: [SegmentOverride] = []
    if let value = root["segments"] {
      let object = try reader.object(value, path: "segments", line: root.line)
      for (key, segmentValue) in zip(object.json.keys, object.json.values) {
        segments.append(try reader.segment(key, segmentValue, path: "segments.\(key)", line: object.line))
      }
    }
    self.segments = segments
    segmentColumn = try root["segment_column"].map { v throws(InputError) in try reader.string(v, path: "segment_column", line: root.line) } ?? "segment"
    calibration = root["calibration"]
  }

  /// The model in the versioned JSON schema, keys in a fixed order so the
  /// same model always serialises to the same bytes.
  public var json: JSONValue {
    var pairs: [(String, JSONValue)] = [("schema", .number(Double(HealthModel.schemaVersion))), ("name", .string(name))]
    if let description { pairs.append(("description", .string(description))) }
    pairs.append(("missing", .string(missing.rawValue)))
    pairs.append(("bands", Self.json(bands)))
    pairs.append(("components", .array(components.map(Self.json))))
    if !segments.isEmpty {
      pairs.append((
        "segments",
        .object(JSONObject(segments.map { override in
          var fields: [(String, JSONValue)] = []
          if !override.weights.isEmpty {
            let ordered = components.compactMap { c in override.weights[c.name].map { (c.name, JSONValue.number($0)) } }
            fields.append(("weights", .object(JSONObject(ordered))))
          }
          if let bands = override.bands { fields.append(("bands", Self.json(bands))) }
          return (override.segment, .object(JSONObject(fields)))
        }))
      ))
    }
    if segmentColumn != "segment" { pairs.append(("segment_column", .string(segmentColumn))) }
    if let calibration { pairs.append(("calibration", calibration)) }
    return .object(JSONObject(pairs))
  }

  private static func json(_ bands: Bands) -> JSONValue {
    .object(JSONObject([("red_below", .number(bands.redBelow)), ("green_at_or_above", .number(bands.greenAtOrAbove))]))
  }

  private static func json(_ component: Component) -> JSONValue {
    .object(JSONObject([
      ("name", .string(component.name)),
      ("weight", .number(component.weight)),
      ("signals", .array(component.signals.map(json))),
    ]))
  }

  private static func json(_ signal: Signal) -> JSONValue {
    var pairs: [(String, JSONValue)] = [
      ("column", .string(signal.column)), ("weight", .number(signal.weight)), ("transform", json(signal.transform)),
    ]
    if let missing = signal.missing { pairs.append(("missing", .string(missing.rawValue))) }
    if signal.percent { pairs.append(("percent", .bool(true))) }
    return .object(JSONObject(pairs))
  }

  package static func json(_ transform: Transform) -> JSONValue {
    switch transform {
    case .linear(let low, let high):
      return .object(JSONObject([("type", .string("linear")), ("low", .number(low)), ("high", .number(high))]))
    case .delta(let days, let low, let high, let maxGap):
      return .object(JSONObject([
        ("type", .string("delta")), ("days", .number(Double(days))), ("low", .number(low)),
        ("high", .number(high)), ("max_gap", .number(Double(maxGap))),
      ]))
    case .bands(let thresholds, let scores):
      return .object(JSONObject([
        ("type", .string("bands")), ("thresholds", .array(thresholds.map(JSONValue.number))),
        ("scores", .array(scores.map(JSONValue.number))),
      ]))
    case .boolean(let trueScore, let falseScore):
      return .object(JSONObject([
        ("type", .string("boolean")), ("true_score", .number(trueScore)), ("false_score", .number(falseScore)),
      ]))
    case .category(let labels, let scores, let other):
      var pairs: [(String, JSONValue)] = [
        ("type", .string("category")), ("scores", .object(JSONObject(zip(labels, scores.map(JSONValue.number)).map { ($0, $1) }))),
      ]
      if let other { pairs.append(("other", .number(other))) }
      return .object(JSONObject(pairs))
    }
  }
}

/// Reads model JSON with the path of every value kept for error messages.
private struct ModelReader {
  let file: String

  struct Object {
    let reader: ModelReader
    let json: JSONObject
    let path: String
    var line: Int? { json.line }

    subscript(key: String) -> JSONValue? { json[key] }

    func required(_ key: String) throws(InputError) -> JSONValue {
      guard let value = json[key] else {
        throw reader.fail(path.isEmpty ? key : "\(path).\(key)", line, "missing required key \"\(key)\"")
      }
      return value
    }

    func allowOnly(_ keys: Set<String>) throws(InputError) {
      for key in json.keys where !keys.contains(key) {
        throw reader.fail(
          path.isEmpty ? key : "\(path).\(key)", line,
          "unknown key \"\(key)\"; expected one of \(keys.sorted().joined(separator: ", "))")
      }
    }
  }

  func fail(_ path: String, _ line: Int?, _ detail: String) -> InputError {
    .invalidModel(SourceLocation(file: file, line: line), path: path, detail: detail)
  }

  func object(_ value: JSONValue, path: String, line: Int?) throws(InputError) -> Object {
    guard case .object(let object) = value else { throw fail(path, line, "expected an object") }
    return Object(reader: self, json: object, path: path)
  }

  func array(_ value: JSONValue, path: String, line: Int?) throws(InputError) -> [JSONValue] {
    guard case .array(let array) = value else { throw fail(path, line, "expected an array") }
    return array
  }

  func string(_ value: JSONValue, path: String, line: Int?) throws(InputError) -> String {
    guard case .string(let string) = value else { throw fail(path, line, "expected a string") }
    return string
  }

  func number(_ value: JSONValue, path: String, line: Int?) throws(InputError) -> Double {
    guard case .number(let number) = value, number.isFinite else { throw fail(path, line, "expected a finite number") }
    return number
  }

  func bool(_ value: JSONValue, path: String, line: Int?) throws(InputError) -> Bool {
    guard case .bool(let flag) = value else { throw fail(path, line, "expected true or false") }
    return flag
  }

  func int(_ value: JSONValue, path: String, line: Int?) throws(InputError) -> Int {
    let number = try number(value, path: path, line: line)
    guard number.rounded() == number, abs(number) < 1e9 else { throw fail(path, line, "expected a whole number, found \(number)") }
    return Int(number)
  }

  func missing(_ value: JSONValue, path: String, line: Int?) throws(InputError) -> MissingPolicy {
    let text = try string(value, path: path, line: line)
    guard let policy = MissingPolicy(rawValue: text) else {
      throw fail(path, line, "unknown missing policy \"\(text)\"; expected neutral, zero or renormalize")
    }
    return policy
  }

  func bands(_ value: JSONValue, path: String, line: Int?) throws(InputError) -> Bands {
    let object = try object(value, path: path, line: line)
    try object.allowOnly(["red_below", "green_at_or_above"])
    return Bands(
      redBelow: try number(object.required("red_below"), path: "\(path).red_below", line: object.line),
      greenAtOrAbove: try number(object.required("green_at_or_above"), path: "\(path).green_at_or_above", line: object.line))
  }

  func component(_ value: JSONValue, path: String, line: Int?) throws(InputError) -> Component {
    let object = try object(value, path: path, line: line)
    try object.allowOnly(["name", "weight", "signals"])
    let signalValues = try array(object.required("signals"), path: "\(path).signals", line: object.line)
    var signals: [Signal] = []
    for (i, signalValue) in signalValues.enumerated() {
      signals.append(try signal(signalValue, path: "\(path).signals[\(i)]", line: object.line))
    }
    return Component(
      name: try string(object.required("name"), path: "\(path).name", line: object.line),
      weight: try number(object.required("weight"), path: "\(path).weight", line: object.line),
      signals: signals)
  }

  func signal(_ value: JSONValue, path: String, line: Int?) throws(InputError) -> Signal {
    let object = try object(value, path: path, line: line)
    try object.allowOnly(["column", "weight", "transform", "missing", "percent"])
    return Signal(
      column: try string(object.required("column"), path: "\(path).column", line: object.line),
      weight: try object["weight"].map { v throws(InputError) in try number(v, path: "\(path).weight", line: object.line) } ?? 1,
      transform: try transform(object.required("transform"), path: "\(path).transform", line: object.line),
      missing: try object["missing"].map { v throws(InputError) in try missing(v, path: "\(path).missing", line: object.line) },
      percent: try object["percent"].map { v throws(InputError) in try bool(v, path: "\(path).percent", line: object.line) } ?? false)
  }

  func transform(_ value: JSONValue, path: String, line: Int?) throws(InputError) -> Transform {
    let object = try object(value, path: path, line: line)
    let type = try string(object.required("type"), path: "\(path).type", line: object.line)
    func num(_ key: String) throws(InputError) -> Double {
      try number(object.required(key), path: "\(path).\(key)", line: object.line)
    }
    func numbers(_ key: String) throws(InputError) -> [Double] {
      var result: [Double] = []
      for (i, item) in try array(object.required(key), path: "\(path).\(key)", line: object.line).enumerated() {
        result.append(try number(item, path: "\(path).\(key)[\(i)]", line: object.line))
      }
      return result
    }
    switch type {
    case "linear":
      try object.allowOnly(["type", "low", "high"])
      return .linear(low: try num("low"), high: try num("high"))
    case "delta":
      try object.allowOnly(["type", "days", "low", "high", "max_gap"])
      let days = try int(object.required("days"), path: "\(path).days", line: object.line)
      let maxGap = try object["max_gap"].map { v throws(InputError) in try int(v, path: "\(path).max_gap", line: object.line) } ?? 31
      return .delta(days: days, low: try num("low"), high: try num("high"), maxGap: maxGap)
    case "bands":
      try object.allowOnly(["type", "thresholds", "scores"])
      return .bands(thresholds: try numbers("thresholds"), scores: try numbers("scores"))
    case "boolean":
      try object.allowOnly(["type", "true_score", "false_score"])
      return .boolean(trueScore: try num("true_score"), falseScore: try num("false_score"))
    case "category":
      try object.allowOnly(["type", "scores", "other"])
      let table = try self.object(object.required("scores"), path: "\(path).scores", line: object.line)
      var scores: [Double] = []
      for (label, score) in zip(table.json.keys, table.json.values) {
        scores.append(try number(score, path: "\(path).scores.\(label)", line: table.line))
      }
      let other = try object["other"].map { v throws(InputError) in try number(v, path: "\(path).other", line: object.line) }
      return .category(labels: table.json.keys, scores: scores, other: other)
    default:
      throw fail("\(path).type", object.line, "unknown transform \"\(type)\"; expected linear, bands, boolean, delta or category")
    }
  }

  func segment(_ name: String, _ value: JSONValue, path: String, line: Int?) throws(InputError) -> SegmentOverride {
    let object = try object(value, path: path, line: line)
    try object.allowOnly(["weights", "bands"])
    var weights: [String: Double] = [:]
    if let weightsValue = object["weights"] {
      let weightsObject = try self.object(weightsValue, path: "\(path).weights", line: object.line)
      for (key, weight) in zip(weightsObject.json.keys, weightsObject.json.values) {
        weights[key] = try number(weight, path: "\(path).weights.\(key)", line: weightsObject.line)
      }
    }
    let bands = try object["bands"].map { v throws(InputError) in try self.bands(v, path: "\(path).bands", line: object.line) }
    return SegmentOverride(segment: name, weights: weights, bands: bands)
  }
}
