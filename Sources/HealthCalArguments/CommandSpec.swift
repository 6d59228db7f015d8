/// The declaration of one subcommand: its name, help and argument table.
///
/// The same value drives ``ArgumentParser/parse(_:for:)``, ``HelpGenerator``
/// and the usage line in ``UsageError`` messages, so a flag cannot be accepted
/// without being documented, or documented without being accepted.
///
/// `--help` and `-h` are implicit on every command and must not be declared.
package struct CommandSpec: Hashable, Sendable {
  /// The subcommand as typed after the tool name: `audit`.
  package let name: String
  /// One line, shown in the root help's SUBCOMMANDS list and atop OVERVIEW.
  package let abstract: String
  /// Optional paragraphs shown after the abstract in the command's own help.
  package let discussion: String?
  /// Named options and flags, in the order help lists them.
  package let options: [OptionSpec]
  /// Positional arguments, in the order they are matched.
  package let positionals: [PositionalSpec]

  /// The implicit help flag, listed last in every command's OPTIONS as
  /// `-h, --help`.
  package static let helpOption = OptionSpec("help", help: "Show help information.")

  /// Creates a command.
  ///
  /// Checked with `precondition`, since command tables are fixed at compile
  /// time and any test that builds one catches the mistake: option names are
  /// unique and not `help`; positional names are unique; no required
  /// positional follows an optional one (matching by order could not tell
  /// which one was left out).
  package init(
    name: String, abstract: String, discussion: String? = nil,
    options: [OptionSpec] = [], positionals: [PositionalSpec] = []
  ) {
    precondition(!name.isEmpty && !name.hasPrefix("-"), "invalid command name '\(name)'")
    let optionNames = options.map(\.name)
    precondition(
      !optionNames.contains("help"), "'--help' is implicit on '\(name)'; do not declare it")
    precondition(Set(optionNames).count == optionNames.count, "duplicate option name in '\(name)'")
    let positionalNames = positionals.map(\.name)
    precondition(
      Set(positionalNames).count == positionalNames.count, "duplicate positional name in '\(name)'")
    precondition(
      positionals.dropLast().allSatisfy { !$0.isRepeating }, "only the last positional of '\(name)' may repeat")
    if let firstOptional = positionals.firstIndex(where: \.isOptional) {
      precondition(
        positionals[firstOptional...].allSatisfy(\.isOptional),
        "a required positional follows an optional one in '\(name)'")
    }
    self.name = name
    self.abstract = abstract
    self.discussion = discussion
    self.options = options
    self.positionals = positionals
  }

  /// The declared option called `name` (without dashes), if any.
  package func option(named name: String) -> OptionSpec? {
    options.first { $0.name == name }
  }

  /// The declared positional called `name`, if any.
  package func positional(named name: String) -> PositionalSpec? {
    positionals.first { $0.name == name }
  }
}
