import HealthCalFormats

/// The result of parsing one command's arguments: what was given, with
/// declared `.value` defaults filled in, and typed readers for the values.
///
/// Lookups take the long name without dashes (`"snapshots"`). Asking for a name
/// the command does not declare, or for a flag as a value (and the reverse),
/// stops with a `precondition`: a misspelled lookup would otherwise read as
/// "not given" forever and silently ignore what the user typed.
///
/// The typed readers return `nil` when the option is absent and has no
/// `.value` default, and throw ``UsageError/invalidValue(option:value:expected:)``
/// when the text cannot be read, so the user sees which flag was wrong and why.
package struct ParsedArguments: Hashable, Sendable {
  /// The command these arguments were parsed for.
  package let command: CommandSpec
  /// Positional arguments in order, including any after `--`.
  package let positionals: [String]
  /// Whether `--help` or `-h` was given; nothing else was checked, and the
  /// caller should print help instead of running the command.
  package let isHelpRequested: Bool
  /// Values given on the command line, by option name (last one wins).
  private let givenValues: [String: String]
  /// Flags given on the command line.
  private let givenFlags: Set<String>

  /// Creates a result; ``ArgumentParser/parse(_:for:)`` is the usual source.
  package init(
    command: CommandSpec, values: [String: String] = [:], flags: Set<String> = [],
    positionals: [String] = [], isHelpRequested: Bool = false
  ) {
    self.command = command
    self.givenValues = values
    self.givenFlags = flags
    self.positionals = positionals
    self.isHelpRequested = isHelpRequested
  }

  /// The value of an option: as given, else its `.value` default, else `nil`.
  ///
  /// A `.computed` default yields `nil`: its text describes a value the
  /// command works out, and is not a value itself.
  package func string(_ name: String) -> String? {
    let option = declaredOption(name, isFlag: false)
    if let given = givenValues[name] { return given }
    if case .value(let text) = option.defaultValue { return text }
    return nil
  }

  /// Whether a Boolean flag was given.
  package func flag(_ name: String) -> Bool {
    _ = declaredOption(name, isFlag: true)
    return givenFlags.contains(name)
  }

  /// Whether the user typed the option or flag, as opposed to it being absent
  /// or filled in from a default; what a rule like "`--demo` cannot be used
  /// with `--snapshots`" must test.
  package func isSpecified(_ name: String) -> Bool {
    let option = declaredOption(name, isFlag: nil)
    return option.isFlag ? givenFlags.contains(name) : givenValues[name] != nil
  }

  /// The positional argument declared as `name`, or `nil` when an optional
  /// one was left out.
  package func positional(_ name: String) -> String? {
    guard let index = command.positionals.firstIndex(where: { $0.name == name }) else {
      preconditionFailure("'\(command.name)' declares no positional '\(name)'")
    }
    return index < positionals.count ? positionals[index] : nil
  }

  /// Every word given for the repeating positional `name`, in order; empty
  /// when none was.
  package func repeatedPositional(_ name: String) -> [String] {
    guard let index = command.positionals.firstIndex(where: { $0.name == name }), command.positionals[index].isRepeating else {
      preconditionFailure("'\(command.name)' declares no repeating positional '\(name)'")
    }
    return Array(positionals.dropFirst(index))
  }

  /// The value of an option as an integer such as `-5` or `42`.
  ///
  /// - Parameter range: When given, values outside it are rejected too.
  /// - Throws: ``UsageError/invalidValue(option:value:expected:)``.
  package func int(_ name: String, in range: ClosedRange<Int>? = nil) throws(UsageError) -> Int? {
    guard let text = string(name) else { return nil }
    let expected = "an integer" + Self.describe(range)
    guard let value = Int(text), range?.contains(value) ?? true else {
      throw .invalidValue(option: name, value: text, expected: expected)
    }
    return value
  }

  /// The value of an option as a finite number such as `0.15` or `-2e3`.
  ///
  /// `nan` and `inf` are rejected: `Double("nan")` succeeds, and a NaN
  /// threshold would make every comparison false without a word of warning.
  ///
  /// - Parameter range: When given, values outside it are rejected too.
  /// - Throws: ``UsageError/invalidValue(option:value:expected:)``.
  package func double(_ name: String, in range: ClosedRange<Double>? = nil) throws(UsageError) -> Double? {
    guard let text = string(name) else { return nil }
    let expected = "a number" + Self.describe(range)
    guard let value = Double(text), value.isFinite, range?.contains(value) ?? true else {
      throw .invalidValue(option: name, value: text, expected: expected)
    }
    return value
  }

  /// The value of an option as a strict `YYYY-MM-DD` date; `2025-02-30` and
  /// `2025-2-3` are rejected rather than guessed.
  ///
  /// - Throws: ``UsageError/invalidValue(option:value:expected:)``.
  package func date(_ name: String) throws(UsageError) -> CalendarDate? {
    guard let text = string(name) else { return nil }
    guard let value = CalendarDate(iso: text) else {
      throw .invalidValue(option: name, value: text, expected: "a date YYYY-MM-DD")
    }
    return value
  }

  /// The value of an option as a comma-separated list of integers:
  /// `"90,60,30"` is `[90, 60, 30]`, in the order given.
  ///
  /// Spaces around items are allowed (`"90, 60"`); empty items (`"90,,30"`,
  /// a trailing comma, an empty value) are rejected rather than skipped,
  /// since a dropped horizon would quietly vanish from the report.
  ///
  /// - Parameter range: When given, every item must lie in it.
  /// - Throws: ``UsageError/invalidValue(option:value:expected:)``.
  package func intList(_ name: String, in range: ClosedRange<Int>? = nil) throws(UsageError) -> [Int]? {
    guard let text = string(name) else { return nil }
    let expected = "a comma-separated list of integers" + Self.describe(range)
    var values: [Int] = []
    for item in text.split(separator: ",", omittingEmptySubsequences: false) {
      var trimmed = item
      while trimmed.first?.isWhitespace == true { trimmed.removeFirst() }
      while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
      guard let value = Int(trimmed), range?.contains(value) ?? true else {
        throw .invalidValue(option: name, value: text, expected: expected)
      }
      values.append(value)
    }
    return values
  }

  /// The value of an option, which must be exactly one of `choices`
  /// (case-sensitive), such as `table|json|csv|markdown`.
  ///
  /// - Throws: ``UsageError/invalidValue(option:value:expected:)`` listing the
  ///   choices in the order given.
  package func choice(_ name: String, among choices: [String]) throws(UsageError) -> String? {
    guard let text = string(name) else { return nil }
    guard choices.contains(text) else {
      throw .invalidValue(
        option: name, value: text, expected: "one of " + choices.joined(separator: ", "))
    }
    return text
  }

  /// The value of an option as a case of a string-backed enumeration, whose
  /// raw values are the accepted spellings, listed in declaration order.
  ///
  /// - Throws: ``UsageError/invalidValue(option:value:expected:)``.
  package func choice<Choice: CaseIterable & RawRepresentable>(
    _ name: String, among type: Choice.Type
  ) throws(UsageError) -> Choice? where Choice.RawValue == String {
    guard let text = try choice(name, among: Choice.allCases.map(\.rawValue)) else { return nil }
    return Choice(rawValue: text)
  }

  /// The declared option `name`, stopping when it is undeclared or of the
  /// wrong kind (`isFlag` `nil` accepts either).
  private func declaredOption(_ name: String, isFlag: Bool?) -> OptionSpec {
    guard let option = command.option(named: name) else {
      preconditionFailure("'\(command.name)' declares no option '--\(name)'")
    }
    if let isFlag {
      precondition(
        option.isFlag == isFlag,
        "'--\(name)' of '\(command.name)' is \(option.isFlag ? "a flag" : "an option with a value")"
      )
    }
    return option
  }

  /// `" from 1 to 3650"`, or nothing without a range.
  private static func describe(_ range: ClosedRange<Int>?) -> String {
    range.map { " from \($0.lowerBound) to \($0.upperBound)" } ?? ""
  }

  /// `" from 0 to 1"`, printing whole bounds without `.0`.
  private static func describe(_ range: ClosedRange<Double>?) -> String {
    func text(_ value: Double) -> String {
      if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
      return String(value)
    }
    return range.map { " from \(text($0.lowerBound)) to \(text($0.upperBound))" } ?? ""
  }
}
