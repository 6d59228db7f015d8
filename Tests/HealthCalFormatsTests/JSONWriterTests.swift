import Testing

@testable import HealthCal
@testable import HealthCalFormats

private let sample = JSONValue.object(
  JSONObject([
    ("schema", .number(1)),
    ("name", .string("chs-4")),
    ("weights", .array([.number(40), .number(20.5), .number(-0.0)])),
    ("empty", .array([])),
    ("nothing", .object(JSONObject([]))),
    ("components", .array([.object(JSONObject([("name", .string("a")), ("on", .bool(true)), ("x", .null)]))])),
  ]))

@Suite struct JSONWriterTests {
  @Test func prettyLayout() {
    #expect(
      sample.serialized(pretty: true) == """
        {
          "schema": 1,
          "name": "chs-4",
          "weights": [40, 20.5, 0],
          "empty": [],
          "nothing": {},
          "components": [
            {
              "name": "a",
              "on": true,
              "x": null
            }
          ]
        }
        """)
  }

  @Test func compactLayout() {
    #expect(
      sample.serialized(pretty: false)
        == #"{"schema":1,"name":"chs-4","weights":[40,20.5,0],"empty":[],"nothing":{},"components":[{"name":"a","on":true,"x":null}]}"#
    )
  }

  @Test(arguments: [
    (40.0, "40"), (-3, "-3"), (0.1, "0.1"), (1e-7, "1e-07"), (-0.0, "0"), (2.5, "2.5"), (999_999_999_999_999, "999999999999999"),
    (1e15, "1000000000000000.0"), (1e20, "1e+20"), (123456.789, "123456.789"), (.leastNonzeroMagnitude, "5e-324"),
    (.greatestFiniteMagnitude, "1.7976931348623157e+308"), (.nan, "null"), (.infinity, "null"),
  ])
  func numbers(_ value: Double, _ expected: String) {
    #expect(JSONValue.number(value).serialized(pretty: false) == expected)
  }

  @Test func stringEscaping() {
    #expect(
      JSONValue.string("q\"b\\n\nr\rt\tz\u{0}\u{1F}/é😀\u{7F}").serialized(pretty: false)
        == #""q\"b\\n\nr\rt\tz\u0000\u001f/é😀\#u{7F}""#)
  }

  @Test func keysAreEscapedAndKeptInOrder() {
    let value = JSONValue.object(JSONObject([("z\"", .number(1)), ("a", .number(2))]))
    #expect(value.serialized(pretty: false) == #"{"z\"":1,"a":2}"#)
  }

  @Test func roundTripsThroughTheParser() throws {
    for pretty in [true, false] {
      let text = sample.serialized(pretty: pretty)
      #expect(try JSONParser.parse(text, file: "m.json") == sample)
    }
  }

  @Test func randomValuesRoundTripExactly() throws {
    var gen = SeededGenerator(seed: 5)
    func randomValue(_ depth: Int) -> JSONValue {
      switch gen.nextInt(below: depth > 3 ? 4 : 6) {
      case 0: return .null
      case 1: return .bool(gen.nextInt(below: 2) == 0)
      case 2:
        let choices = [Double(bitPattern: gen.next()), gen.nextGaussian() * 1e6, Double(gen.nextInt(below: 1000)), gen.nextUnit()]
        let number = choices[gen.nextInt(below: choices.count)]
        return .number(number.isFinite ? number : 0)
      case 3:
        let alphabet = Array("aé\"\\\n\t\u{1}😀 ,{}[]")
        return .string(String((0..<gen.nextInt(below: 8)).map { _ in alphabet[gen.nextInt(below: alphabet.count)] }))
      case 4: return .array((0..<gen.nextInt(below: 4)).map { _ in randomValue(depth + 1) })
      default:
        let count = gen.nextInt(below: 4)
        return .object(JSONObject((0..<count).map { ("k\($0)", randomValue(depth + 1)) }))
      }
    }
    for _ in 0..<2000 {
      let value = randomValue(0)
      for pretty in [true, false] {
        let text = value.serialized(pretty: pretty)
        let reparsed = try JSONParser.parse(text, file: "r.json")
        #expect(reparsed == value, "\(text)")
        #expect(reparsed.serialized(pretty: pretty) == text)
      }
    }
  }
}
