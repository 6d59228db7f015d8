import HealthCal
import Testing

@testable import HealthCalFormats
@testable import HealthCalArguments

/// Defaults and the typed readers of parsed values.
@Suite struct ParsedArgumentsTests {
  let audit = CLISampleCommands.audit

  private func parse(_ arguments: String...) throws -> ParsedArguments {
    try ArgumentParser.parse(arguments, for: audit)
  }

  @Test func valueDefaultFillsAnAbsentOption() throws {
    let parsed = try parse()
    #expect(parsed.string("horizons") == "90,60,30")
    #expect(try parsed.intList("horizons") == [90, 60, 30])
    #expect(!parsed.isSpecified("horizons"))
  }

  @Test func givenValueOverridesTheDefault() throws {
    let parsed = try parse("--horizons", "30")
    #expect(try parsed.intList("horizons") == [30])
    #expect(parsed.isSpecified("horizons"))
  }

  @Test func computedDefaultIsNotAValue() throws {
    let parsed = try parse()
    #expect(parsed.string("observed-until") == nil)
    #expect(try parsed.date("observed-until") == nil)
  }

  @Test func absentOptionWithoutDefaultIsNil() throws {
    let parsed = try parse()
    #expect(parsed.string("snapshots") == nil)
    #expect(try parsed.double("alert-budget") == nil)
    #expect(!parsed.isSpecified("snapshots"))
    #expect(!parsed.isSpecified("quiet"))
  }

  @Test func isSpecifiedForAFlag() throws {
    #expect(try parse("--quiet").isSpecified("quiet"))
  }

  @Test func intAcceptsSignedIntegers() throws {
    #expect(try parse("--seed", "7").int("seed") == 7)
    #expect(try parse("--seed=-7").int("seed") == -7)
    #expect(try parse().int("seed") == 42)
  }

  @Test func intRejectsNonIntegers() throws {
    for text in ["1.5", "abc", " 7", "7 ", "99999999999999999999"] {
      #expect(throws: UsageError.invalidValue(option: "seed", value: text, expected: "an integer"))
      {
        try parse("--seed", text).int("seed")
      }
    }
  }

  @Test func intRange() throws {
    #expect(try parse("--seed", "5").int("seed", in: 1...5) == 5)
    #expect(
      throws: UsageError.invalidValue(
        option: "seed", value: "0", expected: "an integer from 1 to 5")
    ) {
      try parse("--seed", "0").int("seed", in: 1...5)
    }
  }

  @Test func doubleAcceptsFiniteNumbers() throws {
    #expect(try parse("--alert-budget", "0.15").double("alert-budget") == 0.15)
    #expect(try parse("--alert-budget", "-2e3").double("alert-budget") == -2000)
  }

  @Test func doubleRejectsNonFiniteAndText() throws {
    for text in ["nan", "inf", "-inf", "1e999", "15%", "abc"] {
      #expect(
        throws: UsageError.invalidValue(option: "alert-budget", value: text, expected: "a number")
      ) {
        try parse("--alert-budget", text).double("alert-budget")
      }
    }
  }

  @Test func doubleRange() throws {
    #expect(try parse("--alert-budget", "1").double("alert-budget", in: 0...1) == 1)
    #expect(
      throws: UsageError.invalidValue(
        option: "alert-budget", value: "1.5", expected: "a number from 0 to 1")
    ) {
      try parse("--alert-budget", "1.5").double("alert-budget", in: 0...1)
    }
    #expect(
      throws: UsageError.invalidValue(
        option: "alert-budget", value: "1", expected: "a number from 0.05 to 0.5")
    ) {
      try parse("--alert-budget", "1").double("alert-budget", in: 0.05...0.5)
    }
  }

  @Test func dateIsStrictISO() throws {
    #expect(
      try parse("--observed-until", "2025-03-31").date("observed-until")
        == CalendarDate(year: 2025, month: 3, day: 31))
    for text in ["2025-02-30", "2025-2-3", "2025/02/03", "yesterday"] {
      #expect(
        throws: UsageError.invalidValue(
          option: "observed-until", value: text, expected: "a date YYYY-MM-DD")
      ) {
        try parse("--observed-until", text).date("observed-until")
      }
    }
  }

  @Test func intListKeepsOrderAndAllowsSpaces() throws {
    #expect(try parse("--horizons", "30,90,60").intList("horizons") == [30, 90, 60])
    #expect(try parse("--horizons", " 90, 60 ,30").intList("horizons") == [90, 60, 30])
    #expect(try parse("--horizons", "-1").intList("horizons") == [-1])
  }

  @Test func intListRejectsEmptyItemsAndNonIntegers() throws {
    let expected = "a comma-separated list of integers"
    for text in ["90,,30", "90,60,", ",90", " ", "90,sixty", "90;60", "1.5"] {
      #expect(throws: UsageError.invalidValue(option: "horizons", value: text, expected: expected))
      {
        try parse("--horizons", text).intList("horizons")
      }
    }
  }

  @Test func intListRange() throws {
    #expect(
      throws: UsageError.invalidValue(
        option: "horizons", value: "90,0",
        expected: "a comma-separated list of integers from 1 to 3650")
    ) {
      try parse("--horizons", "90,0").intList("horizons", in: 1...3650)
    }
  }

  @Test func choiceAmongStrings() throws {
    let formats = ["table", "json", "csv", "markdown"]
    #expect(try parse().choice("format", among: formats) == "table")
    #expect(try parse("--format", "csv").choice("format", among: formats) == "csv")
    #expect(
      throws: UsageError.invalidValue(
        option: "format", value: "JSON", expected: "one of table, json, csv, markdown")
    ) {
      try parse("--format", "JSON").choice("format", among: formats)
    }
  }

  /// A string-backed enumeration for the generic `choice`.
  enum Format: String, CaseIterable {
    case table, json, csv
  }

  @Test func choiceAmongEnumCases() throws {
    #expect(try parse("--format=json").choice("format", among: Format.self) == .json)
    #expect(try parse().choice("format", among: Format.self) == .table)
    #expect(
      throws: UsageError.invalidValue(
        option: "format", value: "xml", expected: "one of table, json, csv")
    ) {
      try parse("--format", "xml").choice("format", among: Format.self)
    }
  }

  @Test func invalidDefaultIsReportedLikeAGivenValue() throws {
    let command = CommandSpec(
      name: "c", abstract: "A.",
      options: [OptionSpec("n", valueName: "N", help: "N.", default: "many")])
    #expect(throws: UsageError.invalidValue(option: "n", value: "many", expected: "an integer")) {
      try ArgumentParser.parse([], for: command).int("n")
    }
  }
}
