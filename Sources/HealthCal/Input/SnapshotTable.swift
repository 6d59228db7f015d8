import HealthCalFormats

/// Account snapshots in columnar form: one row per account per `as_of` date.
///
/// Rows are sorted by account (accounts in byte order of their ids) and then
/// by date, so an account's history is one contiguous range and "latest
/// snapshot on or before D" is a binary search. Signal values are stored
/// row-major in one `[Double]` with NaN meaning *missing*: input NaN and ∞ are
/// rejected at load time, so inside the table NaN can only mean an empty cell.
public struct SnapshotTable: Sendable {
  /// The file the rows came from, for error messages.
  public var file: String
  /// Signal columns in file order: the columns the run reads (see
  /// ``ImportSettings/signalColumns``).
  public var signalNames: [String]
  /// Every column of the file except the reserved ones, read or not: what
  /// a model could use, for messages.
  public var fileColumns: [String]
  /// Per signal column: its labels when it holds text (a `category` signal),
  /// whose positions are the column's values.
  package var categories: [CategoryLevels?]
  /// Columns left out because a cell is not a number or boolean, when every
  /// usable column was asked for: each with the problem its first such cell
  /// would be if a model read it.
  public var unreadColumns: [String: InputError] = [:]
  /// The column ``segments`` come from, `nil` when results are not broken down.
  public var segmentColumn: String?
  /// Account ids, sorted; an account's index is its position here.
  public var accountIDs: [String]
  /// The rows of each account, by account index.
  public var accountRows: [Range<Int>]
  /// Per row: account index.
  public var rowAccount: [Int32]
  /// Per row: `as_of` as days since 1970-01-01.
  public var rowDate: [Int32]
  /// Per row: the 1-based source line, for messages.
  public var rowLine: [Int32]
  /// Per row: index into ``segments``, or -1 when the row has none.
  public var rowSegment: [Int32]
  /// Distinct values of ``segmentColumn``, sorted.
  public var segments: [String]
  /// Per row: ARR, NaN when absent.
  public var rowARR: [Double]
  /// Row-major signal values, `rowCount × signalNames.count`, NaN = missing.
  public var values: [Double]
  /// Rows in the file: ``rowCount`` unless only the rows an evaluation reads
  /// were kept (see ``EvaluationData``), and what reports call the snapshot count.
  public var fileRowCount: Int
  /// Every distinct `as_of` in the file, ascending (days since 1970-01-01):
  /// the snapshot calendar the landmark design compares on, kept whole when
  /// only some rows are (see ``EvaluationData``).
  public var fileDates: [Int]

  private var accountLookup: [String: Int32]

  /// Creates a table from rows already sorted by (account, date).
  ///
  /// Used by the loader; exposed so tests and the synthetic generator can
  /// build tables without writing files.
  public init(
    file: String, signalNames: [String], accountIDs: [String], rowAccount: [Int32], rowDate: [Int32],
    rowLine: [Int32], rowSegment: [Int32], segments: [String], rowARR: [Double], values: [Double],
    fileRowCount: Int? = nil
  ) {
    self.file = file
    self.signalNames = signalNames
    fileColumns = signalNames
    categories = signalNames.map { _ in nil }
    segmentColumn = "segment"
    self.accountIDs = accountIDs
    self.rowAccount = rowAccount
    self.rowDate = rowDate
    self.rowLine = rowLine
    self.rowSegment = rowSegment
    self.segments = segments
    self.rowARR = rowARR
    self.values = values
    self.fileRowCount = fileRowCount ?? rowAccount.count
    fileDates = Set(rowDate).map(Int.init).sorted()
    var ranges = [Range<Int>](repeating: 0..<0, count: accountIDs.count)
    var start = 0
    while start < rowAccount.count {
      var end = start + 1
      while end < rowAccount.count, rowAccount[end] == rowAccount[start] { end += 1 }
      ranges[Int(rowAccount[start])] = start..<end
      start = end
    }
    accountRows = ranges
    accountLookup = Dictionary(uniqueKeysWithValues: accountIDs.enumerated().map { ($1, Int32($0)) })
  }

  /// The number of snapshot rows.
  public var rowCount: Int { rowAccount.count }

  /// The index of an account id, if the snapshots have it.
  public func accountIndex(of id: String) -> Int? {
    accountLookup[id].map(Int.init)
  }

  /// The column index of a signal, if present.
  public func signalIndex(of name: String) -> Int? {
    signalNames.firstIndex(of: name)
  }

  /// The date of a row.
  public func date(ofRow row: Int) -> CalendarDate {
    CalendarDate(daysSinceEpoch: Int(rowDate[row]))
  }

  /// The segment of a row, if it has one.
  public func segment(ofRow row: Int) -> String? {
    let index = rowSegment[row]
    return index < 0 ? nil : segments[Int(index)]
  }

  /// A signal value, `nil` when the cell was empty.
  public func value(row: Int, signal: Int) -> Double? {
    let value = values[row * signalNames.count + signal]
    return value.isNaN ? nil : value
  }

  /// The latest `as_of` in the file, the default end of observation.
  public var latestDate: CalendarDate? {
    rowDate.max().map { CalendarDate(daysSinceEpoch: Int($0)) }
  }

  /// The account's latest row dated on or before `date` and no earlier than
  /// `earliest`, or `nil` when there is none.
  ///
  /// This is the one rule behind horizons and trajectories, so both see the
  /// same snapshot for the same date.
  /// - Complexity: O(log k) for an account with k snapshots.
  public func latestRow(account: Int, onOrBefore date: Int, notBefore earliest: Int) -> Int? {
    let range = accountRows[account]
    var low = range.lowerBound
    var high = range.upperBound
    while low < high {
      let mid = (low + high) / 2
      if Int(rowDate[mid]) <= date { low = mid + 1 } else { high = mid }
    }
    let row = low - 1
    guard row >= range.lowerBound, Int(rowDate[row]) >= earliest else { return nil }
    return row
  }
}
