import HealthCalFormats

/// What an unused column holds, guessed from every cell, so `validate` can
/// show an analyst what else the export offers a model.
public struct ColumnProfile: Hashable, Sendable {
  /// The column's name after mapping.
  public var name: String
  /// Cells that were empty.
  public var empty = 0
  /// Cells that read as numbers (`0` and `1` included).
  public var numbers = 0
  /// Cells that read only as boolean words (`yes`, `false`).
  public var booleanWords = 0
  /// Cells that are `0` or `1`.
  public var zeroOrOne = 0
  /// Cells that read as dates in the run's date format.
  public var dates = 0
  /// Cells that are none of the above.
  public var texts = 0

  /// Creates an empty profile.
  public init(name: String) {
    self.name = name
  }

  /// The kinds of value a column can be guessed to hold.
  public enum Kind: String, Sendable {
    /// Numbers only (a model can read it with `linear` or `bands`).
    case numeric
    /// Yes/no words, perhaps with 0 and 1 (`boolean`).
    case boolean
    /// Dates (not a signal; perhaps a renewal or last-login date).
    case date
    /// Text, or a mix of kinds (a `category` signal or a `--segment-by` column).
    case text
    /// No value in any row.
    case empty
  }

  /// The guess: text when any cell is text or kinds are mixed, else the one
  /// kind its cells share (`0`/`1` with yes/no words is boolean).
  public var kind: Kind {
    let filled = numbers + booleanWords + dates + texts
    if filled == 0 { return .empty }
    if texts > 0 || (dates > 0 && dates < filled) { return .text }
    if dates == filled { return .date }
    if booleanWords > 0 { return numbers == zeroOrOne ? .boolean : .text }
    return .numeric
  }

  /// Counts one cell.
  mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, dateFormat: DateFormat) {
    if Cell.isMissing(bytes) {
      empty += 1
    } else if let number = Cell.number(bytes) {
      numbers += 1
      if number == 0 || number == 1 { zeroOrOne += 1 }
    } else if Cell.boolean(bytes) != nil {
      booleanWords += 1
    } else if dateFormat.date(bytes) != nil || DateFormat.iso.date(bytes) != nil || DateFormat.timestamp.date(bytes) != nil {
      dates += 1
    } else {
      texts += 1
    }
  }

  /// Adds another profile's counts (of the same column).
  mutating func merge(_ other: ColumnProfile) {
    empty += other.empty
    numbers += other.numbers
    booleanWords += other.booleanWords
    zeroOrOne += other.zeroOrOne
    dates += other.dates
    texts += other.texts
  }
}
