/// Turns one command's arguments into ``ParsedArguments`` using its
/// ``CommandSpec`` table.
///
/// The accepted forms, kept small so they are easy to predict:
/// - `--name value` and `--name=value` for options that take a value; the
///   last occurrence wins when an option is repeated.
/// - `--flag` for Boolean flags; `--flag=value` is an error rather than being
///   read as true or false.
/// - `--` ends options: everything after it is positional, even `--x`.
/// - A value may start with a single dash (`--offset -5`, `--out -`), but one
///   that starts with `--` means the value is missing: `--snapshots --quiet`
///   almost certainly forgot the file, and swallowing `--quiet` as a file name
///   would fail later with a confusing message.
/// - An empty value (`--out=` or `--out ""`) is missing too: it nearly always
///   comes from an unset shell variable.
/// - Outside a value, `-` and negative numbers (`-5`, `-0.5`) are positionals;
///   any other token starting with `-` is an unknown option.
/// - `--help` or `-h` anywhere before `--` asks for help and wins over every
///   error, so a user asking how to fix a command line is never refused.
package enum ArgumentParser {
  /// Parses `arguments` (the words after the subcommand name) for `command`.
  ///
  /// Reports the first problem from left to right; missing and extra
  /// positionals are checked after all options are read.
  ///
  /// - Throws: ``UsageError`` for an unknown option (with a suggestion when a
  ///   declared name is close), a missing or unexpected value, or too few or
  ///   too many positionals.
  package static func parse(_ arguments: [String], for command: CommandSpec) throws(UsageError)
    -> ParsedArguments
  {
    let optionPart = arguments.prefix { $0 != "--" }
    if optionPart.contains(where: { $0 == "--help" || $0 == "-h" }) {
      return ParsedArguments(command: command, isHelpRequested: true)
    }

    var values: [String: String] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []
    var index = arguments.startIndex
    while index < arguments.endIndex {
      let token = arguments[index]
      index += 1
      if token == "--" {
        positionals.append(contentsOf: arguments[index...])
        break
      }
      if token.hasPrefix("--") {
        let (name, inlineValue) = split(token)
        guard let option = lookup(name, in: command) else {
          throw .unknownOption(
            name.isEmpty ? token : "--\(name)",
            suggestion: Suggestion.closest(to: name, among: knownNames(of: command)))
        }
        if option.isFlag {
          if let inlineValue {
            throw .unexpectedValue(flag: name, value: inlineValue)
          }
          flags.insert(name)
          continue
        }
        let value: String
        if let inlineValue {
          value = inlineValue
        } else if index < arguments.endIndex, !arguments[index].hasPrefix("--") {
          value = arguments[index]
          index += 1
        } else {
          throw .missingValue(name)
        }
        guard !value.isEmpty else { throw .missingValue(name) }
        values[name] = value
        continue
      }
      if token.hasPrefix("-"), token != "-", Double(token) == nil {
        throw .unknownOption(
          token, suggestion: Suggestion.closest(to: token, among: knownNames(of: command)))
      }
      positionals.append(token)
    }

    if positionals.count > command.positionals.count, command.positionals.last?.isRepeating != true {
      throw .unexpectedArgument(positionals[command.positionals.count])
    }
    if let missing = command.positionals.dropFirst(positionals.count).first(where: {
      !$0.isOptional
    }) {
      throw .missingArgument(missing.name)
    }
    return ParsedArguments(command: command, values: values, flags: flags, positionals: positionals)
  }

  /// Splits `--name=value` at the first `=`; `--name` has no inline value.
  private static func split(_ token: String) -> (name: String, value: String?) {
    let body = token.dropFirst(2)
    guard let equals = body.firstIndex(of: "=") else { return (String(body), nil) }
    return (String(body[..<equals]), String(body[body.index(after: equals)...]))
  }

  /// Every long name `command` accepts, help last, for suggestions.
  private static func knownNames(of command: CommandSpec) -> [String] {
    command.options.map(\.name) + [CommandSpec.helpOption.name]
  }

  /// The declared option `name`, or the implicit help flag so that
  /// `--help=x` reads as a flag given a value rather than as unknown.
  private static func lookup(_ name: String, in command: CommandSpec) -> OptionSpec? {
    name == CommandSpec.helpOption.name ? CommandSpec.helpOption : command.option(named: name)
  }
}
