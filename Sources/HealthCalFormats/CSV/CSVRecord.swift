/// One parsed CSV record, handed to the callback of
/// ``CSVReader/forEachRecord(_:)``.
///
/// Field bytes are views into the reader's buffer and are valid only during
/// the callback: copy what you keep (`Array(record.field(i))` or
/// `record.string(i)`). Nothing is allocated per field until you ask for a
/// `String`, which is what lets the reader stream millions of rows a second.
///
/// Public, with an `@inlinable` ``field(_:)``, only so that the loaders in
/// another module inline the per-cell access: Swift 6.3 does not inline a
/// `package` function across modules, and a call per cell cost a tenth of a
/// large read. Records come only from the package's own reader.
public struct CSVRecord {
  /// The 1-based physical line on which the record starts (the header is
  /// line 1). Newlines embedded in earlier quoted fields are counted, so the
  /// number matches what an editor shows.
  public var line: Int
  /// The number of fields. A trailing comma makes a final empty field.
  public var count: Int

  @usableFromInline package let base: UnsafePointer<UInt8>
  /// `bounds[2 * i]` and `bounds[2 * i + 1]` are field `i`'s start and end
  /// offsets from `base`, after quotes are removed and `""` unescaped.
  @usableFromInline package let bounds: UnsafePointer<Int>

  package init(line: Int, count: Int, base: UnsafePointer<UInt8>, bounds: UnsafePointer<Int>) {
    self.line = line
    self.count = count
    self.base = base
    self.bounds = bounds
  }

  /// The field's bytes with surrounding quotes removed and `""` turned into
  /// `"`; no other processing (spaces are kept, bytes are not validated).
  /// - Precondition: `0 <= index < count`.
  @inlinable @inline(__always)
  public func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
    precondition(index >= 0 && index < count, "CSV field index out of range")
    let start = bounds[2 * index]
    return UnsafeBufferPointer(start: base + start, count: bounds[2 * index + 1] - start)
  }

  /// The field decoded as UTF-8.
  ///
  /// Valid UTF-8 round-trips exactly. Invalid bytes become U+FFFD instead of
  /// trapping, so an error message can still quote the cell; check
  /// ``isValidUTF8(_:)`` first where invalid text must be rejected.
  package func string(_ index: Int) -> String {
    String(decoding: field(index), as: UTF8.self)
  }

  /// Whether the field is well-formed UTF-8, so loaders can reject a file
  /// exported in Latin-1 with a clear error rather than storing
  /// replacement characters in account ids.
  package func isValidUTF8(_ index: Int) -> Bool {
    let bytes = field(index)
    var isASCII = true
    for byte in bytes where byte >= 0x80 {
      isASCII = false
      break
    }
    return isASCII || String(validating: bytes, as: UTF8.self) != nil
  }
}
