import Testing

@testable import HealthCalArguments

/// The words of every usage error and the full rendered block.
@Suite struct UsageErrorTests {
  let audit = CLISampleCommands.audit
  let export = CLISampleCommands.export

  @Test func unknownCommand() {
    #expect(
      UsageError.unknownCommand("adit", suggestion: "audit").message(for: nil)
        == "Unknown command 'adit'. Did you mean 'audit'?")
    #expect(
      UsageError.unknownCommand("frobnicate").message(for: nil) == "Unknown command 'frobnicate'")
  }

  @Test func unknownOption() {
    #expect(
      UsageError.unknownOption("--snapshot", suggestion: "snapshots").message(for: audit)
        == "Unknown option '--snapshot'. Did you mean '--snapshots'?")
    #expect(
      UsageError.unknownOption("-q", suggestion: nil).message(for: audit) == "Unknown option '-q'")
  }

  @Test func missingValueShowsThePlaceholder() {
    #expect(
      UsageError.missingValue("snapshots").message(for: audit)
        == "Missing value for '--snapshots <FILE>'")
    #expect(
      UsageError.missingValue("snapshots").message(for: nil) == "Missing value for '--snapshots'")
  }

  @Test func unexpectedValue() {
    #expect(
      UsageError.unexpectedValue(flag: "quiet", value: "yes").message(for: audit)
        == "The option '--quiet' does not take a value, but 'yes' was specified")
  }

  @Test func missingArgumentForPositionalAndOption() {
    #expect(
      UsageError.missingArgument("model").message(for: export)
        == "Missing expected argument '<model>'")
    #expect(
      UsageError.missingArgument("snapshots").message(for: audit)
        == "Missing expected argument '--snapshots <FILE>'")
    #expect(
      UsageError.missingArgument("thing").message(for: nil) == "Missing expected argument '<thing>'"
    )
  }

  @Test func unexpectedArgument() {
    #expect(
      UsageError.unexpectedArgument("extra.csv").message(for: audit)
        == "Unexpected argument 'extra.csv'")
  }

  @Test func invalidValue() {
    #expect(
      UsageError.invalidValue(option: "seed", value: "abc", expected: "an integer").message(
        for: audit)
        == "The value 'abc' is invalid for '--seed <N>': expected an integer")
  }

  @Test func conflicting() {
    #expect(
      UsageError.conflicting("demo", "snapshots").message(for: audit)
        == "'--demo' cannot be used with '--snapshots'")
  }

  @Test func custom() {
    #expect(
      UsageError.custom("--snapshots and --outcomes are required without --demo").message(
        for: audit)
        == "--snapshots and --outcomes are required without --demo")
  }

  @Test func renderedForACommand() {
    let text = UsageError.missingValue("snapshots").rendered(for: export)
    #expect(
      text == """
        error: Missing value for '--snapshots'

        Usage: healthcal export [--column-name-for-the-score <NAME>] <model> <out>
          See 'healthcal export --help' for more information.
        """)
  }

  @Test func renderedWithCollapsedOptions() {
    let text = UsageError.unknownOption("--snapshot", suggestion: "snapshots").rendered(for: audit)
    #expect(
      text == """
        error: Unknown option '--snapshot'. Did you mean '--snapshots'?

        Usage: healthcal audit [<options>] [<model>]
          See 'healthcal audit --help' for more information.
        """)
  }

  @Test func renderedAtTheRoot() {
    let text = UsageError.unknownCommand("adit", suggestion: "audit").rendered(for: nil)
    #expect(
      text == """
        error: Unknown command 'adit'. Did you mean 'audit'?

        Usage: healthcal <subcommand>
          See 'healthcal --help' for more information.
        """)
  }

  @Test func renderedWithAnotherToolName() {
    let text = UsageError.unexpectedArgument("x").rendered(
      for: CLISampleCommands.bare, by: HelpGenerator(toolName: "hc"))
    #expect(
      text == """
        error: Unexpected argument 'x'

        Usage: hc bare
          See 'hc bare --help' for more information.
        """)
  }
}
