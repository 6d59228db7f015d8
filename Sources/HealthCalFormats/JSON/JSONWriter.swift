extension JSONValue {
  /// The value as JSON text, byte-for-byte the same for the same value.
  ///
  /// Reports and exported models are compared with `diff` and checked in as
  /// golden files, so the output depends on nothing but the value: keys are
  /// written in stored order, never re-sorted or hashed. Numbers with an
  /// integral value below 10^15 in magnitude print without a fraction (`40`,
  /// not `40.0`); others use Swift's shortest round-trip form (`0.1`,
  /// `1e-07`), so reading the text back gives the identical `Double`. `-0`
  /// prints as `0`. NaN and infinities, which JSON cannot express, print as
  /// `null`. Strings escape `"`, `\`, and control characters (`\n`, `\r`,
  /// `\t`, otherwise `\u00XX`); other characters are written as UTF-8.
  /// - Parameter pretty: two-space indentation with one member or element
  ///   per line (arrays holding only scalars stay on one line); otherwise no
  ///   whitespace at all. No trailing newline either way.
  public func serialized(pretty: Bool) -> String {
    var writer = JSONWriter(isPretty: pretty)
    writer.write(self, indent: 0)
    return String(decoding: writer.bytes, as: UTF8.self)
  }
}

/// Accumulates the UTF-8 bytes of one serialization.
package struct JSONWriter {
  package let isPretty: Bool
  private(set) var bytes: [UInt8] = []

  package init(isPretty: Bool) {
    self.isPretty = isPretty
  }

  package mutating func write(_ value: JSONValue, indent: Int) {
    switch value {
    case .null:
      append("null")
    case .bool(let flag):
      append(flag ? "true" : "false")
    case .number(let number):
      append(JSONWriter.text(for: number))
    case .string(let text):
      writeString(text)
    case .array(let items):
      writeArray(items, indent: indent)
    case .object(let object):
      writeObject(object, indent: indent)
    }
  }

  /// The JSON spelling of a number, as ``JSONValue/serialized(pretty:)``
  /// describes.
  package static func text(for number: Double) -> String {
    guard number.isFinite else { return "null" }
    if number.magnitude < 1e15, number == number.rounded(.towardZero) { return String(Int64(number)) }
    return number.description
  }

  private mutating func writeArray(_ items: [JSONValue], indent: Int) {
    guard !items.isEmpty else { return append("[]") }
    let isFlat = !isPretty || items.allSatisfy { item in
      switch item {
      case .array, .object: return false
      default: return true
      }
    }
    bytes.append(UInt8(ascii: "["))
    for (index, item) in items.enumerated() {
      if index > 0 { append(isFlat && isPretty ? ", " : ",") }
      if !isFlat { newline(indent + 1) }
      write(item, indent: indent + 1)
    }
    if !isFlat { newline(indent) }
    bytes.append(UInt8(ascii: "]"))
  }

  private mutating func writeObject(_ object: JSONObject, indent: Int) {
    guard !object.keys.isEmpty else { return append("{}") }
    bytes.append(UInt8(ascii: "{"))
    for (index, (key, value)) in zip(object.keys, object.values).enumerated() {
      if index > 0 { bytes.append(UInt8(ascii: ",")) }
      if isPretty { newline(indent + 1) }
      writeString(key)
      append(isPretty ? ": " : ":")
      write(value, indent: indent + 1)
    }
    if isPretty { newline(indent) }
    bytes.append(UInt8(ascii: "}"))
  }

  private mutating func newline(_ indent: Int) {
    bytes.append(0x0A)
    bytes.append(contentsOf: repeatElement(0x20, count: 2 * indent))
  }

  private mutating func append(_ text: String) {
    bytes.append(contentsOf: text.utf8)
  }

  private mutating func writeString(_ text: String) {
    bytes.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): append("\\\"")
      case UInt8(ascii: "\\"): append("\\\\")
      case 0x0A: append("\\n")
      case 0x0D: append("\\r")
      case 0x09: append("\\t")
      case 0x00..<0x20: append("\\u00" + ByteText.hex(byte).lowercased())
      default: bytes.append(byte)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }
}
