import Testing

@testable import HealthCal
@testable import HealthCalFormats

private func number(_ text: String) -> Double? {
  var copy = text
  return copy.withUTF8 { Cell.number($0) }
}

private func boolean(_ text: String) -> Bool? {
  var copy = text
  return copy.withUTF8 { Cell.boolean($0) }
}

private func isMissing(_ text: String) -> Bool {
  var copy = text
  return copy.withUTF8 { Cell.isMissing($0) }
}

/// Whether `Cell.number` gives exactly the bits of `Double(String)`, and
/// refuses exactly where `Double(String)` overflows.
private func agreesWithStandardLibrary(_ text: String) -> Bool {
  guard let reference = Double(text) else { return false }
  guard reference.isFinite else { return number(text) == nil }
  return number(text)?.bitPattern == reference.bitPattern
}

/// A random decimal string in the accepted grammar, biased towards the
/// boundaries of the fast path (19 and 2^53 mantissas, exponents near ±22).
private func randomDecimal(_ gen: inout SeededGenerator) -> String {
  func digits(_ count: Int) -> String {
    String((0..<count).map { _ in Character(String(gen.nextInt(below: 10))) })
  }
  var text = ["", "-", "+"][gen.nextInt(below: 3)]
  let integerDigits = [0, 1, 2, 5, 15, 16, 17, 19, 20, 25][gen.nextInt(below: 10)]
  let fractionDigits = [0, 1, 3, 8, 16, 22, 30][gen.nextInt(below: 7)]
  text += digits(integerDigits)
  if fractionDigits > 0 || gen.nextInt(below: 4) == 0 { text += "." + digits(fractionDigits) }
  if integerDigits + fractionDigits == 0 { text += digits(1 + gen.nextInt(below: 3)) }
  if gen.nextInt(below: 2) == 0 {
    text += ["e", "E"][gen.nextInt(below: 2)] + ["", "+", "-"][gen.nextInt(below: 3)]
    text += String([gen.nextInt(below: 25), gen.nextInt(below: 330), gen.nextInt(below: 400)][gen.nextInt(below: 3)])
  }
  return text
}

@Suite struct CellTests {
  @Test func edgeCases() {
    #expect(number("1e400") == nil)
    #expect(number("-1e400") == nil)
    #expect(number("-0")?.bitPattern == (-0.0).bitPattern)
    #expect(number("0")?.bitPattern == (0.0).bitPattern)
    #expect(number(".5") == 0.5)
    #expect(number("5.") == 5)
    #expect(number("1e-320") == Double("1e-320"))
    #expect(number("1e-320")! > 0)
    #expect(number("  3 ") == 3)
    #expect(number("\t-2.5\t") == -2.5)
    #expect(number("+7") == 7)
    #expect(number("1E3") == 1000)
    #expect(number("007") == 7)
    #expect(number("0e99999") == 0)
    #expect(number("1e-400") == 0)
    #expect(number("1.7976931348623157e308") == .greatestFiniteMagnitude)
    #expect(number("4.9406564584124654e-324") == .leastNonzeroMagnitude)
    #expect(number("9007199254740993") == 9007199254740992)
    #expect(number("0.1") == 0.1)
    #expect(number("123456789012345678901234567890") == 1.2345678901234568e29)
  }

  @Test(arguments: [
    "", " ", ".", "-", "+", "e5", ".e5", "1e", "1e+", "1e-", "nan", "NaN", "inf", "-inf", "Infinity", "0x10", "0x1p3",
    "1,000", "1 000", "1_000", "--1", "+-1", "1.2.3", "1e5.5", "1e5e5", "١", "½", "1\u{0}", "1d", "1f", "$5", "5%",
    "\u{A0}5",
  ])
  func rejections(_ text: String) {
    #expect(number(text) == nil)
  }

  @Test func exactFastPathBoundaries() {
    for text in [
      "9007199254740992", "9007199254740992e22", "9007199254740992e-22", "1e22", "1e23", "1e-22", "1e-23",
      "1234567890123456789", "12345678901234567890", "0.0000000000000000000000001", "8.5e-15", "2.2250738585072011e-308",
      "2.2250738585072014e-308", "1.00000000000000011102230246251565404236316680908203125",
      "1.00000000000000011102230246251565404236316680908203124", "7.2057594037927933e16",
    ] {
      #expect(agreesWithStandardLibrary(text), "\(text)")
    }
  }

  @Test func randomDecimalsMatchDoubleInit() {
    var gen = SeededGenerator(seed: 2024)
    var checked = 0
    for _ in 0..<100_000 {
      let text = randomDecimal(&gen)
      if Double(text) == nil { continue }
      checked += 1
      if !agreesWithStandardLibrary(text) {
        Issue.record("Cell.number(\(text)) = \(String(describing: number(text))), Double = \(Double(text)!)")
        return
      }
    }
    #expect(checked > 90_000)
  }

  @Test func randomDoublesRoundTrip() {
    var gen = SeededGenerator(seed: 99)
    for _ in 0..<50_000 {
      let value = Double(bitPattern: gen.next())
      guard value.isFinite else { continue }
      #expect(number(value.description) == value)
    }
  }

  @Test func booleans() {
    for text in ["true", "TRUE", "True", "yes", "YES", "1", " true ", "\tYes"] { #expect(boolean(text) == true, "\(text)") }
    for text in ["false", "FALSE", "no", "No", "0", " 0 "] { #expect(boolean(text) == false, "\(text)") }
    for text in ["", " ", "t", "f", "y", "n", "2", "01", "truee", "on", "off", "nope", "-1", "1.0", "ja"] {
      #expect(boolean(text) == nil, "\(text)")
    }
  }

  @Test func missing() {
    #expect(isMissing(""))
    #expect(isMissing("   "))
    #expect(isMissing(" \t "))
    #expect(!isMissing("0"))
    #expect(!isMissing(" x "))
    #expect(!isMissing("\u{A0}"))
  }
}
