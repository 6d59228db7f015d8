import Testing

@testable import HealthCalArguments

/// The table types and the mistakes they refuse at construction.
@Suite struct CommandSpecTests {
  @Test func optionSynopsis() {
    #expect(OptionSpec("snapshots", valueName: "FILE", help: "").synopsis == "--snapshots <FILE>")
    #expect(OptionSpec("quiet", help: "").synopsis == "--quiet")
    #expect(OptionSpec("quiet", help: "").isFlag)
    #expect(PositionalSpec("model", help: "").displayName == "<model>")
  }

  @Test func defaultText() {
    let literal: OptionSpec.Default = "90,60,30"
    #expect(literal == .value("90,60,30"))
    #expect(literal.text == "90,60,30")
    #expect(OptionSpec.Default.computed("latest snapshot date").text == "latest snapshot date")
  }

  @Test func lookups() {
    let audit = CLISampleCommands.audit
    #expect(audit.option(named: "seed")?.valueName == "N")
    #expect(audit.option(named: "help") == nil)
    #expect(audit.positional(named: "model")?.isOptional == true)
    #expect(audit.positional(named: "nope") == nil)
  }

  @Test func declaringHelpIsRefused() async {
    await #expect(processExitsWith: .failure) {
      _ = CommandSpec(name: "c", abstract: "", options: [OptionSpec("help", help: "")])
    }
  }

  @Test func duplicateOptionIsRefused() async {
    await #expect(processExitsWith: .failure) {
      _ = CommandSpec(
        name: "c", abstract: "", options: [OptionSpec("a", help: ""), OptionSpec("a", help: "")])
    }
  }

  @Test func requiredAfterOptionalPositionalIsRefused() async {
    await #expect(processExitsWith: .failure) {
      _ = CommandSpec(
        name: "c", abstract: "",
        positionals: [
          PositionalSpec("a", help: "", isOptional: true), PositionalSpec("b", help: ""),
        ])
    }
  }

  @Test func optionNameWithDashesIsRefused() async {
    await #expect(processExitsWith: .failure) {
      _ = OptionSpec("--seed", valueName: "N", help: "")
    }
  }

  @Test func misspelledLookupStops() async {
    await #expect(processExitsWith: .failure) {
      let parsed = try? ArgumentParser.parse([], for: CLISampleCommands.audit)
      _ = parsed?.string("snapshot")
    }
  }

  @Test func flagReadAsValueStops() async {
    await #expect(processExitsWith: .failure) {
      let parsed = try? ArgumentParser.parse([], for: CLISampleCommands.audit)
      _ = parsed?.string("quiet")
    }
  }
}
