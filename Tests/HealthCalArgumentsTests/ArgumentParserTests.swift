import Testing

@testable import HealthCalArguments

/// The accepted argument forms and the errors for everything else.
@Suite struct ArgumentParserTests {
  let audit = CLISampleCommands.audit
  let export = CLISampleCommands.export

  @Test func spaceSeparatedValue() throws {
    let parsed = try ArgumentParser.parse(["--snapshots", "s.csv"], for: audit)
    #expect(parsed.string("snapshots") == "s.csv")
    #expect(parsed.isSpecified("snapshots"))
  }

  @Test func equalsSeparatedValue() throws {
    let parsed = try ArgumentParser.parse(["--snapshots=s.csv"], for: audit)
    #expect(parsed.string("snapshots") == "s.csv")
  }

  @Test func equalsSplitsAtTheFirstEqualsSign() throws {
    let parsed = try ArgumentParser.parse(["--outcomes=a=b.csv"], for: audit)
    #expect(parsed.string("outcomes") == "a=b.csv")
  }

  @Test func flagPresentAndAbsent() throws {
    #expect(try ArgumentParser.parse(["--quiet"], for: audit).flag("quiet"))
    #expect(try !ArgumentParser.parse([], for: audit).flag("quiet"))
  }

  @Test func repeatedOptionLastWins() throws {
    let parsed = try ArgumentParser.parse(["--seed", "1", "--seed=2", "--seed", "3"], for: audit)
    #expect(parsed.string("seed") == "3")
  }

  @Test func repeatedFlagIsStillOn() throws {
    #expect(try ArgumentParser.parse(["--quiet", "--quiet"], for: audit).flag("quiet"))
  }

  @Test func optionsAndPositionalsInterleave() throws {
    let parsed = try ArgumentParser.parse(["m.json", "--out", "x.sql"], for: exportWithOut)
    #expect(parsed.positionals == ["m.json"])
    #expect(parsed.string("out") == "x.sql")
  }

  @Test func doubleDashEndsOptions() throws {
    let parsed = try ArgumentParser.parse(["--", "--model.json", "-x"], for: export)
    #expect(parsed.positionals == ["--model.json", "-x"])
  }

  @Test func helpAfterDoubleDashIsPositional() throws {
    let parsed = try ArgumentParser.parse(["--", "--help", "b"], for: export)
    #expect(!parsed.isHelpRequested)
    #expect(parsed.positionals == ["--help", "b"])
  }

  @Test func negativeNumberIsAValue() throws {
    let parsed = try ArgumentParser.parse(["--seed", "-5"], for: audit)
    #expect(try parsed.int("seed") == -5)
  }

  @Test func singleDashIsAValue() throws {
    #expect(try ArgumentParser.parse(["--snapshots", "-"], for: audit).string("snapshots") == "-")
  }

  @Test func negativeNumberAndDashArePositionals() throws {
    let parsed = try ArgumentParser.parse(["-5", "-"], for: export)
    #expect(parsed.positionals == ["-5", "-"])
  }

  @Test func valueStartingWithDoubleDashIsMissing() {
    #expect(throws: UsageError.missingValue("snapshots")) {
      try ArgumentParser.parse(["--snapshots", "--quiet"], for: audit)
    }
  }

  @Test func doubleDashAsValueIsMissing() {
    #expect(throws: UsageError.missingValue("snapshots")) {
      try ArgumentParser.parse(["--snapshots", "--", "x"], for: audit)
    }
  }

  @Test func valueAtEndIsMissing() {
    #expect(throws: UsageError.missingValue("seed")) {
      try ArgumentParser.parse(["--seed"], for: audit)
    }
  }

  @Test func emptyValueIsMissing() {
    #expect(throws: UsageError.missingValue("seed")) {
      try ArgumentParser.parse(["--seed="], for: audit)
    }
    #expect(throws: UsageError.missingValue("seed")) {
      try ArgumentParser.parse(["--seed", ""], for: audit)
    }
  }

  @Test func flagWithValueIsRejected() {
    #expect(throws: UsageError.unexpectedValue(flag: "quiet", value: "yes")) {
      try ArgumentParser.parse(["--quiet=yes"], for: audit)
    }
  }

  @Test func helpWithValueIsRejected() {
    #expect(throws: UsageError.unexpectedValue(flag: "help", value: "x")) {
      try ArgumentParser.parse(["--help=x"], for: audit)
    }
  }

  @Test func unknownOptionWithSuggestion() {
    #expect(throws: UsageError.unknownOption("--snapshot", suggestion: "snapshots")) {
      try ArgumentParser.parse(["--snapshot", "s.csv"], for: audit)
    }
  }

  @Test func unknownOptionWithValueReportsOnlyTheName() {
    #expect(throws: UsageError.unknownOption("--formt", suggestion: "format")) {
      try ArgumentParser.parse(["--formt=json"], for: audit)
    }
  }

  @Test func unknownOptionWithoutSuggestion() {
    #expect(throws: UsageError.unknownOption("--verbose", suggestion: nil)) {
      try ArgumentParser.parse(["--verbose"], for: audit)
    }
  }

  @Test func singleDashLongNameSuggestsTheDoubleDashForm() {
    #expect(throws: UsageError.unknownOption("-quiet", suggestion: "quiet")) {
      try ArgumentParser.parse(["-quiet"], for: audit)
    }
  }

  @Test func unknownShortOption() {
    #expect(throws: UsageError.unknownOption("-q", suggestion: nil)) {
      try ArgumentParser.parse(["-q"], for: audit)
    }
  }

  @Test func missingRequiredPositional() {
    #expect(throws: UsageError.missingArgument("out")) {
      try ArgumentParser.parse(["m.json"], for: export)
    }
    #expect(throws: UsageError.missingArgument("model")) {
      try ArgumentParser.parse([], for: export)
    }
  }

  @Test func extraPositional() {
    #expect(throws: UsageError.unexpectedArgument("c")) {
      try ArgumentParser.parse(["a", "b", "c"], for: export)
    }
    #expect(throws: UsageError.unexpectedArgument("x")) {
      try ArgumentParser.parse(["x"], for: CLISampleCommands.bare)
    }
  }

  @Test func optionalPositionalMayBeLeftOut() throws {
    let parsed = try ArgumentParser.parse([], for: audit)
    #expect(parsed.positionals == [])
    #expect(parsed.positional("model") == nil)
    #expect(try ArgumentParser.parse(["chs-4"], for: audit).positional("model") == "chs-4")
  }

  @Test func firstProblemFromTheLeftIsReported() {
    #expect(throws: UsageError.unknownOption("--nope", suggestion: nil)) {
      try ArgumentParser.parse(["--nope", "--seed"], for: audit)
    }
  }

  @Test func helpWinsOverErrors() throws {
    for arguments in [
      ["--help"], ["-h"], ["--nope", "--help"], ["--snapshots", "--help"], ["a", "b", "c", "-h"],
    ] {
      let parsed = try ArgumentParser.parse(arguments, for: export)
      #expect(parsed.isHelpRequested, "\(arguments)")
    }
  }

  /// `export` plus an `--out` option, for interleaving.
  private var exportWithOut: CommandSpec {
    CommandSpec(
      name: "export", abstract: "Write a model.",
      options: [OptionSpec("out", valueName: "FILE", help: "Output file.")],
      positionals: [PositionalSpec("model", help: "The model.")])
  }
}
