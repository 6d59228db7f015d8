/// Weights and bands chosen by one fit, globally and per segment, applied to
/// training rows without building a full ``HealthModel``.
public struct FittedModel: Hashable, Sendable {
  /// Global component weights in points.
  public var weights: [Double]
  /// Global bands.
  public var bands: Bands
  /// Per table-segment index: that segment's own weights and bands.
  public var segments: [Int32: SegmentFit]
  /// Per component, per signal: tuned signal weights, or `nil` to keep the
  /// model's. They apply to every segment (the schema's overrides carry
  /// component weights and bands only).
  public var signalWeights: [[Double]]?

  /// One segment's fit.
  public struct SegmentFit: Hashable, Sendable {
    /// Component weights in points.
    public var weights: [Double]
    /// Bands.
    public var bands: Bands
  }

  /// Creates a fit.
  public init(weights: [Double], bands: Bands, segments: [Int32: SegmentFit] = [:], signalWeights: [[Double]]? = nil) {
    self.weights = weights
    self.bands = bands
    self.segments = segments
    self.signalWeights = signalWeights
  }

  /// Scores and bands every row of every horizon of `training`.
  /// - Returns: per horizon, the scored accounts (rows with no usable signal left out).
  public func score(_ training: TrainingSet) -> [[ScoredAccount]] {
    let training = signalWeights.map { training.reweightingSignals($0) } ?? training
    return training.horizons.map { sample in
      (0..<sample.count).compactMap { i in
        let fit = segments[sample.segments[i]]
        guard let score = sample.matrix.score(row: i, weights: fit?.weights ?? weights) else { return nil }
        return ScoredAccount(
          account: sample.accounts[i], row: sample.matrix.rows[i], score: score,
          band: (fit?.bands ?? bands).band(for: score), isChurned: sample.isChurned[i], arr: nil, segment: nil,
          landmark: sample.design == .landmark ? sample.landmarks[i] : nil)
      }
    }
  }

  /// This fit written into `model`: weights, signal weights, bands and
  /// segment overrides replace the model's; everything else is kept.
  /// - Parameters:
  ///   - segmentNames: the names of the segment indices the fit keys on.
  ///   - segmentColumn: the column they are values of, which overrides key on.
  public func apply(to model: HealthModel, segmentNames: [String], segmentColumn: String?) -> HealthModel {
    var tuned = model
    for (c, weight) in weights.enumerated() { tuned.components[c].weight = weight }
    // The old description names the old weights; say what the weights are now.
    let points = zip(model.components, weights).map { component, weight in
      "\(component.name) \(weight == weight.rounded() ? String(Int(weight)) : String(weight))"
    }
    tuned.description = "Tuned from \(model.name) by healthcal: " + points.joined(separator: ", ") + " (component weights of 100)."
    for (c, signals) in (signalWeights ?? []).enumerated() {
      for (s, weight) in signals.enumerated() { tuned.components[c].signals[s].weight = weight }
    }
    tuned.bands = bands
    tuned.segments = segments.keys.sorted().map { index in
      let fit = segments[index]!
      let overrides = Dictionary(uniqueKeysWithValues: zip(model.components.map(\.name), fit.weights))
      return SegmentOverride(segment: segmentNames[Int(index)], weights: overrides, bands: fit.bands)
    }
    if !tuned.segments.isEmpty, let segmentColumn { tuned.segmentColumn = segmentColumn }
    return tuned
  }
}
