@testable import HealthCalArguments

/// Command tables shaped like healthcal's, shared by the CLI parsing tests.
enum CLISampleCommands {
  /// An `audit`-like command: options of every kind and an optional positional.
  static let audit = CommandSpec(
    name: "audit",
    abstract: "Measure how well a health score predicted churn.",
    discussion: """
      For each horizon, every account is scored on its latest snapshot on or before the outcome \
      date minus the horizon; accounts without one are reported as coverage gaps.
      """,
    options: [
      OptionSpec("snapshots", valueName: "FILE", help: "Snapshot rows, CSV or JSON Lines."),
      OptionSpec("outcomes", valueName: "FILE", help: "Outcome rows, CSV or JSON Lines."),
      OptionSpec(
        "horizons", valueName: "DAYS",
        help: "Days before the outcome date at which the score is read, comma-separated.",
        default: "90,60,30"),
      OptionSpec(
        "observed-until", valueName: "DATE", help: "End of observation for renewed accounts.",
        default: .computed("latest snapshot date")),
      OptionSpec(
        "format", valueName: "FORMAT", help: "table, json, csv or markdown.", default: "table"),
      OptionSpec("alert-budget", valueName: "SHARE", help: "Largest share of accounts flagged."),
      OptionSpec("seed", valueName: "N", help: "Seed for the bootstrap.", default: "42"),
      OptionSpec("quiet", help: "Print nothing but errors."),
    ],
    positionals: [
      PositionalSpec("model", help: "A model JSON file or a preset name.", isOptional: true)
    ])

  /// An `export`-like command: required positionals and a label too long for
  /// the label column.
  static let export = CommandSpec(
    name: "export",
    abstract: "Write a model as SQL.",
    options: [
      OptionSpec(
        "column-name-for-the-score", valueName: "NAME",
        help: "Column the SQL expression is aliased to.",
        default: "health_score")
    ],
    positionals: [
      PositionalSpec("model", help: "The model JSON file."),
      PositionalSpec("out", help: "Where to write the SQL."),
    ])

  /// A command with no options or positionals.
  static let bare = CommandSpec(name: "bare", abstract: "Do nothing.")
}
