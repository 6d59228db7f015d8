/// The `calibration` block written into a tuned model: where the weights came
/// from, so a platform admin loading them a quarter later can trace every
/// number to its data, settings and tool version.
///
/// It holds no wall-clock time (the `date` is the last day the data covers),
/// so the same inputs and seed always produce a byte-identical model file.
public struct CalibrationRecord: Sendable {
  /// One input file, fingerprinted.
  public struct Input: Hashable, Sendable {
    /// "snapshots" or "outcomes".
    public var role: String
    /// The path as given.
    public var path: String
    /// SHA-256 of the file's bytes, lowercase hex.
    public var sha256: String
    /// Data rows read.
    public var rows: Int

    /// Creates a fingerprint.
    public init(role: String, path: String, sha256: String, rows: Int) {
      self.role = role
      self.path = path
      self.sha256 = sha256
      self.rows = rows
    }

    /// Fingerprints a file on disk.
    public init(role: String, path: String, rows: Int) throws(InputError) {
      self.init(role: role, path: path, sha256: try SHA256.hex(fileAt: path), rows: rows)
    }
  }

  /// The input files.
  public var inputs: [Input]
  /// The last day the data covers (the observation end).
  public var dataThrough: CalendarDate
  /// The run.
  public var result: TuneResult

  /// Creates a record.
  public init(inputs: [Input], dataThrough: CalendarDate, result: TuneResult) {
    self.inputs = inputs
    self.dataThrough = dataThrough
    self.result = result
  }

  /// The block as JSON.
  public var json: JSONValue {
    let report = TuneReport(result: result)
    guard case .object(let summary) = report.summaryJSON else { return .null }
    var pairs: [(String, JSONValue)] = [
      ("tool", .string("healthcal \(HealthCalVersion.current)")),
      ("date", .string(dataThrough.description)),
      ("inputs", .array(inputs.map { input in
        .object(JSONObject([
          ("role", .string(input.role)), ("file", .string(input.path)), ("sha256", .string(input.sha256)), ("rows", .int(input.rows)),
        ]))
      })),
    ]
    pairs += zip(summary.keys, summary.values).map { ($0, $1) }
    pairs.append(("metrics", report.metricsJSON))
    return .object(JSONObject(pairs))
  }

  /// The tuned model with this block attached, ready to write.
  public var model: HealthModel {
    var model = result.tunedModel
    model.calibration = json
    if !model.name.hasSuffix("-tuned") { model.name += "-tuned" }
    return model
  }
}
