import HealthCalFormats
import Foundation

/// Which columns of an export predict churn, how strongly, where their
/// cut-offs belong, which say the same thing, and whether the model reads
/// its own signals the right way round: `healthcal signals`.
///
/// Every comparison is the audit's: at each horizon, the observations of the
/// ``EvaluationPlan``'s design (`auto` by default), so a column that only
/// tracks the calendar shows AUC near 0.5 in the landmark design instead of
/// the calendar's separation. In the landmark design AUC is the pooled
/// within-landmark concordance and bins, WoE, IV and cohort churn rates
/// weight controls with ``LandmarkWeights``.
public struct SignalScreen: Equatable, Sendable {
  /// The limits `signals` works within.
  public struct Settings: Hashable, Sendable {
    /// How columns are binned.
    public var binning = MonotonicBinning.Settings()
    /// Columns whose rank correlation exceeds this in magnitude are grouped.
    public var maximumCorrelation = 0.8

    /// The defaults: 6 bins of at least 5%, correlation 0.8.
    public init() {}
  }

  /// One column at every horizon.
  public struct Column: Equatable, Sendable {
    /// The column.
    public var name: String
    /// Whether it holds only 0 and 1.
    public var isBoolean: Bool
    /// Whether it holds text labels (a `category` signal of the model).
    public var isCategory: Bool { profiles.first?.labels != nil }
    /// Per horizon, in configuration order.
    public var profiles: [SignalProfile]
  }

  /// A model signal set against the data.
  public struct ModelSignal: Equatable, Sendable {
    /// The component.
    public var component: String
    /// The column.
    public var column: String
    /// The model's transform.
    public var transform: Transform
    /// Whether the transform scores higher raw values as healthier; `nil`
    /// where it has no direction (a category, equal scores).
    public var higherIsHealthier: Bool?
    /// The raw values the transform reads (the change, for a trajectory), per horizon.
    public var profiles: [SignalProfile]
    /// The component's sub-score AUC per horizon, as the model has it.
    public var componentAUC: [Double?]
    /// The same with this signal's transform replaced by the first horizon's
    /// suggestion (`nil` without one, and for trajectories and categories,
    /// whose form a `bands` suggestion cannot keep).
    public var componentAUCWithSuggestion: [Double?]

    /// Whether the data agree with the transform's direction at the first
    /// horizon; `nil` where either has none, or where the AUC's bootstrap
    /// interval spans 0.5 or was not computed (the data do not say which way,
    /// or were not asked).
    public var directionAgrees: Bool? {
      guard let higherIsHealthier, let profile = profiles.first, let direction = profile.direction,
        let interval = profile.rocAUCInterval, interval.lower > 0.5 || interval.upper < 0.5
      else { return nil }
      return higherIsHealthier == (direction == .lowerMeansChurn)
    }
  }

  /// The horizons, in configuration order.
  public var horizons: [Int]
  /// The design that ran, and why.
  public var design: EvaluationDesign
  /// One sentence on why that design ran.
  public var designReason: String
  /// The calendar and leakage warnings of the plan.
  public var warnings: [EvaluationWarning]
  /// The settings used.
  public var settings: Settings
  /// Every numeric and boolean column, strongest first: by separation
  /// (|AUC − 0.5|) at the first horizon, then IV, then name.
  public var columns: [Column]
  /// Rank correlations between ``columns`` at the first horizon,
  /// `correlations[i][j]` for i < j in ``columns`` order.
  public var correlations: [[Double?]]
  /// Columns that measure one behaviour (|ρ| above the limit), grouped.
  public var redundantGroups: [[String]]
  /// The model's signals (number-reading ones), in model order.
  public var modelSignals: [ModelSignal]

