/// Typed parsing of one field's bytes: missing, number or boolean.
///
/// Works on raw bytes so a loader can classify millions of cells without
/// building a `String` for each, and is strict so that a value the user did
/// not mean as a number (`1,234`, `0x1F`, `nan`) is reported instead of being
/// read as something else.
///
/// Public and `@inlinable` so that the loaders in another module inline the
/// per-cell checks: Swift 6.3 does not inline a `package` function across
/// modules, and a call per cell cost a tenth of a large read.
public enum Cell {
  /// Whether a cell is empty or holds only ASCII spaces and tabs, which the
  /// contract treats as a missing value rather than an unparseable one.
  @inlinable
  public static func isMissing(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    for byte in bytes where byte != 0x20 && byte != 0x09 { return false }
    return true
  }

  /// Reads a finite decimal number: optional sign, digits, optional fraction,
  /// optional exponent (`-12`, `.5`, `5.`, `1.5e-3`), with surrounding ASCII
  /// spaces and tabs ignored.
  ///
  /// Rejects `nan`, `inf`, hexadecimal, thousands separators, and values that
  /// overflow to infinity, because each of those would otherwise reach a
  /// score as a silently wrong number. Values too small for a `Double` round
  /// to zero as in every decimal reader. The result is bit-for-bit the
  /// `Double(String)` value (correctly rounded): the common case takes
  /// Clinger's exact fast path (a mantissa below 2^53 times or divided by an
  /// exactly representable power of ten is one correctly rounded operation)
  /// and anything else is handed to the standard library's parser.
  /// - Returns: the value, or nil if the text is not such a number.
  @inlinable
  public static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    guard let base = bytes.baseAddress else { return nil }
    var start = 0
    var end = bytes.count
    while start < end, base[start] == 0x20 || base[start] == 0x09 { start += 1 }
    while end > start, base[end - 1] == 0x20 || base[end - 1] == 0x09 { end -= 1 }
    return decimal(UnsafeBufferPointer(start: base + start, count: end - start))
  }

  /// Reads a percentage such as `45%` or `12.5 %` as a fraction (0.45,
  /// 0.125), correctly rounded: the decimal exponent is shifted, never
  /// divided by 100, so `45%` is exactly the `Double` that `0.45` is.
  @inlinable
  public static func percent(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    guard let base = bytes.baseAddress else { return nil }
    var start = 0
    var end = bytes.count
    while start < end, base[start] == 0x20 || base[start] == 0x09 { start += 1 }
    while end > start, base[end - 1] == 0x20 || base[end - 1] == 0x09 { end -= 1 }
    guard end > start, base[end - 1] == 0x25 else { return nil }
    end -= 1
    while end > start, base[end - 1] == 0x20 { end -= 1 }
    return decimal(UnsafeBufferPointer(start: base + start, count: end - start), exponentShift: -2)
  }

  /// A signal cell's value: a number, a boolean as 1 or 0, or with
  /// `percent` a percentage as a fraction; `nil` when it is none of them.
  @inlinable
  public static func signal(_ bytes: UnsafeBufferPointer<UInt8>, percent allowsPercent: Bool) -> Double? {
    if let number = number(bytes) { return number }
    if let flag = boolean(bytes) { return flag ? 1 : 0 }
    return allowsPercent ? percent(bytes) : nil
  }

  /// What a signal cell should be, as messages say it.
  package static let expectedSignal = "a finite number, a boolean (true/false/1/0/yes/no) or an empty cell"

  /// What a message says a signal cell should be, with the fix for the
  /// shapes exports commonly produce (`45%`, `1,234`).
  package static func signalExpectation(for bytes: UnsafeBufferPointer<UInt8>, percent allowsPercent: Bool) -> String {
    let base = expectedSignal
    if !allowsPercent, percent(bytes) != nil {
      return base + " (for percentages such as \"45%\", pass --percent or set \"percent\": true on the model's signal)"
    }
    let withoutCommas = bytes.filter { $0 != 0x2C }
    if withoutCommas.count < bytes.count, withoutCommas.withUnsafeBufferPointer({ number($0) }) != nil {
      return base + " (thousands separators are not read: export numbers without them, such as 1234.5)"
    }
    return base
  }

  /// Reads `true/false/yes/no/1/0` in any letter case, with surrounding ASCII
  /// spaces and tabs ignored; anything else is nil rather than false, so a
  /// typo is reported instead of counted as "no".
  @inlinable
  public static func boolean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
    var start = 0
    var end = bytes.count
    while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
    while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
    let count = end - start
    guard count >= 1, count <= 5 else { return nil }
    var word: UInt64 = 0
    for index in start..<end {
      var byte = bytes[index]
      if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
      word = word << 8 | UInt64(byte)
    }
    switch word {
    case packed("true"), packed("yes"), packed("1"): return true
    case packed("false"), packed("no"), packed("0"): return false
    default: return nil
    }
  }

  @inlinable
  static func packed(_ text: StaticString) -> UInt64 {
    var word: UInt64 = 0
    for index in 0..<text.utf8CodeUnitCount { word = word << 8 | UInt64(text.utf8Start[index]) }
    return word
  }

  /// Parses an untrimmed decimal: `[+-]? digits [. digits] [(e|E) [+-]? digits]`
  /// with at least one mantissa digit, exactly as ``number(_:)`` describes.
  /// Shared with ``JSONParser``, which checks the stricter JSON grammar first.
  /// - Parameter exponentShift: a power of ten to multiply by exactly, as if
  ///   it were written in the exponent (`-2` reads a percentage).
  @usableFromInline package static func decimal(_ bytes: UnsafeBufferPointer<UInt8>, exponentShift: Int = 0) -> Double? {
    let n = bytes.count
    var i = 0
    var isNegative = false
    if i < n, bytes[i] == 0x2B || bytes[i] == 0x2D {
      isNegative = bytes[i] == 0x2D
      i += 1
    }
    var mantissa: UInt64 = 0
    var digitCount = 0
    var isInexact = false
    var exponent = 0
    var sawDigit = false
    while i < n {
      let digit = bytes[i] &- 0x30
      guard digit < 10 else { break }
      sawDigit = true
      i += 1
      if mantissa == 0 && digit == 0 { continue }
      if digitCount < 19 {
        mantissa = mantissa * 10 + UInt64(digit)
        digitCount += 1
      } else {
        exponent += 1
        if digit != 0 { isInexact = true }
      }
    }
    if i < n, bytes[i] == 0x2E {
      i += 1
      while i < n {
        let digit = bytes[i] &- 0x30
        guard digit < 10 else { break }
        sawDigit = true
        if mantissa == 0 && digit == 0 {
          exponent -= 1
        } else if digitCount < 19 {
          mantissa = mantissa * 10 + UInt64(digit)
          digitCount += 1
          exponent -= 1
        } else if digit != 0 {
          isInexact = true
        }
        i += 1
      }
    }
    guard sawDigit else { return nil }
    if i < n, bytes[i] == 0x65 || bytes[i] == 0x45 {
      i += 1
      var isNegativeExponent = false
      if i < n, bytes[i] == 0x2B || bytes[i] == 0x2D {
        isNegativeExponent = bytes[i] == 0x2D
        i += 1
      }
      var written = 0
      var sawExponentDigit = false
      while i < n {
        let digit = bytes[i] &- 0x30
        guard digit < 10 else { break }
        sawExponentDigit = true
        if written < 100_000 { written = written * 10 + Int(digit) }
        i += 1
      }
      guard sawExponentDigit else { return nil }
      exponent += isNegativeExponent ? -written : written
    }
    guard i == n else { return nil }
    exponent += exponentShift
    if mantissa == 0 { return isNegative ? -0.0 : 0.0 }
    if !isInexact, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
      let scale = exactPowersOfTen[exponent < 0 ? -exponent : exponent]
      let value = exponent < 0 ? Double(mantissa) / scale : Double(mantissa) * scale
      return isNegative ? -value : value
    }
    var text = String(decoding: bytes, as: UTF8.self)
    if exponentShift != 0 {
      // The shift joins a written exponent, so the text stays one decimal
      // the standard library rounds once.
      let parts = text.split(whereSeparator: { $0 == "e" || $0 == "E" }).map(String.init)
      guard let written = parts.count == 2 ? Int(parts[1]) : 0 else { return nil }
      text = parts[0] + "e\(written + exponentShift)"
    }
    guard let value = Double(text), value.isFinite else { return nil }
    return value
  }

  /// 10^0 through 10^22, the powers of ten a `Double` holds exactly.
  @usableFromInline
  static let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  ]
}
