/// Weights and bands that replace the model's for one segment.
///
/// An Enterprise account lives on executive relationships, an SMB account on
/// product usage; one set of weights rarely fits both. Components not named
/// here keep the model's weight.
public struct SegmentOverride: Hashable, Sendable {
  /// The segment value this override applies to (exact match).
  public var segment: String
  /// Replacement component weights by component name.
  public var weights: [String: Double]
  /// Replacement band cut-offs, if any.
  public var bands: Bands?

  /// Creates an override.
  public init(segment: String, weights: [String: Double] = [:], bands: Bands? = nil) {
    self.segment = segment
    self.weights = weights
    self.bands = bands
  }
}
