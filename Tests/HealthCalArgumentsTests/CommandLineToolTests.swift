import Testing

@testable import HealthCalArguments

/// Dispatch, exit codes and what lands on each stream.
@Suite struct CommandLineToolTests {
  /// A data error the user can fix.
  struct BadRow: UserFacingError {
    var message: String { "snapshots.csv:42:3: expected a date YYYY-MM-DD, found \"2025-02-30\"" }
  }

  /// A bug.
  struct Broken: Error, CustomStringConvertible {
    var description: String { "matrix has 0 columns" }
  }

  let greet = CommandSpec(
    name: "greet", abstract: "Say hello.",
    options: [
      OptionSpec("name", valueName: "NAME", help: "Who to greet.", default: "world"),
      OptionSpec("times", valueName: "N", help: "How many times.", default: "1"),
      OptionSpec("fail", valueName: "KIND", help: "Fail on purpose."),
    ])

  var tool: CommandLineTool {
    CommandLineTool(
      abstract: "Test tool.", version: "1.2.3",
      commands: [
        .init(greet) { arguments, output in
          for _ in 0..<(try arguments.int("times", in: 0...3) ?? 1) {
            output.write("hello, \(arguments.string("name") ?? "")")
          }
          switch arguments.string("fail") {
          case "input": throw BadRow()
          case "bug": throw Broken()
          case "rule": throw UsageError.conflicting("fail", "name")
          default: break
          }
        },
        .init(CLISampleCommands.bare) { _, _ in },
      ])
  }

  /// Runs the tool with captured output.
  private func run(_ arguments: String...) -> (status: Int32, out: String, err: String) {
    var output = Output.capturing
    let status = tool.run(arguments: arguments, output: &output)
    return (status, output.standardOutput, output.standardError)
  }

  @Test func runsTheCommand() {
    let result = run("greet", "--name", "Ada", "--times=2")
    #expect(result.status == 0)
    #expect(result.out == "hello, Ada\nhello, Ada\n")
    #expect(result.err == "")
  }

  @Test func defaultsReachTheHandler() {
    #expect(run("greet").out == "hello, world\n")
  }

  @Test func noArgumentsPrintsRootHelp() {
    let result = run()
    #expect(result.status == 0)
    #expect(result.out == tool.rootHelp + "\n")
    #expect(result.err == "")
  }

  @Test func rootHelpFlagsAndHelpCommand() {
    for arguments in [["--help"], ["-h"], ["help"]] {
      var output = Output.capturing
      #expect(tool.run(arguments: arguments, output: &output) == 0)
      #expect(output.standardOutput == tool.rootHelp + "\n")
    }
  }

  @Test func rootHelpListsTheCommands() {
    #expect(
      tool.rootHelp == """
        OVERVIEW: Test tool.

        USAGE: healthcal <subcommand>

        OPTIONS:
          --version               Show the version.
          -h, --help              Show help information.

        SUBCOMMANDS:
          greet                   Say hello.
          bare                    Do nothing.

          See 'healthcal help <subcommand>' for detailed help.
        """)
  }

  @Test func version() {
    let result = run("--version")
    #expect(result.status == 0)
    #expect(result.out == "1.2.3\n")
  }

  @Test func commandHelpBothWays() {
    let expected = HelpGenerator().help(for: greet) + "\n"
    for arguments in [
      ["greet", "--help"], ["greet", "-h"], ["help", "greet"], ["greet", "--nope", "--help"],
    ] {
      var output = Output.capturing
      #expect(tool.run(arguments: arguments, output: &output) == 0)
      #expect(output.standardOutput == expected)
      #expect(output.standardError == "")
    }
  }

  @Test func helpForUnknownCommand() {
    let result = run("help", "gret")
    #expect(result.status == 1)
    #expect(result.err.hasPrefix("error: Unknown command 'gret'. Did you mean 'greet'?\n"))
  }

  @Test func helpWithTooManyArguments() {
    let result = run("help", "greet", "bare")
    #expect(result.status == 1)
    #expect(result.err.hasPrefix("error: Unexpected argument 'bare'\n"))
  }

  @Test func unknownCommand() {
    let result = run("gret", "--name", "x")
    #expect(result.status == 1)
    #expect(result.out == "")
    #expect(
      result.err == """
        error: Unknown command 'gret'. Did you mean 'greet'?

        Usage: healthcal <subcommand>
          See 'healthcal --help' for more information.

        """)
  }

  @Test func unknownRootOption() {
    let result = run("--verison")
    #expect(result.status == 1)
    #expect(result.err.hasPrefix("error: Unknown option '--verison'. Did you mean '--version'?\n"))
    #expect(run("--snapshots=x.csv").err.hasPrefix("error: Unknown option '--snapshots'\n"))
  }

  @Test func parseErrorIsRenderedWithTheCommandUsage() {
    let result = run("greet", "--nam", "Ada")
    #expect(result.status == 1)
    #expect(result.out == "")
    #expect(
      result.err == """
        error: Unknown option '--nam'. Did you mean '--name'?

        Usage: healthcal greet [--name <NAME>] [--times <N>] [--fail <KIND>]
          See 'healthcal greet --help' for more information.

        """)
  }

  @Test func typedAccessorErrorInTheHandlerIsAUsageError() {
    let result = run("greet", "--times", "9")
    #expect(result.status == 1)
    #expect(
      result.err == """
        error: The value '9' is invalid for '--times <N>': expected an integer from 0 to 3

        Usage: healthcal greet [--name <NAME>] [--times <N>] [--fail <KIND>]
          See 'healthcal greet --help' for more information.

        """)
  }

  @Test func commandRuleIsAUsageError() {
    let result = run("greet", "--fail", "rule")
    #expect(result.status == 1)
    #expect(result.err.hasPrefix("error: '--fail' cannot be used with '--name'\n"))
  }

  @Test func userFacingErrorIsOneLineAndStatusOne() {
    let result = run("greet", "--fail", "input")
    #expect(result.status == 1)
    #expect(result.out == "hello, world\n")
    #expect(
      result.err == "error: snapshots.csv:42:3: expected a date YYYY-MM-DD, found \"2025-02-30\"\n")
  }

  @Test func otherErrorIsInternalAndStatusTwo() {
    let result = run("greet", "--fail", "bug")
    #expect(result.status == 2)
    #expect(result.err == "internal error: matrix has 0 columns\n")
  }

  @Test func commandWithNoArguments() {
    let result = run("bare")
    #expect(result.status == 0)
    #expect(result.out == "")
    #expect(result.err == "")
  }

  @Test func exitStatusValues() {
    #expect(CommandLineTool.ExitStatus.success.rawValue == 0)
    #expect(CommandLineTool.ExitStatus.failure.rawValue == 1)
    #expect(CommandLineTool.ExitStatus.internalError.rawValue == 2)
  }
}