  /// Screens every numeric and boolean column of `scorer.table`.
  /// - Parameter threads: columns profiled at once; the result is the same for any count.
  public init(
    scorer: Scorer, outcomes: [Outcome], configuration: RunSettings, settings: Settings = Settings(),
    threads: Int = ProcessInfo.processInfo.activeProcessorCount
  ) {
    let table = scorer.table
    let plan = EvaluationPlan(table: table, outcomes: outcomes, configuration: configuration)
    let horizons = configuration.horizons
    self.horizons = horizons
    design = plan.design
    designReason = plan.reason
    warnings = plan.warnings
    self.settings = settings
    let samples = plan.samples.map(SignalObservations.init(sample:))
    @Sendable func seed(_ h: Int, _ c: Int) -> UInt64 { configuration.seed &+ UInt64(h) &* 1_000_003 &+ UInt64(c) &* 7_919 }
    @Sendable func profiles(_ values: (SignalObservations) -> [Double?], isBoolean: Bool, key: Int) -> [SignalProfile] {
      zip(horizons, samples).enumerated().map { h, pair in
        SignalProfile(
          horizon: pair.0, observations: pair.1, values: values(pair.1), isBoolean: isBoolean, binning: settings.binning,
          bootstrapReplicates: configuration.bootstrapReplicates, seed: seed(h, key))
      }
    }

    let numeric = table.signalNames.indices.filter { table.categories[$0] == nil }
    var columns = parallelMap(count: numeric.count, threads: threads) { i in
      let c = numeric[i]
      let isBoolean = Self.isBoolean(table: table, signal: c)
      return Column(
        name: table.signalNames[c], isBoolean: isBoolean,
        profiles: profiles({ $0.rows.map { table.value(row: $0, signal: c) } }, isBoolean: isBoolean, key: c))
    }
    // The model's category signals: labels, ranked by the model's own sub-scores.
    for (k, component) in scorer.model.components.enumerated() {
      for (s, signal) in component.signals.enumerated() {
        guard case .category(_, _, let other) = signal.transform, let c = table.signalIndex(of: signal.column),
          let levels = table.categories[c], !columns.contains(where: { $0.name == signal.column })
        else { continue }
        let found = zip(horizons, samples).enumerated().map { h, pair in
          SignalProfile(
            horizon: pair.0, observations: pair.1, codes: pair.1.rows.map { table.value(row: $0, signal: c) }, labels: levels.labels,
            risk: pair.1.rows.map { scorer.signalScore(row: $0, component: k, signal: s).map { 100 - $0 } }, other: other,
            binning: settings.binning, bootstrapReplicates: configuration.bootstrapReplicates, seed: seed(h, c))
        }
        columns.append(Column(name: signal.column, isBoolean: false, profiles: found))
      }
    }
    columns.sort { a, b in
      let (sa, sb) = (a.profiles.first?.separation ?? 0, b.profiles.first?.separation ?? 0)
      if sa != sb { return sa > sb }
      let (ia, ib) = (a.profiles.first?.informationValue ?? 0, b.profiles.first?.informationValue ?? 0)
      if ia != ib { return ia > ib }
      return a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
    }
    self.columns = columns

    // Labels have no order to rank: a category column correlates with nothing.
    let correlations = samples.first.map { first in
      RankCorrelation.matrix(columns.map { column in
        column.isCategory ? first.rows.map { _ in nil } : first.rows.map { table.value(row: $0, signal: table.signalIndex(of: column.name)!) }
      })
    } ?? []
    self.correlations = correlations
    redundantGroups = RankCorrelation.groups(names: columns.map(\.name), correlations: correlations, threshold: settings.maximumCorrelation)

    func componentRisk(_ scorer: Scorer, _ k: Int) -> [[Double?]] {
      samples.map { sample in sample.rows.map { row in scorer.componentScore(row: row, component: k).map { 100 - $0 } } }
    }
    func aucs(_ risks: [[Double?]]?) -> [Double?] {
      guard let risks else { return horizons.map { _ in nil } }
      return zip(samples, risks).map { sample, risk in
        let present = risk.indices.filter { risk[$0] != nil }
        return sample.selecting(present).rocAUC(risk: present.map { risk[$0]! }, bootstrapReplicates: 0, seed: 0).0
      }
    }
    var modelSignals: [ModelSignal] = []
    for (k, component) in scorer.model.components.enumerated() {
      let before = aucs(componentRisk(scorer, k))
      for (s, signal) in component.signals.enumerated() where !signal.transform.isCategory {
        // A point-in-time signal reads its column as is, so its profiles are
        // the column's; a trajectory reads the change.
        let readsColumn = signal.transform.lookBack == nil ? columns.first { $0.name == signal.column }?.profiles : nil
        let found = readsColumn
          ?? profiles({ $0.rows.map { scorer.rawValue(row: $0, component: k, signal: s) } }, isBoolean: false, key: 1_000 + 100 * k + s)
        var after: [[Double?]]?
        if signal.transform.lookBack == nil, let suggestion = found.first?.suggestion,
          let replaced = try? Scorer(model: scorer.model.replacingTransform(component: k, signal: s, with: suggestion), table: table, modelSource: "")
        {
          after = componentRisk(replaced, k)
        }
        modelSignals.append(ModelSignal(
          component: component.name, column: signal.column, transform: signal.transform,
          higherIsHealthier: signal.transform.higherIsHealthier, profiles: found, componentAUC: before,
          componentAUCWithSuggestion: aucs(after)))
      }
    }
    self.modelSignals = modelSignals
  }

  /// Whether every value of a column is 0 or 1.
  static func isBoolean(table: SnapshotTable, signal c: Int) -> Bool {
    var seen = false
    for row in 0..<table.rowCount {
      guard let value = table.value(row: row, signal: c) else { continue }
      guard value == 0 || value == 1 else { return false }
      seen = true
    }
    return seen
  }
}

extension Transform {
  /// Whether higher raw values score as healthier; `nil` for a category or
  /// a transform that scores both ends the same.
  public var higherIsHealthier: Bool? {
    switch self {
    case .linear(let low, let high), .delta(_, let low, let high, _): return low == high ? nil : high > low
    case .bands(_, let scores): return scores.first == scores.last ? nil : scores.last! > scores.first!
    case .boolean(let trueScore, let falseScore): return trueScore == falseScore ? nil : trueScore > falseScore
    case .category: return nil
    }
  }
}

extension HealthModel {
  /// This model with one signal's transform replaced.
  public func replacingTransform(component k: Int, signal s: Int, with transform: Transform) -> HealthModel {
    var model = self
    model.components[k].signals[s].transform = transform
    return model
  }
}
