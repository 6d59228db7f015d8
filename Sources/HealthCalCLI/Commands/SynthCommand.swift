import HealthCal
import HealthCalArguments

/// `healthcal synth`: a realistic synthetic book with known planted truth.
enum SynthCommand {
  static let spec = CommandSpec(
    name: "synth",
    abstract: "Write a synthetic book of account snapshots and outcomes with a known planted truth.",
    discussion: """
      Writes DIR/snapshots.csv and DIR/outcomes.csv: monthly (or, with --weeks, weekly) snapshots for SMB, Mid-Market \
      and Enterprise accounts whose signals degrade 30–120 days before churn. The same seed always gives the same bytes.
      """,
    options: [
      OptionSpec("accounts", valueName: "N", help: "Number of accounts.", default: "500"),
      OptionSpec("months", valueName: "M", help: "Number of monthly snapshots.", default: "12"),
      OptionSpec("weeks", valueName: "W", help: "Weekly snapshots instead: this many, a week apart (excludes --months)."),
      OptionSpec("end", valueName: "DATE", help: "Date of the last snapshot.", default: "2026-10-01"),
      OptionSpec("seed", valueName: "N", help: "Random seed.", default: "2026"),
      OptionSpec(
        "calendar-confound",
        help: "Plant a calendar confound to test evaluation designs: renewals undated (still customers at the end) and a tenure_days column that only tracks the scoring date."),
      OptionSpec(
        "shift-after", valueName: "DATE",
        help: "Plant a drift to test healthcal drift: dau_mau written 40% lower from this date (a tracking change), churn unchanged."),
      OptionSpec("out", valueName: "DIR", help: "Directory to write into (created if needed)."),
      DataOptions.force, DataOptions.quiet,
    ])

  static func run(_ arguments: ParsedArguments, _ output: inout Output) throws {
    let directory = try DataOptions.required("out", arguments)
    try DataOptions.checkOutputs([], paths: ["\(directory)/snapshots.csv", "\(directory)/outcomes.csv"], arguments)
    var configuration = SyntheticBookConfiguration()
    configuration.accounts = try arguments.int("accounts", in: 1...10_000_000) ?? configuration.accounts
    configuration.months = try arguments.int("months", in: 2...SyntheticBookConfiguration.maximumMonths) ?? configuration.months
    if arguments.isSpecified("weeks") {
      if arguments.isSpecified("months") { throw UsageError.conflicting("weeks", "months") }
      configuration.weeks = try arguments.int("weeks", in: 2...SyntheticBookConfiguration.maximumWeeks)
    }
    configuration.end = try arguments.date("end") ?? configuration.end
    if let text = arguments.string("seed") {
      guard let seed = UInt64(text) else { throw UsageError.invalidValue(option: "seed", value: text, expected: "a non-negative integer") }
      configuration.seed = seed
    }
    configuration.calendarConfound = arguments.flag("calendar-confound")
    configuration.usageShiftAfter = try arguments.date("shift-after")
    try configuration.validate()
    try SyntheticBook(configuration: configuration).write(to: directory)
    if !arguments.flag("quiet") {
      output.writeError("wrote \(directory)/snapshots.csv and \(directory)/outcomes.csv (\(configuration.accounts) accounts, \(configuration.weeks.map { "\($0) weeks" } ?? "\(configuration.months) months"), seed \(configuration.seed))")
    }
  }
}

extension SyntheticBookConfiguration.ValidationError: UserFacingError {
  package var message: String { description }
}
