/// Renders `--help` text and usage lines from ``CommandSpec`` tables, in the
/// layout of swift-argument-parser's `HelpGenerator`.
///
/// Help is generated, never written by hand, from the same tables the parser
/// reads, so it cannot list a flag the parser rejects or miss one it accepts.
/// Output is plain text without a trailing newline, wrapped at ``screenWidth``
/// regardless of the terminal, so golden tests are byte-exact everywhere.
package struct HelpGenerator: Hashable, Sendable {
  /// Spaces before each label in ARGUMENTS, OPTIONS and SUBCOMMANDS.
  package static let indent = 2
  /// The column where help text starts; a label that comes within two columns
  /// of it puts its text on the next line instead.
  package static let labelColumnWidth = 26

  /// The executable's name as the user types it.
  package var toolName: String
  /// The column at which text wraps.
  package var screenWidth: Int
  /// Whether the tool is one command (`healthcal-bench`), typed without a
  /// subcommand name.
  package var isSingleCommand: Bool

  /// Creates a generator for `toolName`, wrapping at `screenWidth` columns.
  package init(toolName: String = "healthcal", screenWidth: Int = 80, isSingleCommand: Bool = false) {
    precondition(screenWidth > Self.labelColumnWidth, "screen width must exceed the label column")
    self.toolName = toolName
    self.screenWidth = screenWidth
    self.isSingleCommand = isSingleCommand
  }

  /// How the user types `command`: `healthcal audit`, or the tool's name
  /// alone for a single-command tool (and for `nil`, the root).
  package func invocation(of command: CommandSpec?) -> String {
    guard let command, !isSingleCommand else { return toolName }
    return "\(toolName) \(command.name)"
  }

  /// The help for one subcommand: OVERVIEW (abstract, then discussion), USAGE,
  /// ARGUMENTS (when it has positionals) and OPTIONS, ending with `-h, --help`.
  ///
  /// Each option's help ends with `(default: …)` when it declares a default.
  package func help(for command: CommandSpec) -> String {
    let arguments = command.positionals.map { (label: $0.displayName, text: $0.help) }
    var options = command.options.map { option in
      let text = option.defaultValue.map { "\(option.help) (default: \($0.text))" } ?? option.help
      return (label: option.synopsis, text: text)
    }
    options.append((label: "-h, --help", text: CommandSpec.helpOption.help))
    return render(
      abstract: command.abstract, discussion: command.discussion, usage: usage(for: command),
      sections: [("ARGUMENTS", arguments), ("OPTIONS", options)], footer: nil)
  }

  /// The help for the tool itself: OVERVIEW, USAGE, OPTIONS (`--version` and
  /// `-h, --help`), then SUBCOMMANDS with each command's one-line abstract in
  /// the order given, and a pointer to per-command help.
  package func rootHelp(commands: [CommandSpec], abstract: String, discussion: String? = nil) -> String {
    let options = [
      (label: "--version", text: "Show the version."),
      (label: "-h, --help", text: CommandSpec.helpOption.help),
    ]
    let subcommands = commands.map { (label: $0.name, text: $0.abstract) }
    return render(
      abstract: abstract, discussion: discussion, usage: rootUsage,
      sections: [("OPTIONS", options), ("SUBCOMMANDS", subcommands)],
      footer: "  See '\(toolName) help <subcommand>' for detailed help.")
  }

  /// The root usage line: `healthcal <subcommand>`.
  package var rootUsage: String { "\(toolName) <subcommand>" }

  /// The one-line usage of a command: `healthcal audit [--quiet] <model>`.
  ///
  /// Every option is optional to the parser, so each is bracketed; positionals
  /// follow, bracketed when optional. When listing every option would pass
  /// ``screenWidth``, they collapse to `[<options>]` (as swift-argument-parser
  /// does past twelve options) so the line that matters, the positionals,
  /// stays readable.
  package func usage(for command: CommandSpec) -> String {
    let head = invocation(of: command)
    let positionals = command.positionals.map {
      $0.isRepeating ? "[\($0.displayName) ...]" : $0.isOptional ? "[\($0.displayName)]" : $0.displayName
    }
    let options = command.options.map { "[\($0.synopsis)]" }
    let full = ([head] + options + positionals).joined(separator: " ")
    // "USAGE: " precedes the line in help, so it is part of the width budget.
    if "USAGE: ".count + full.count <= screenWidth || options.isEmpty {
      return full
    }
    return ([head, "[<options>]"] + positionals).joined(separator: " ")
  }

  /// Assembles the sections, skipping empty ones, separated by blank lines.
  private func render(
    abstract: String, discussion: String?, usage: String,
    sections: [(title: String, rows: [(label: String, text: String)])], footer: String?
  ) -> String {
    var blocks: [String] = []
    var overview = wrap("OVERVIEW: \(abstract)", width: screenWidth).joined(separator: "\n")
    if let discussion, !discussion.isEmpty {
      overview += "\n\n" + wrap(discussion, width: screenWidth).joined(separator: "\n")
    }
    blocks.append(overview)
    blocks.append("USAGE: \(usage)")
    for section in sections where !section.rows.isEmpty {
      let rows = section.rows.map { row(label: $0.label, text: $0.text) }
      blocks.append("\(section.title):\n" + rows.joined(separator: "\n"))
    }
    if let footer {
      blocks.append(footer)
    }
    return blocks.joined(separator: "\n\n")
  }

  /// One aligned entry: the label at ``indent``, its text from
  /// ``labelColumnWidth``, continuation lines indented to the same column.
  /// A label that would leave less than two spaces before the text column
  /// puts the text on the next line, so label and text never run together.
  private func row(label: String, text: String) -> String {
    let padded = String(repeating: " ", count: Self.indent) + label
    let hanging = String(repeating: " ", count: Self.labelColumnWidth)
    let lines = wrap(text, width: screenWidth - Self.labelColumnWidth)
    guard !text.isEmpty, let first = lines.first else { return padded }
    let rest = lines.dropFirst().map { $0.isEmpty ? "" : hanging + $0 }
    if padded.count <= Self.labelColumnWidth - 2 {
      let gap = String(repeating: " ", count: Self.labelColumnWidth - padded.count)
      return ([padded + gap + first] + rest).joined(separator: "\n")
    }
    return ([padded, hanging + first] + rest).joined(separator: "\n")
  }

  /// Greedy word wrap at `width` columns. Explicit newlines are kept (a blank
  /// line separates paragraphs); runs of spaces collapse; a word longer than
  /// the width gets a line to itself rather than being cut, so a long path in
  /// help stays copyable.
  private func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = ""
      for word in paragraph.split(separator: " ") {
        if line.isEmpty {
          line = String(word)
        } else if line.count + 1 + word.count <= width {
          line += " " + word
        } else {
          lines.append(line)
          line = String(word)
        }
      }
      lines.append(line)
    }
    return lines
  }
}
