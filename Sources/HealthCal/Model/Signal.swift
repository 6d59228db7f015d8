/// One input column inside a component, with its relative weight and transform.
public struct Signal: Hashable, Sendable {
  /// The snapshot column the signal reads.
  public var column: String
  /// Weight relative to the other signals of the same component (any positive scale).
  public var weight: Double
  /// How the raw value becomes a 0–100 sub-score.
  public var transform: Transform
  /// Overrides the model's global missing-value policy for this signal.
  public var missing: MissingPolicy?
  /// Whether the column's cells may be written as percentages (`45%` reads
  /// as 0.45), for exports that format one column that way.
  public var percent: Bool

  /// Creates a signal.
  public init(column: String, weight: Double = 1, transform: Transform, missing: MissingPolicy? = nil, percent: Bool = false) {
    self.column = column
    self.weight = weight
    self.transform = transform
    self.missing = missing
    self.percent = percent
  }
}
