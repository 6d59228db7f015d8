/// One account with an outcome, scored at one horizon: in the landmark
/// design, one of possibly several observations of the account, each at its
/// own landmark date.
public struct ScoredAccount: Hashable, Sendable {
  // Stored in 56 bytes (was 80): the landmark design holds one per account
  // and landmark, 13 million per horizon for a million accounts.
  /// The 0–100 health score.
  public var score: Double
  /// The account's ARR (outcomes file first, then the snapshot), if known.
  public var arr: Double?
  /// The segment of the scored snapshot, if any.
  public var segment: String?
  private var storedAccount: Int32
  private var storedRow: Int32
  private var storedLandmark: Int32
  /// The band of the score (after segment overrides).
  public var band: Band
  /// Whether the account churned (in the landmark design: whether this
  /// observation is a case, the account churning h days later).
  public var isChurned: Bool

  /// The account's index in the snapshot table.
  public var account: Int {
    get { Int(storedAccount) }
    set { storedAccount = Int32(newValue) }
  }
  /// The snapshot row that was scored.
  public var row: Int {
    get { Int(storedRow) }
    set { storedRow = Int32(newValue) }
  }
  /// The landmark day (days since 1970-01-01) this observation is compared
  /// at in the landmark design; `nil` in the renewal design.
  public var landmark: Int? {
    get { storedLandmark == .min ? nil : Int(storedLandmark) }
    set { storedLandmark = newValue.map(Int32.init) ?? .min }
  }

  /// Creates a scored account.
  /// - Precondition: `account`, `row` and `landmark` fit in 32 bits (a
  ///   table holds fewer than 2³¹ rows).
  public init(account: Int, row: Int, score: Double, band: Band, isChurned: Bool, arr: Double?, segment: String?, landmark: Int? = nil) {
    self.score = score
    self.arr = arr
    self.segment = segment
    storedAccount = Int32(account)
    storedRow = Int32(row)
    storedLandmark = landmark.map(Int32.init) ?? .min
    self.band = band
    self.isChurned = isChurned
  }
}
