import HealthCalFormats

/// A churned account that the score showed green at one or more horizons:
/// the intervention window that was lost.
public struct Miss: Equatable, Sendable {
  /// The account id.
  public var accountID: String
  /// The segment of its latest scored snapshot, if any.
  public var segment: String?
  /// Its ARR, if known.
  public var arr: Double?
  /// The churn date.
  public var churnDate: CalendarDate
  /// The account at every horizon where it was scored, in horizon order.
  public var horizons: [Horizon]

  /// The account as scored at one horizon.
  public struct Horizon: Equatable, Sendable {
    /// Days before churn.
    public var horizon: Int
    /// The snapshot date used.
    public var asOf: CalendarDate
    /// The score and its contributions.
    public var scored: ScoredSnapshot

    /// Creates an entry.
    public init(horizon: Int, asOf: CalendarDate, scored: ScoredSnapshot) {
      self.horizon = horizon
      self.asOf = asOf
      self.scored = scored
    }

    /// Components ordered by points contributed, largest first.
    public var topContributions: [ComponentContribution] {
      scored.contributions.sorted { ($0.points, $1.name) > ($1.points, $0.name) }
    }

    /// Components that lifted the score above a neutral account's, largest
    /// lift first (``ComponentContribution/pointsAboveNeutral`` > 0): what
    /// kept the account green, rather than what merely carries weight.
    public var lifts: [ComponentContribution] {
      scored.contributions.filter { $0.pointsAboveNeutral > 0 }
        .sorted { ($0.pointsAboveNeutral, $1.name) > ($1.pointsAboveNeutral, $0.name) }
    }
  }

  /// Creates a miss.
  public init(accountID: String, segment: String?, arr: Double?, churnDate: CalendarDate, horizons: [Horizon]) {
    self.accountID = accountID
    self.segment = segment
    self.arr = arr
    self.churnDate = churnDate
    self.horizons = horizons
  }

  /// The horizons at which it was green.
  public var greenHorizons: [Int] {
    horizons.filter { $0.scored.band == .green }.map(\.horizon)
  }
}
