/// Everything that can be wrong with how `healthcal` was invoked.
///
/// One enum and one renderer (``rendered(for:by:)``), in the shape of
/// swift-argument-parser's `ParserError` and `MessageInfo`, so the same mistake
/// reads the same way from every subcommand. Options are named by their long
/// name without dashes (`"snapshots"`); the renderer adds the dashes and the
/// value placeholder from the command's table.
///
/// Command handlers throw it too: the typed accessors of ``ParsedArguments``
/// throw ``invalidValue(option:value:expected:)``, and command-specific rules
/// throw ``conflicting(_:_:)`` or ``custom(_:)``. Either way the user sees the
/// message, the usage line and a pointer to `--help`, and the exit code is 1.
package enum UsageError: Error, Hashable, Sendable {
  /// The first argument is not a known subcommand; `suggestion` is a close
  /// command name, if there is one.
  case unknownCommand(String, suggestion: String? = nil)
  /// An argument that looks like an option is not declared. The first value is
  /// the token as typed without any `=value` (`"--snapshot"`, `"-x"`);
  /// `suggestion` is a close long name without dashes (`"snapshots"`).
  case unknownOption(String, suggestion: String?)
  /// An option that takes a value was given none: it ended the arguments, was
  /// followed by another `--option`, or its value was empty.
  case missingValue(String)
  /// A Boolean flag was given a value with `--flag=value`.
  case unexpectedValue(flag: String, value: String)
  /// A required argument is absent: a positional's name (`"model"`) or, when a
  /// command requires an option, the option's long name (`"snapshots"`).
  case missingArgument(String)
  /// A positional argument beyond those the command declares.
  case unexpectedArgument(String)
  /// A value that cannot be read as its option needs. `expected` completes
  /// "expected …", such as `"an integer"` or `"one of table, json"`.
  case invalidValue(option: String, value: String, expected: String)
  /// Two options that cannot be used together, by long name.
  case conflicting(String, String)
  /// A command-specific rule, as one sentence without the `error: ` prefix.
  case custom(String)

  /// The one-line message, without the `error: ` prefix.
  ///
  /// - Parameter command: The command being parsed, used to show options with
  ///   their value placeholder (`'--snapshots <FILE>'`); `nil` at the root.
  package func message(for command: CommandSpec?) -> String {
    /// An option's synopsis, or a positional's display name (`<name>`).
    func option(_ name: String) -> String {
      command?.option(named: name)?.synopsis ?? command?.positional(named: name)?.displayName ?? "--\(name)"
    }
    switch self {
    case .unknownCommand(let name, let suggestion):
      return "Unknown command '\(name)'" + (suggestion.map { ". Did you mean '\($0)'?" } ?? "")
    case .unknownOption(let token, let suggestion):
      return "Unknown option '\(token)'" + (suggestion.map { ". Did you mean '--\($0)'?" } ?? "")
    case .missingValue(let name):
      return "Missing value for '\(option(name))'"
    case .unexpectedValue(let flag, let value):
      return "The option '--\(flag)' does not take a value, but '\(value)' was specified"
    case .missingArgument(let name):
      let shown: String
      if let positional = command?.positional(named: name) {
        shown = positional.displayName
      } else if let declared = command?.option(named: name) {
        shown = declared.synopsis
      } else {
        shown = "<\(name)>"
      }
      return "Missing expected argument '\(shown)'"
    case .unexpectedArgument(let value):
      return "Unexpected argument '\(value)'"
    case .invalidValue(let name, let value, let expected):
      return "The value '\(value)' is invalid for '\(option(name))': expected \(expected)"
    case .conflicting(let first, let second):
      return "'--\(first)' cannot be used with '--\(second)'"
    case .custom(let message):
      return message
    }
  }

  /// The full text for standard error, without a trailing newline:
  ///
  ///     error: Missing value for '--snapshots <FILE>'
  ///
  ///     Usage: healthcal audit [--snapshots <FILE>] [--quiet]
  ///       See 'healthcal audit --help' for more information.
  ///
  /// - Parameters:
  ///   - command: The command being parsed, or `nil` for a mistake before any
  ///     command was recognised (the usage line is then the root's).
  ///   - generator: Supplies the tool name and the usage line.
  package func rendered(for command: CommandSpec?, by generator: HelpGenerator = HelpGenerator()) -> String
  {
    let usage = command.map(generator.usage(for:)) ?? generator.rootUsage
    let helpCommand = generator.invocation(of: command)
    return """
      error: \(message(for: command))

      Usage: \(usage)
        See '\(helpCommand) --help' for more information.
      """
  }
}
