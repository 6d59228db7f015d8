/// A named group of signals with one weight in the health score
/// (product engagement, support health, relationship depth, …).
public struct Component: Hashable, Sendable {
  /// The component's name, unique within a model.
  public var name: String
  /// Weight on the 0–100 scale. Stored as given; scoring divides by the total
  /// of the components present, so weights need only have a positive sum.
  public var weight: Double
  /// The signals averaged (by their relative weights) into the component's sub-score.
  public var signals: [Signal]

  /// Creates a component.
  public init(name: String, weight: Double, signals: [Signal]) {
    self.name = name
    self.weight = weight
    self.signals = signals
  }
}
