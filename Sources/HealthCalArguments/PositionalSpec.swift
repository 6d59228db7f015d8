/// One positional argument of a command, such as the model file of `export`.
///
/// Positionals are matched by order, so their names exist only for help
/// (`<model>`), error messages and ``ParsedArguments/positional(_:)``.
package struct PositionalSpec: Hashable, Sendable {
  /// The name shown as `<name>` in usage, help and errors.
  package let name: String
  /// One or two sentences of help.
  package let help: String
  /// Whether the argument may be left out (shown as `[<name>]` in usage).
  package let isOptional: Bool
  /// Whether the argument takes every remaining word, zero or more (shown
  /// as `[<name> ...]`); only the last positional may repeat.
  package let isRepeating: Bool

  /// Creates a positional argument; required unless `isOptional` is `true`,
  /// and optional whenever it is `isRepeating`.
  package init(_ name: String, help: String, isOptional: Bool = false, isRepeating: Bool = false) {
    precondition(!name.isEmpty, "positional argument name must not be empty")
    self.name = name
    self.help = help
    self.isOptional = isOptional || isRepeating
    self.isRepeating = isRepeating
  }

  /// The argument as shown in help and errors: `<model>`.
  package var displayName: String { "<\(name)>" }
}
