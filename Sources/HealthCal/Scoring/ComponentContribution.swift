/// How much one component added to an account's health score.
///
/// `points` values add up to the score, so a report can say "relationship
/// depth contributed 22 of the 74 points that kept this account green".
public struct ComponentContribution: Hashable, Sendable {
  /// The component's name.
  public var name: String
  /// The component's 0–100 sub-score, `nil` when it had no usable signal.
  public var subScore: Double?
  /// The component's effective share of the score (its weight over the total
  /// weight of the components present), 0 when missing.
  public var share: Double
  /// Points contributed to the 0–100 score: `subScore × share`.
  public var points: Double

  /// Points above (or below, when negative) what a neutral sub-score of 50
  /// would have contributed: `(subScore − 50) × share`, 0 when missing.
  ///
  /// This is what lifted a score, as opposed to what a component contributes
  /// just by carrying weight: a 40% component at a neutral 50 contributes 20
  /// points and lifts nothing.
  public var pointsAboveNeutral: Double {
    subScore.map { ($0 - 50) * share } ?? 0
  }

  /// Creates a contribution.
  public init(name: String, subScore: Double?, share: Double, points: Double) {
    self.name = name
    self.subScore = subScore
    self.share = share
    self.points = points
  }
}
