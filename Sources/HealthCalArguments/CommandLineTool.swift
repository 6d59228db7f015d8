/// Dispatches `healthcal <command> args…` to a command's handler, and turns
/// every outcome into text and an exit status.
///
/// This is the only place that decides exit codes, so they cannot differ
/// between commands:
/// - 0: success, or help or the version was printed (to standard output).
/// - 1: bad usage (a ``UsageError``, rendered with the usage line) or bad input
///   (a ``UserFacingError``, printed as `error: <message>`), on standard error.
/// - 2: any other error, which is a bug in healthcal: `internal error: …`.
///
/// `main` calls ``run(arguments:)``; tests call ``run(arguments:output:)`` with
/// a capturing ``Output`` and compare what was written.
package struct CommandLineTool {
  /// Runs a command: reads the parsed arguments, writes to the output, and
  /// throws to fail.
  package typealias Handler = (ParsedArguments, inout Output) throws -> Void

  /// A command's table and the code that runs it.
  package struct Command {
    /// The command's name, help and arguments.
    let spec: CommandSpec
    /// The code run once the arguments parse and help was not requested.
    let handler: Handler

    /// Pairs a command's table with its handler.
    package init(_ spec: CommandSpec, handler: @escaping Handler) {
      self.spec = spec
      self.handler = handler
    }
  }

  /// The exit statuses of the process.
  package enum ExitStatus: Int32, Sendable {
    /// The command did what was asked, or help or the version was shown.
    case success = 0
    /// The command line or the input files were wrong; the user can fix it.
    case failure = 1
    /// healthcal itself failed; the message is for a bug report.
    case internalError = 2
    /// The command ran and its answer calls for action (`drift`: recalibrate).
    case actionNeeded = 3
  }

  /// One line for the root help's OVERVIEW.
  package let abstract: String
  /// Optional paragraphs after the abstract in the root help.
  package let discussion: String?
  /// Printed by `--version`.
  package let version: String
  /// The subcommands, in the order the root help lists them.
  package let commands: [Command]
  /// Renders help, usage lines and usage errors.
  package let generator: HelpGenerator

  /// Creates a tool. Command names must be unique and not `help`, which is
  /// the built-in `healthcal help <command>`.
  package init(
    abstract: String, discussion: String? = nil, version: String, commands: [Command],
    generator: HelpGenerator = HelpGenerator()
  ) {
    let names = commands.map(\.spec.name)
    precondition(Set(names).count == names.count, "duplicate command name")
    precondition(!names.contains("help"), "'help' is a built-in command")
    self.abstract = abstract
    self.discussion = discussion
    self.version = version
    self.commands = commands
    self.generator = generator
  }

  /// Runs the tool on the process's standard streams and returns the exit
  /// status for `exit`.
  ///
  /// - Parameter arguments: The words after the executable's name, that is
  ///   `CommandLine.arguments.dropFirst()`.
  package func run(arguments: [String]) -> Int32 {
    var output = Output.standardStreams
    return run(arguments: arguments, output: &output)
  }

  /// Runs the tool, writing to `output`, and returns the exit status.
  ///
  /// - `healthcal`, `healthcal --help`, `-h` or `help`: root help.
  /// - `healthcal --version`: the version.
  /// - `healthcal help <command>` or `healthcal <command> --help`: that help.
  /// - `healthcal <command> args…`: parse, then run the handler.
  package func run(arguments: [String], output: inout Output) -> Int32 {
    let status = dispatch(arguments, output: &output)
    output.flush()
    return status.rawValue
  }

  /// Creates a tool that is one command, typed without a subcommand name
  /// (`healthcal-bench ingest --accounts 1000`): `--help` shows the
  /// command's help and `--version` the version.
  package init(single command: Command, version: String) {
    self.abstract = command.spec.abstract
    self.discussion = command.spec.discussion
    self.version = version
    self.commands = [command]
    self.generator = HelpGenerator(toolName: command.spec.name, isSingleCommand: true)
  }

  /// The root help text.
  package var rootHelp: String {
    generator.rootHelp(commands: commands.map(\.spec), abstract: abstract, discussion: discussion)
  }

  /// Chooses between root help, version, command help and running a command.
  private func dispatch(_ arguments: [String], output: inout Output) -> ExitStatus {
    if generator.isSingleCommand {
      if arguments == ["--version"] {
        output.write(version)
        return .success
      }
      return run(commands[0], arguments: arguments, output: &output)
    }
    guard let first = arguments.first else {
      output.write(rootHelp)
      return .success
    }
    let rest = Array(arguments.dropFirst())
    switch first {
    case "--help", "-h":
      output.write(rootHelp)
      return .success
    case "--version":
      output.write(version)
      return .success
    case "help":
      guard let name = rest.first else {
        output.write(rootHelp)
        return .success
      }
      guard rest.count == 1 else {
        return report(.unexpectedArgument(rest[1]), for: nil, output: &output)
      }
      guard let command = command(named: name) else {
        return report(unknownCommand(name), for: nil, output: &output)
      }
      output.write(generator.help(for: command.spec))
      return .success
    default:
      break
    }
    if first.hasPrefix("-") {
      let suggestion = Suggestion.closest(to: first, among: ["help", "version"])
      let token = first.split(separator: "=", maxSplits: 1).first.map(String.init) ?? first
      return report(.unknownOption(token, suggestion: suggestion), for: nil, output: &output)
    }
    guard let command = command(named: first) else {
      return report(unknownCommand(first), for: nil, output: &output)
    }
    return run(command, arguments: rest, output: &output)
  }

  /// Parses and runs one command, mapping what it throws to a status.
  private func run(_ command: Command, arguments: [String], output: inout Output) -> ExitStatus {
    let parsed: ParsedArguments
    do {
      parsed = try ArgumentParser.parse(arguments, for: command.spec)
    } catch {
      return report(error, for: command.spec, output: &output)
    }
    if parsed.isHelpRequested {
      output.write(generator.help(for: command.spec))
      return .success
    }
    do {
      try command.handler(parsed, &output)
      return .success
    } catch is ActionNeeded {
      return .actionNeeded
    } catch let error as UsageError {
      return report(error, for: command.spec, output: &output)
    } catch let error as any UserFacingError {
      output.writeError("error: \(error.message)")
      return .failure
    } catch {
      output.writeError("internal error: \(String(describing: error))")
      return .internalError
    }
  }

  /// Writes a usage error with its usage line to standard error.
  private func report(_ error: UsageError, for command: CommandSpec?, output: inout Output)
    -> ExitStatus
  {
    output.writeError(error.rendered(for: command, by: generator))
    return .failure
  }

  /// The command called `name`, if any.
  private func command(named name: String) -> Command? {
    commands.first { $0.spec.name == name }
  }

  /// An unknown-command error with a suggestion when a command name is close.
  private func unknownCommand(_ name: String) -> UsageError {
    .unknownCommand(
      name, suggestion: Suggestion.closest(to: name, among: commands.map(\.spec.name)))
  }
}
