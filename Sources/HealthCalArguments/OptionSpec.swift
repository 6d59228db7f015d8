/// One named option or Boolean flag of a command: the single table row that both
/// the parser and the help text read.
///
/// Keeping the name, the value placeholder, the help and the default in one value
/// is what stops `--help` from drifting away from what the parser accepts: there is
/// no second list to forget to update, and a `.value` default shown in help is the
/// very text the parser hands to the command when the option is absent.
package struct OptionSpec: Hashable, Sendable {
  /// What an option that takes a value means when it is not given.
  ///
  /// A string literal is a ``value(_:)`` default, so tables read
  /// `default: "90,60,30"`.
  package enum Default: Hashable, Sendable, ExpressibleByStringLiteral {
    /// Parsed exactly as if the user had typed it, and shown verbatim in help.
    case value(String)
    /// Shown in help only, for a default the command works out from the input
    /// (for example "latest snapshot date"); the parser supplies nothing, so the
    /// command sees `nil` and cannot mistake the description for a value.
    case computed(String)

    /// Creates a ``value(_:)`` default.
    package init(stringLiteral value: String) {
      self = .value(value)
    }

    /// The text shown after `default: ` in help.
    var text: String {
      switch self {
      case .value(let text), .computed(let text): return text
      }
    }
  }

  /// The long name without dashes: `"snapshots"` is typed `--snapshots`.
  package let name: String
  /// The value placeholder shown in help and usage (`"FILE"` renders `<FILE>`),
  /// or `nil` for a Boolean flag, which takes no value.
  package let valueName: String?
  /// One or two sentences of help.
  package let help: String
  /// The default shown in help as `(default: …)`, if any.
  package let defaultValue: Default?

  /// Creates an option, or a Boolean flag when `valueName` is `nil`.
  ///
  /// The name must be non-empty, must not start with `-`, and must not contain
  /// `=` or whitespace, since `--name=value` splits at the first `=`. A flag
  /// cannot have a default: an absent flag is always off. These are checked
  /// with `precondition` because a command table is fixed at compile time and
  /// a test that builds it catches the mistake.
  package init(_ name: String, valueName: String? = nil, help: String, default defaultValue: Default? = nil)
  {
    precondition(
      !name.isEmpty && !name.hasPrefix("-")
        && !name.contains(where: { $0 == "=" || $0.isWhitespace }),
      "option name '\(name)' must be non-empty, without leading '-', '=' or spaces")
    precondition(valueName != nil || defaultValue == nil, "flag '--\(name)' cannot have a default")
    self.name = name
    self.valueName = valueName
    self.help = help
    self.defaultValue = defaultValue
  }

  /// Whether this is a Boolean flag (it takes no value).
  package var isFlag: Bool { valueName == nil }

  /// The option as typed: `--snapshots`.
  package var displayName: String { "--\(name)" }

  /// The option with its value placeholder, as in help and usage:
  /// `--snapshots <FILE>`, or `--quiet` for a flag.
  package var synopsis: String {
    guard let valueName else { return displayName }
    return "\(displayName) <\(valueName)>"
  }
}
