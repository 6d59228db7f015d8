/// One snapshot's health score, band, and the contributions behind it.
public struct ScoredSnapshot: Hashable, Sendable {
  /// The snapshot row in the table.
  public var row: Int
  /// The 0–100 health score.
  public var score: Double
  /// The band the score falls in, after segment overrides.
  public var band: Band
  /// Per-component contributions, in model order; their points sum to `score`.
  public var contributions: [ComponentContribution]

  /// Creates a scored snapshot.
  public init(row: Int, score: Double, band: Band, contributions: [ComponentContribution]) {
    self.row = row
    self.score = score
    self.band = band
    self.contributions = contributions
  }
}
