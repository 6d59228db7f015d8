/// A growing byte buffer that formats CSV cells without going through `String`.
///
/// Interpolation allocates per cell and `Array.append` re-checks uniqueness
/// and capacity per byte; at millions of rows either dominates the cost of
/// writing. This buffer owns raw storage, checks capacity once per append
/// call, and writes ASCII digits straight into it. Numbers are printed with a
/// fixed number of decimals so the same value always prints the same bytes.
/// Noncopyable, so the storage has exactly one owner and is freed once.
package struct CSVByteBuffer: ~Copyable {
  private var base: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  /// The number of bytes written so far.
  package private(set) var count = 0

  /// Creates an empty buffer with room for `capacity` bytes before it grows.
  package init(capacity: Int) {
    self.capacity = max(capacity, 64)
    base = .allocate(capacity: self.capacity)
  }

  deinit {
    base.deallocate()
  }

  /// A copy of the bytes written so far.
  package var bytes: [UInt8] {
    Array(UnsafeBufferPointer(start: base, count: count))
  }

  /// Forgets the bytes written, keeping the storage.
  package mutating func removeAll() {
    count = 0
  }

  /// Makes room for `extra` more bytes, doubling the storage when needed.
  @inline(__always)
  private mutating func reserve(_ extra: Int) {
    if count + extra > capacity { grow(to: count + extra) }
  }

  private mutating func grow(to needed: Int) {
    let newCapacity = max(needed, capacity * 2)
    let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    newBase.update(from: base, count: count)
    base.deallocate()
    base = newBase
    capacity = newCapacity
  }

  /// Appends one byte.
  @inline(__always)
  package mutating func append(_ byte: UInt8) {
    reserve(1)
    base[count] = byte
    count += 1
  }

  /// Appends raw bytes.
  package mutating func append(_ source: UnsafeBufferPointer<UInt8>) {
    reserve(source.count)
    guard let start = source.baseAddress else { return }
    (base + count).update(from: start, count: source.count)
    count += source.count
  }

  /// Appends everything another buffer holds.
  package mutating func append(_ other: borrowing CSVByteBuffer) {
    append(UnsafeBufferPointer(start: other.base, count: other.count))
  }

  /// Appends text known to need no quoting (column names, fixed words).
  package mutating func append(_ text: String) {
    var text = text
    text.withUTF8 { append($0) }
  }

  /// Appends a text cell, quoted by RFC 4180 rules when it holds a comma,
  /// quote or line break, so an identifier edited by a caller still parses.
  package mutating func append(field text: String) {
    let needsQuotes = text.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
    guard needsQuotes else { return append(text) }
    append(0x22)
    for byte in text.utf8 {
      if byte == 0x22 { append(0x22) }
      append(byte)
    }
    append(0x22)
  }

  /// Appends a decimal integer, with a leading `-` when negative.
  package mutating func append(integer value: Int) {
    reserve(20)
    var magnitude = value.magnitude
    if value < 0 {
      base[count] = UInt8(ascii: "-")
      count += 1
    }
    var divisor: UInt = 1
    while divisor <= magnitude / 10 { divisor *= 10 }
    while divisor > 0 {
      base[count] = UInt8(truncatingIfNeeded: magnitude / divisor) &+ 48
      count += 1
      magnitude %= divisor
      divisor /= 10
    }
  }

  /// Appends a non-negative value stored in thousandths as `I.DDD`.
  package mutating func append(thousandths value: Int) {
    append(integer: value / 1000)
    append(UInt8(ascii: "."))
    appendDigits(value % 1000, width: 3)
  }

  /// Appends a non-negative value stored in tenths as `I.D`.
  package mutating func append(tenths value: Int) {
    append(integer: value / 10)
    append(UInt8(ascii: "."))
    append(UInt8(truncatingIfNeeded: value % 10) &+ 48)
  }

  /// Appends a date as `YYYY-MM-DD`; the year must be 1...9999.
  package mutating func append(date: CalendarDate) {
    let (year, month, day) = date.components
    appendDigits(year, width: 4)
    append(UInt8(ascii: "-"))
    appendDigits(month, width: 2)
    append(UInt8(ascii: "-"))
    appendDigits(day, width: 2)
  }

  /// Appends the low `width` decimal digits of a non-negative value, zero-padded.
  private mutating func appendDigits(_ value: Int, width: Int) {
    reserve(width)
    var divisor = 1
    for _ in 1..<width { divisor *= 10 }
    var rest = value
    while divisor > 0 {
      base[count] = UInt8(truncatingIfNeeded: (rest / divisor) % 10) &+ 48
      count += 1
      rest %= divisor
      divisor /= 10
    }
  }
}
