import Testing

@testable import HealthCalArguments

/// Help text, byte for byte.
@Suite struct HelpGeneratorTests {
  let generator = HelpGenerator()

  @Test func commandHelpGolden() {
    #expect(
      generator.help(for: CLISampleCommands.audit) == """
        OVERVIEW: Measure how well a health score predicted churn.

        For each horizon, every account is scored on its latest snapshot on or before
        the outcome date minus the horizon; accounts without one are reported as
        coverage gaps.

        USAGE: healthcal audit [<options>] [<model>]

        ARGUMENTS:
          <model>                 A model JSON file or a preset name.

        OPTIONS:
          --snapshots <FILE>      Snapshot rows, CSV or JSON Lines.
          --outcomes <FILE>       Outcome rows, CSV or JSON Lines.
          --horizons <DAYS>       Days before the outcome date at which the score is
                                  read, comma-separated. (default: 90,60,30)
          --observed-until <DATE>
                                  End of observation for renewed accounts. (default:
                                  latest snapshot date)
          --format <FORMAT>       table, json, csv or markdown. (default: table)
          --alert-budget <SHARE>  Largest share of accounts flagged.
          --seed <N>              Seed for the bootstrap. (default: 42)
          --quiet                 Print nothing but errors.
          -h, --help              Show help information.
        """)
  }

  @Test func longLabelGoesOnItsOwnLine() {
    #expect(
      generator.help(for: CLISampleCommands.export) == """
        OVERVIEW: Write a model as SQL.

        USAGE: healthcal export [--column-name-for-the-score <NAME>] <model> <out>

        ARGUMENTS:
          <model>                 The model JSON file.
          <out>                   Where to write the SQL.

        OPTIONS:
          --column-name-for-the-score <NAME>
                                  Column the SQL expression is aliased to. (default:
                                  health_score)
          -h, --help              Show help information.
        """)
  }

  @Test func commandWithoutArgumentsHasNoArgumentsSection() {
    #expect(
      generator.help(for: CLISampleCommands.bare) == """
        OVERVIEW: Do nothing.

        USAGE: healthcal bare

        OPTIONS:
          -h, --help              Show help information.
        """)
  }

  @Test func rootHelpGolden() {
    let text = generator.rootHelp(
      commands: [CLISampleCommands.audit, CLISampleCommands.export, CLISampleCommands.bare],
      abstract: "Does your customer health score predict churn?")
    #expect(
      text == """
        OVERVIEW: Does your customer health score predict churn?

        USAGE: healthcal <subcommand>

        OPTIONS:
          --version               Show the version.
          -h, --help              Show help information.

        SUBCOMMANDS:
          audit                   Measure how well a health score predicted churn.
          export                  Write a model as SQL.
          bare                    Do nothing.

          See 'healthcal help <subcommand>' for detailed help.
        """)
  }

  @Test func discussionParagraphsAreKept() {
    let command = CommandSpec(
      name: "c", abstract: "Short.", discussion: "First paragraph.\n\nSecond paragraph.")
    #expect(
      generator.help(for: command) == """
        OVERVIEW: Short.

        First paragraph.

        Second paragraph.

        USAGE: healthcal c

        OPTIONS:
          -h, --help              Show help information.
        """)
  }

  @Test func usageListsOptionsWhenTheyFit() {
    let command = CommandSpec(
      name: "score",
      abstract: "Score.",
      options: [
        OptionSpec("model", valueName: "FILE|PRESET", help: "Model."),
        OptionSpec("quiet", help: "Quiet."),
      ],
      positionals: [
        PositionalSpec("snapshots", help: "Snapshots."),
        PositionalSpec("out", help: "Out.", isOptional: true),
      ])
    #expect(
      generator.usage(for: command)
        == "healthcal score [--model <FILE|PRESET>] [--quiet] <snapshots> [<out>]")
  }

  @Test func usageLineFitsTheScreenOrCollapses() {
    let line = generator.usage(for: CLISampleCommands.export)
    #expect("USAGE: ".count + line.count == 74)
    #expect(HelpGenerator(screenWidth: 74).usage(for: CLISampleCommands.export) == line)
    let narrow = HelpGenerator(screenWidth: 73)
    #expect(
      narrow.usage(for: CLISampleCommands.export) == "healthcal export [<options>] <model> <out>")
  }

  @Test func everyLineFitsTheScreen() {
    for width in [40, 60, 80] {
      let narrow = HelpGenerator(screenWidth: width)
      for line in narrow.help(for: CLISampleCommands.audit).split(separator: "\n")
      where !line.hasPrefix("USAGE:") {
        // Only an unbreakable label or word may overflow.
        #expect(
          line.count <= width || !line.drop(while: { $0 == " " }).contains(" "), "\(width): \(line)"
        )
      }
    }
  }

  @Test func helpIsGeneratedFromTheTable() {
    let help = generator.help(for: CLISampleCommands.audit)
    for option in CLISampleCommands.audit.options {
      #expect(help.contains("  \(option.synopsis)"), "\(option.name)")
    }
  }

  @Test func emptyHelpLeavesNoTrailingSpaces() {
    let command = CommandSpec(name: "c", abstract: "A.", options: [OptionSpec("x", help: "")])
    #expect(
      generator.help(for: command).hasSuffix(
        "OPTIONS:\n  --x\n  -h, --help              Show help information."))
  }
}
