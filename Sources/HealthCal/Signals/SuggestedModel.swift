import HealthCalFormats

/// A model rebuilt from a ``SignalScreen``: the transforms the data suggest,
/// and the columns the model ignores that predict churn, with the weights
/// left for `tune` to set.
///
/// - Each of the model's point-in-time signals takes its column's suggested
///   transform at the first horizon, where there is one (a category's is a
///   new table of label scores; trajectory signals keep theirs, since a
///   `bands` suggestion cannot keep their form).
/// - Columns the model does not read, with a medium or strong information
///   value (0.1–0.5) at the first horizon and a suggestion, are added in one
///   component, ``addedComponent``, at weight 0: the score is unchanged until
///   `tune` gives it weight. A column is not added when it is redundant with
///   a column already in the model or added (one behaviour counted once), or
///   when its IV is "suspicious" (over 0.5, more often a leak than a signal).
///
/// The provenance block (the model's `calibration`) records the inputs'
/// fingerprints, the design and horizon, every change and every column left out.
public struct SuggestedModel: Sendable {
  /// The name of the component the added columns go in.
  public static let addedComponent = "from_signals"

  /// One change to the model.
  public struct Change: Hashable, Sendable {
    /// The component.
    public var component: String
    /// The column.
    public var column: String
    /// The transform before, `nil` for an added column.
    public var before: Transform?
    /// The suggested transform.
    public var after: Transform
  }

  /// The model, with the provenance block attached.
  public var model: HealthModel
  /// Every transform replaced or column added, in model order.
  public var changes: [Change]
  /// Columns not added, with why.
  public var leftOut: [(column: String, reason: String)]

  /// Builds the suggestion.
  /// - Parameters:
  ///   - inputs: the snapshots and outcomes the screen read, fingerprinted.
  ///   - dataThrough: the latest snapshot date.
  public init(screen: SignalScreen, model original: HealthModel, inputs: [CalibrationRecord.Input], dataThrough: CalendarDate) {
    var model = original
    var changes: [Change] = []
    let byColumn = Dictionary(screen.columns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    for (k, component) in model.components.enumerated() {
      for (s, signal) in component.signals.enumerated() where signal.transform.lookBack == nil {
        guard let suggestion = byColumn[signal.column]?.profiles.first?.suggestion, suggestion != signal.transform else { continue }
        model.components[k].signals[s].transform = suggestion
        changes.append(Change(component: component.name, column: signal.column, before: signal.transform, after: suggestion))
      }
    }

    let used = Set(original.components.flatMap(\.signals).map(\.column))
    var taken = used
    var added: [Signal] = []
    var leftOut: [(column: String, reason: String)] = []
    for column in screen.columns where !used.contains(column.name) {
      guard let profile = column.profiles.first else { continue }
      switch profile.strength {
      case .useless, .weak: continue
      case .suspicious:
        leftOut.append((column.name, "information value \(NumberFormat.fixed(profile.informationValue, digits: 2)) is suspicious: check for leakage"))
        continue
      case .medium, .strong: break
      }
      guard let suggestion = profile.suggestion else { continue }
      if let group = screen.redundantGroups.first(where: { $0.contains(column.name) }), let twin = group.first(where: { taken.contains($0) }) {
        leftOut.append((column.name, "redundant with \(twin)"))
        continue
      }
      taken.insert(column.name)
      added.append(Signal(column: column.name, transform: suggestion))
      changes.append(Change(component: Self.addedComponent, column: column.name, before: nil, after: suggestion))
    }
    if !added.isEmpty, !model.components.contains(where: { $0.name == Self.addedComponent }) {
      model.components.append(Component(name: Self.addedComponent, weight: 0, signals: added))
    }
    if !model.name.hasSuffix("-suggested") { model.name += "-suggested" }
    model.description = "\(original.name) with transforms suggested by healthcal signals; weights unchanged (set them with healthcal tune)"
    model.calibration = .object(JSONObject([
      ("tool", .string("healthcal \(HealthCalVersion.current)")),
      ("source", .string("signals")),
      ("date", .string(dataThrough.description)),
      ("inputs", .array(inputs.map { input in
        .object(JSONObject([
          ("role", .string(input.role)), ("file", .string(input.path)), ("sha256", .string(input.sha256)), ("rows", .int(input.rows)),
        ]))
      })),
      ("design", .string(screen.design.rawValue)),
      ("horizon_days", screen.horizons.first.map(JSONValue.int) ?? .null),
      ("max_bins", .int(screen.settings.binning.maximumBins)),
      ("min_bin_share", .number(screen.settings.binning.minimumShare)),
      ("changes", .array(changes.map { change in
        .object(JSONObject([
          ("component", .string(change.component)), ("column", .string(change.column)),
          ("before", change.before.map(HealthModel.json) ?? .null), ("after", HealthModel.json(change.after)),
        ]))
      })),
      ("left_out", .array(leftOut.map { .object(JSONObject([("column", .string($0.column)), ("reason", .string($0.reason))])) })),
    ]))
    self.model = model
    self.changes = changes
    self.leftOut = leftOut
  }
}
