import HealthCal
import HealthCalFormats

/// Per-account scores as a flat listing: the latest (or as-of) score of every
/// account, or every account with an outcome at each audit horizon.
///
/// This is what `healthcal score` prints, and what independent checks (the
/// numpy/scipy oracle) recompute the audit's metrics from, so it carries full
/// precision and the exact snapshot used.
public struct ScoreListing: Report {
  /// One scored account.
  public struct Entry: Sendable {
    /// The account id.
    public var accountID: String
    /// Days before the outcome, for horizon listings.
    public var horizon: Int?
    /// The snapshot date scored.
    public var asOf: CalendarDate
    /// The snapshot's segment, if any.
    public var segment: String?
    /// The outcome, for horizon listings of the renewal design.
    public var outcome: Outcome.Kind?
    /// The landmark date, for horizon listings of the landmark design.
    public var landmark: CalendarDate?
    /// Whether the observation is a case (the account churned h days
    /// later), for horizon listings of the landmark design.
    public var isCase: Bool?
    /// The score, band and contributions.
    public var scored: ScoredSnapshot
  }

  /// The component names, in model order (columns of the listing).
  public var components: [String]
  /// The entries, by account then horizon order.
  public var entries: [Entry]

  /// The latest snapshot of every account on or before `asOf` (any date when
  /// `nil`). Accounts with no such snapshot, or no usable signal, are left out.
  public init(scorer: Scorer, asOf: CalendarDate?) {
    let table = scorer.table
    components = scorer.model.components.map(\.name)
    entries = table.accountIDs.indices.compactMap { account in
      guard
        let row = table.latestRow(account: account, onOrBefore: asOf?.daysSinceEpoch ?? Int.max, notBefore: Int.min),
        let scored = scorer.score(row: row)
      else { return nil }
      return Entry(
        accountID: table.accountIDs[account], horizon: nil, asOf: table.date(ofRow: row),
        segment: table.segment(ofRow: row), outcome: nil, landmark: nil, isCase: nil, scored: scored)
    }
  }

  /// Every scored account of an audit at each of its horizons (every
  /// observation, with its landmark, in the landmark design).
  public init(audit: Audit, scorer: Scorer) {
    let table = scorer.table
    components = scorer.model.components.map(\.name)
    var entries: [Entry] = []
    for result in audit.horizons {
      for account in result.accounts {
        guard let scored = scorer.score(row: account.row) else { continue }
        let landmark = account.landmark.map(CalendarDate.init(daysSinceEpoch:))
        entries.append(Entry(
          accountID: table.accountIDs[account.account], horizon: result.horizon, asOf: table.date(ofRow: account.row),
          segment: account.segment, outcome: landmark == nil ? (account.isChurned ? .churned : .renewed) : nil,
          landmark: landmark, isCase: landmark == nil ? nil : account.isChurned, scored: scored))
      }
    }
    self.entries = entries
  }

  /// CSV with one row per entry and one `points_<component>` column per
  /// component; a landmark-design listing has `landmark` and `case` columns
  /// instead of `outcome`.
  package var csv: String {
    let hasHorizon = entries.contains { $0.horizon != nil }
    let hasLandmark = entries.contains { $0.landmark != nil }
    var header = ["account_id"] + (hasHorizon ? ["horizon_days"] : []) + (hasLandmark ? ["landmark"] : []) + ["as_of", "segment"]
    header += (hasHorizon ? [hasLandmark ? "case" : "outcome"] : []) + ["score", "band"] + components.map { "points_\($0)" }
    var writer = CSVWriter(header: header)
    for entry in entries {
      var fields = [entry.accountID] + (hasHorizon ? ["\(entry.horizon ?? 0)"] : [])
      fields += (hasLandmark ? [entry.landmark?.description ?? ""] : [])
      fields += [entry.asOf.description, entry.segment ?? ""]
      fields += (hasHorizon ? [hasLandmark ? (entry.isCase == true ? "true" : "false") : entry.outcome?.rawValue ?? ""] : [])
      fields += ["\(entry.scored.score)", entry.scored.band.rawValue] + entry.scored.contributions.map { "\($0.points)" }
      writer.append(fields)
    }
    return writer.text
  }

  /// JSON: `{"components": [...], "scores": [{account_id, horizon_days?, landmark?, as_of, segment, outcome?, case?, score, band, points: {...}}]}`.
  package var json: JSONValue {
    .object(JSONObject([
      ("components", .array(components.map(JSONValue.string))),
      ("scores", .array(entries.map { entry in
        var pairs: [(String, JSONValue)] = [("account_id", .string(entry.accountID))]
        if let horizon = entry.horizon { pairs.append(("horizon_days", .int(horizon))) }
        if let landmark = entry.landmark { pairs.append(("landmark", .string(landmark.description))) }
        pairs.append(("as_of", .string(entry.asOf.description)))
        pairs.append(("segment", entry.segment.map(JSONValue.string) ?? .null))
        if let outcome = entry.outcome { pairs.append(("outcome", .string(outcome.rawValue))) }
        if let isCase = entry.isCase { pairs.append(("case", .bool(isCase))) }
        pairs.append(("score", .number(entry.scored.score)))
        pairs.append(("band", .string(entry.scored.band.rawValue)))
        pairs.append(("points", .object(JSONObject(entry.scored.contributions.map { ($0.name, .number($0.points)) }))))
        return .object(JSONObject(pairs))
      })),
    ]))
  }
}

extension ScoreListing {
  public static let formats: [ReportFormat] = [.csv, .json]

  public func rendered(as format: ReportFormat) -> String {
    precondition(Self.formats.contains(format), "a score listing is CSV or JSON")
    return format == .json ? json.reportText : csv
  }
}
