import HealthCal
import HealthCalFormats
import HealthCalReports
import HealthCalArguments

/// `healthcal presets`: list the built-in models, or print one as JSON to edit.
enum PresetsCommand {
  static let spec = CommandSpec(
    name: "presets",
    abstract: "List the built-in models, or print one as model JSON to copy and edit.",
    options: [DataOptions.out, DataOptions.force, DataOptions.quiet],
    positionals: [PositionalSpec("name", help: "A preset to print as JSON.", isOptional: true)])

  static func run(_ arguments: ParsedArguments, _ output: inout Output) throws {
    try DataOptions.checkOutputs(["out"], arguments)
    guard let name = arguments.positional("name") else {
      var table = TextTable(headers: ["preset", "components"], alignments: [.left, .left])
      for preset in Presets.all {
        table.append([preset.name, preset.components.map { "\($0.name) \(NumberFormat.fixed($0.weight, digits: 0))" }.joined(separator: ", ")])
      }
      output.write(table.renderPlain(), terminator: "")
      return
    }
    guard let preset = Presets.named(name) else {
      throw UsageError.invalidValue(option: "name", value: name, expected: "one of \(Presets.all.map(\.name).joined(separator: ", "))")
    }
    try DataOptions.emit(preset.json.serialized(pretty: true) + "\n", arguments, &output)
  }
}
