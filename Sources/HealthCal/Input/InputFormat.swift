/// How a snapshots or outcomes file is encoded, decided once from its name.
///
/// Every loader asks this one type, so a new format is a new case here and
/// a reader of its rows, not a new extension check in each loader.
public enum InputFormat: Sendable {
  /// RFC 4180 CSV with a header row: the default, and what standard input
  /// (`-`) is read as.
  case csv
  /// One JSON object per line (`.jsonl` or `.ndjson`); keys name columns.
  case jsonLines

  /// The format of the file at `path`, by its extension (any letter case).
  public init(path: String) {
    let lower = path.lowercased()
    self = lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") ? .jsonLines : .csv
  }
}
