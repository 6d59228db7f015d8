import Testing

@testable import HealthCalArguments

/// A tool that is one command (`healthcal-bench`): typed without a
/// subcommand, with a repeating positional, help from its table, and a bad
/// number refused rather than read as the default.
@Suite struct SingleCommandToolTests {
  static let spec = CommandSpec(
    name: "bench", abstract: "Time things.",
    options: [OptionSpec("accounts", valueName: "N", help: "Accounts.", default: "100")],
    positionals: [PositionalSpec("workload", help: "Workloads to run.", isRepeating: true)])

  /// Runs the tool; the handler echoes the workloads and the account count.
  static func run(_ arguments: String...) -> (status: Int32, out: String, err: String) {
    let tool = CommandLineTool(
      single: .init(spec) { arguments, output in
        let accounts = try arguments.int("accounts", in: 1...1_000) ?? 100
        output.write("\(arguments.repeatedPositional("workload")) \(accounts)")
      },
      version: "bench 1.0")
    var output = Output.capturing
    let status = tool.run(arguments: arguments, output: &output)
    return (status, output.standardOutput, output.standardError)
  }

  @Test func runsWithoutASubcommandName() {
    #expect(Self.run("ingest", "audit", "--accounts", "7").out == "[\"ingest\", \"audit\"] 7\n")
    #expect(Self.run().out == "[] 100\n")
  }

  @Test func helpIsTheCommandsOwn() {
    let help = Self.run("--help")
    #expect(help.status == 0)
    #expect(help.out.contains("USAGE: bench [--accounts <N>] [<workload> ...]\n"))
    #expect(help.out.contains("  --accounts <N>          Accounts. (default: 100)\n"))
    #expect(Self.run("--version").out == "bench 1.0\n")
  }

  @Test func aBadNumberIsAnErrorNotTheDefault() {
    let result = Self.run("--accounts", "many")
    #expect(result.status == 1)
    #expect(result.out == "")
    #expect(result.err.hasPrefix("error: The value 'many' is invalid for '--accounts <N>': expected an integer from 1 to 1000\n"))
    #expect(result.err.hasSuffix("See 'bench --help' for more information.\n"))
  }

  @Test func onlyTheLastPositionalRepeats() throws {
    let parsed = try ArgumentParser.parse(["a", "b", "c"], for: Self.spec)
    #expect(parsed.repeatedPositional("workload") == ["a", "b", "c"])
    #expect(Self.spec.positionals[0].isOptional)
  }
}
