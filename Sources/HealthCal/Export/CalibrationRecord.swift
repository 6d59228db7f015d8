import HealthCalFormats

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
    guard case .object(let summary) = Self.summary(of: result) else { return .null }
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
    pairs.append(("metrics", Self.metrics(of: result)))
    return .object(JSONObject(pairs))
  }

  /// The tuned model with this block attached, ready to write.
  public var model: HealthModel {
    var model = result.tunedModel
    model.calibration = json
    if !model.name.hasSuffix("-tuned") { model.name += "-tuned" }
    return model
  }

  /// The settings, search and verdict of a run: the core of the block,
  /// which the tune report's JSON repeats.
  package static func summary(of result: TuneResult) -> JSONValue {
    let horizons = result.configuration.audit.horizons
    let configuration = result.configuration
    let objective = result.objective
    var search: [(String, JSONValue)] = [
      ("step", .int(result.space.step)),
      ("bounds", .object(JSONObject(zip(result.space.components, result.space.bounds).map { ($0, .array([.int($1.lowerBound), .int($1.upperBound)])) }))),
      ("locked", .array(result.space.components.filter { configuration.locked.contains($0) }.map(JSONValue.string))),
      ("max_shift", .optional(configuration.maxShift)),
      ("tuned", .array((["weights"] + (configuration.tunesSignals ? ["signals"] : []) + (configuration.tunesBands || objective.kind != .greenChurn ? ["bands"] : []) + (configuration.perSegment ? ["segments"] : [])).map(JSONValue.string))),
    ]
    switch result.search.method {
    case .lattice(let points):
      search += [("method", .string("lattice")), ("lattice_points", .int(points))]
    case .random(let latticePoints, let samples, let refined):
      search += [("method", .string("random+refine")), ("lattice_points", .int(latticePoints)), ("random_samples", .int(samples)), ("refinement_moves", .int(refined))]
    }
    search.append(("candidates_evaluated", .int(result.search.evaluated)))
    let validation: JSONValue
    switch configuration.validation {
    case .kFold(let k): validation = .object(JSONObject([("method", .string("stratified-k-fold")), ("folds", .int(k))]))
    case .holdout(let date): validation = .object(JSONObject([("method", .string("holdout")), ("holdout_after", .string(date.description))]))
    }
    return .object(JSONObject([
      ("base_model", .string(result.currentModel.name)),
      ("objective", .object(JSONObject([
        ("name", .string(objective.kind.rawValue)),
        ("formula", .string(objective.formula)),
        ("horizon_weights", .object(JSONObject(zip(horizons, objective.horizonWeights).map { ("\($0)", .number($1)) }))),
        ("alert_budget", objective.kind == .greenChurn ? .object(JSONObject(zip(horizons, objective.alertBudgets).map { ("\($0)", .optional($1)) })) : .null),
        ("false_alarm_limit", objective.kind == .recallAtFalseAlarm ? .number(objective.falseAlarmLimit) : .null),
        ("at_risk", .string(objective.atRisk.rawValue)),
      ]))),
      ("search", .object(JSONObject(search))),
      ("validation", validation),
      // Every setting that decides which snapshots were compared, so each
      // figure in the block can be traced back to how it was made.
      ("evaluation", .object(JSONObject([
        ("horizons", .array(configuration.audit.horizons.map(JSONValue.int))),
        ("max_staleness_days", .int(configuration.audit.maxStaleness)),
        ("observed_until", .string(result.plan.observedUntil.description)),
        ("design", .string(configuration.audit.design.rawValue)),
        ("landmark_every", .string(configuration.audit.landmarkSpacing.description)),
      ]))),
      ("seed", .string(String(configuration.search.seed))),
      ("current_weights", .array(result.space.current.map(JSONValue.number))),
      ("fold_weights", .array(result.foldWeights.map { .array($0.map(JSONValue.number)) })),
      ("improvement", result.improvement.map { improvement in
        .object(JSONObject([
          ("estimate", .number(improvement.estimate)), ("ci95", .array([.number(improvement.lower), .number(improvement.upper)])),
          ("probability_better", .number(improvement.probabilityPositive)), ("replicates", .int(improvement.replicates)),
        ]))
      } ?? .null),
      ("significant", .bool(result.isSignificant)),
      ("recommendation", .string(result.shouldAdopt ? "adopt" : "keep")),
      ("design", .object(JSONObject([("name", .string(result.plan.design.rawValue)), ("reason", .string(result.plan.reason))]))),
      ("warnings", .array(result.plan.warnings.map(\.json))),
      ("notes", .array(result.notes.map(JSONValue.string))),
    ]))
  }

  /// Current and tuned metrics per horizon, in and out of sample.
  package static func metrics(of result: TuneResult) -> JSONValue {
    .array(result.configuration.audit.horizons.enumerated().map { h, horizon in
      .object(JSONObject([
        ("horizon_days", .int(horizon)),
        ("in_sample", .object(JSONObject([("current", brief(result.inSample.current[h])), ("tuned", brief(result.inSample.tuned[h]))]))),
        ("out_of_sample", .object(JSONObject([("current", brief(result.outOfSample.current[h])), ("tuned", brief(result.outOfSample.tuned[h]))]))),
      ]))
    })
  }

  private static func brief(_ m: GroupMetrics) -> JSONValue {
    .object(JSONObject([
      ("scored", .int(m.coverage.scored)),
      ("green_churn_rate", m.greenChurn.json),
      ("non_green_rate", m.nonGreenRate.json),
      ("at_risk_recall", m.atRiskRecall.json),
      ("false_alarm_rate", m.falseAlarmRate.json),
      ("alert_rate", m.alertRate.json),
      ("roc_auc", .object(JSONObject([
        ("value", .optional(m.rocAUC)),
        ("ci95", m.rocAUCInterval.map { .array([.number($0.lower), .number($0.upper)]) } ?? .null),
      ]))),
    ]))
  }
}
