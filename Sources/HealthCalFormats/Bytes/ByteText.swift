/// Names the character at a position in raw input for "found …" error
/// messages.
///
/// Printing a raw byte into a message can emit a control character or half of
/// a UTF-8 sequence into the user's terminal; this spells such bytes out
/// instead (`a tab`, `byte 0xFF`) and quotes everything else.
package enum ByteText {
  /// Describes the character starting at `bytes[index]`, or "end of input"
  /// when `index` is past the end.
  package static func describe(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> String {
    guard index < bytes.count else { return "end of input" }
    let byte = bytes[index]
    switch byte {
    case 0x0A: return "a line feed"
    case 0x0D: return "a carriage return"
    case 0x09: return "a tab"
    case 0x20: return "a space"
    case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
    case 0x80...:
      var iterator = bytes[index..<min(index + 4, bytes.count)].makeIterator()
      var decoder = UTF8()
      if case .scalarValue(let scalar) = decoder.decode(&iterator) { return "'\(Character(scalar))'" }
      return "byte 0x\(hex(byte))"
    default:
      return "control character 0x\(hex(byte))"
    }
  }

  /// Two uppercase hex digits.
  package static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return "\(digits[Int(byte >> 4)])\(digits[Int(byte & 0xF)])"
  }
}
