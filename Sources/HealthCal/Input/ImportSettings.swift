import HealthCalFormats

/// How to read a user's export: which columns mean what, how its dates and
/// outcomes are written, and which columns the run reads at all.
///
/// Real exports are shaped for the warehouse, not for healthcal: `Account ID`
/// and `snapshot_date`, US dates, `Won`/`Lost`, text columns the model never
/// reads. These settings bring such a file in without a script. Only the
/// columns a run reads (``signalColumns`` and ``segmentColumn``) are parsed
/// strictly; every other column is the export's business and is skipped.
public struct ImportSettings: Hashable, Sendable {
  /// Snapshot columns by the name healthcal uses, valued by the header name
  /// in the file: `account_id`, `as_of`, `segment`, `arr`, or any signal
  /// column. `account_id` and `arr` also apply to the outcomes file.
  public var columns: [String: String]
  /// Outcome columns by the name healthcal uses (`account_id`, `outcome`,
  /// `date`, `arr`), valued by the header name; overrides ``columns``.
  public var outcomeColumns: [String: String]
  /// Extra words for each outcome, beside `churned` and `renewed`.
  public var outcomeValues: OutcomeValues
  /// How `as_of` and outcome dates are written.
  public var dateFormat: DateFormat
  /// Whether every signal cell may be a percentage (`45%` reads as 0.45).
  public var percent: Bool
  /// Signal columns whose cells may be percentages (from the model).
  public var percentColumns: Set<String>
  /// The text column results are broken down by and segment overrides key
  /// on; `nil` for none.
  public var segmentColumn: String?
  /// The most distinct values ``segmentColumn`` may have.
  public var maximumSegments: Int
  /// The signal columns to read, strictly; `nil` reads every column that is
  /// not reserved and holds only numbers and booleans, and leaves out the
  /// others (a tool that wants every usable column; see
  /// ``SnapshotTable/unreadColumns``).
  public var signalColumns: [String]?
  /// Signal columns holding text labels rather than numbers (the model's
  /// `category` signals): their cells are kept as labels.
  public var categoryColumns: Set<String>

  /// The default segment-count guard: a per-segment report is for a handful
  /// of tiers, regions or owners, and fifty groups is already a long table.
  public static let defaultMaximumSegments = 50

  /// The settings of a canonical export: healthcal's own column names, ISO
  /// dates, `churned`/`renewed`, and every signal column read.
  public init(
    columns: [String: String] = [:], outcomeColumns: [String: String] = [:], outcomeValues: OutcomeValues = OutcomeValues(),
    dateFormat: DateFormat = .iso, percent: Bool = false, percentColumns: Set<String> = [], segmentColumn: String? = "segment",
    maximumSegments: Int = ImportSettings.defaultMaximumSegments, signalColumns: [String]? = nil, categoryColumns: Set<String> = []
  ) {
    self.columns = columns
    self.outcomeColumns = outcomeColumns
    self.outcomeValues = outcomeValues
    self.dateFormat = dateFormat
    self.percent = percent
    self.percentColumns = percentColumns
    self.segmentColumn = segmentColumn
    self.maximumSegments = maximumSegments
    self.signalColumns = signalColumns
    self.categoryColumns = categoryColumns
  }

  /// These settings reading what `models` read: their signal columns, their
  /// `category` signals as labels and their percent signals as percentages.
  public func reading(_ models: [HealthModel]) -> ImportSettings {
    var settings = self
    var columns: [String] = []
    for model in models {
      for column in model.columns where !columns.contains(column) { columns.append(column) }
      settings.categoryColumns.formUnion(model.categoryColumns)
      settings.percentColumns.formUnion(model.percentColumns)
    }
    settings.signalColumns = columns
    return settings
  }

  /// These settings reading what `model` reads.
  public func reading(_ model: HealthModel) -> ImportSettings {
    reading([model])
  }

  /// The snapshots header name of a column healthcal knows as `name`.
  public func snapshotHeader(_ name: String) -> String {
    columns[name] ?? name
  }

  /// The outcomes header name of `name` (`account_id`, `outcome`, `date`, `arr`).
  public func outcomeHeader(_ name: String) -> String {
    outcomeColumns[name] ?? (["account_id", "arr"].contains(name) ? columns[name] : nil) ?? name
  }

  /// Whether a signal column's cells may be percentages.
  public func readsPercent(_ column: String) -> Bool {
    percent || percentColumns.contains(column)
  }
}

/// The words an outcomes file uses for churned and renewed accounts, beside
/// healthcal's own `churned` and `renewed`; compared ignoring letter case
/// and surrounding spaces.
public struct OutcomeValues: Hashable, Sendable {
  /// Words meaning churned, lowercased (`lost`, `cancelled`).
  public var churned: [String]
  /// Words meaning renewed, lowercased (`won`, `active`).
  public var renewed: [String]

  /// Creates a mapping; words are matched without regard to case.
  public init(churned: [String] = [], renewed: [String] = []) {
    self.churned = churned.map { $0.trimmingASCIISpaces().lowercased() }
    self.renewed = renewed.map { $0.trimmingASCIISpaces().lowercased() }
  }

  /// The outcome a cell names, or `nil` when it names none.
  public func kind(_ text: String) -> Outcome.Kind? {
    let word = text.trimmingASCIISpaces().lowercased()
    if let kind = Outcome.Kind(rawValue: word) { return kind }
    if churned.contains(word) { return .churned }
    if renewed.contains(word) { return .renewed }
    return nil
  }

  /// What a message says an outcome cell should hold.
  public var expectation: String {
    let churnedWords = ["churned"] + churned
    let renewedWords = ["renewed"] + renewed
    let words = (churnedWords + renewedWords).joined(separator: ", ")
    guard churned.isEmpty && renewed.isEmpty else { return "one of \(words) (map other words with --outcome-values)" }
    return "churned or renewed (map other words with --outcome-values churned=Lost,renewed=Won)"
  }
}
