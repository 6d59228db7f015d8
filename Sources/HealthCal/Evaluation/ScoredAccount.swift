/// One account with an outcome, scored at one horizon: in the landmark
/// design, one of possibly several observations of the account, each at its
/// own landmark date.
public struct ScoredAccount: Hashable, Sendable {
  /// The account's index in the snapshot table.
  public var account: Int
  /// The snapshot row that was scored.
  public var row: Int
  /// The 0–100 health score.
  public var score: Double
  /// The band of the score (after segment overrides).
  public var band: Band
  /// Whether the account churned.
  public var isChurned: Bool
  /// The account's ARR (outcomes file first, then the snapshot), if known.
  public var arr: Double?
  /// The segment of the scored snapshot, if any.
  public var segment: String?
  /// The landmark day (days since 1970-01-01) this observation is compared
  /// at in the landmark design; `nil` in the renewal design.
  public var landmark: Int?

  /// Creates a scored account.
  public init(account: Int, row: Int, score: Double, band: Band, isChurned: Bool, arr: Double?, segment: String?, landmark: Int? = nil) {
    self.account = account
    self.row = row
    self.score = score
    self.band = band
    self.isChurned = isChurned
    self.arr = arr
    self.segment = segment
    self.landmark = landmark
  }
}
