import Foundation
import HealthCal

/// The data flags shared by `validate`, `score` and `audit`, declared once so
/// every command spells and documents them the same way.
enum DataOptions {
  static let snapshots = OptionSpec("snapshots", valueName: "FILE", help: "Account snapshots, CSV or JSON Lines (.jsonl): account_id, as_of, optional segment and arr, and signal columns.")
  static let outcomes = OptionSpec("outcomes", valueName: "FILE", help: "Outcomes, CSV or JSON Lines: account_id, outcome (churned|renewed), date, optional arr.")
  static let model = OptionSpec("model", valueName: "FILE|PRESET", help: "A model JSON file, or a built-in preset: \(Presets.all.map(\.name).joined(separator: ", ")).", default: "chs-4")
  static let out = OptionSpec("out", valueName: "FILE", help: "Write the report to FILE (atomically) instead of standard output.")
  static let seed = OptionSpec("seed", valueName: "N", help: "Seed for every random choice (bootstrap resamples).", default: "1")
  static let quiet = OptionSpec("quiet", help: "Print nothing on standard error except errors.")
  static let force = OptionSpec("force", help: "Replace output files that already exist.")
  static let design = OptionSpec(
    "design", valueName: "auto|landmark|renewal",
    help: "Which accounts a churned account is compared with: renewal (each scored h days before its own outcome), landmark (only accounts scored at the same date and still customers h days later), or auto (renewal unless the scoring dates of churned and other accounts differ).",
    default: "auto")
  static let landmarkEvery = OptionSpec(
    "landmark-every", valueName: "SPACING", help: "Landmark dates of the landmark design: every distinct snapshot date, or a grid from the first one such as 1m, 4w or 30d.",
    default: .computed("every snapshot date"))

  /// Loads the model named by `--model`: a preset name, else a file path.
  static func model(_ arguments: ParsedArguments) throws(InputError) -> (HealthModel, String) {
    try model(named: arguments.string("model") ?? "chs-4")
  }

  /// Loads a model named on the command line (an option value or a
  /// positional): a preset name, unless a file by that name exists, else a
  /// file path. Returns the model and the name as given, for messages.
  static func model(named name: String) throws(InputError) -> (HealthModel, String) {
    if let preset = Presets.named(name), !FileManager.default.fileExists(atPath: name) {
      return (preset, name)
    }
    if !name.contains("/"), !name.hasSuffix(".json"), !FileManager.default.fileExists(atPath: name) {
      throw .unreadable(file: name, reason: "no such model file, and no preset by that name; presets: \(Presets.all.map(\.name).joined(separator: ", "))")
    }
    return (try HealthModel.load(path: name), name)
  }

  /// The snapshots and outcomes paths: `--snapshots` and `--outcomes`, or
  /// the bundled demo book with `--demo` (which excludes both).
  static func dataPaths(_ arguments: ParsedArguments) throws -> (snapshots: String, outcomes: String) {
    if arguments.flag("demo") {
      if arguments.isSpecified("snapshots") { throw UsageError.conflicting("demo", "snapshots") }
      if arguments.isSpecified("outcomes") { throw UsageError.conflicting("demo", "outcomes") }
      return try DemoData.paths()
    }
    guard let snapshots = arguments.string("snapshots") else { throw UsageError.missingArgument("snapshots") }
    guard let outcomes = arguments.string("outcomes") else { throw UsageError.missingArgument("outcomes") }
    return (snapshots, outcomes)
  }

  /// Loads the snapshots and outcomes of an audit, comparison, search or
  /// score listing, holding only the snapshot rows it reads (see
  /// ``EvaluationData``), with a progress line on standard error while a
  /// large file is read (see ``ProgressLine``).
  static func loadEvaluationData(
    _ paths: (snapshots: String, outcomes: String?), keeping needs: EvaluationRows, _ arguments: ParsedArguments
  ) throws(InputError) -> EvaluationData {
    let progress = ProgressLine(arguments)
    defer { progress.finish() }
    let resolved = URL(fileURLWithPath: paths.snapshots).resolvingSymlinksInPath().path
    let size = Double((try? FileManager.default.attributesOfItem(atPath: resolved)[.size] as? NSNumber)?.intValue ?? 0)
    let name = URL(fileURLWithPath: paths.snapshots).lastPathComponent
    let megabytes = NumberFormat.fixed(size / 1e6, digits: 0)
    return try EvaluationData.load(snapshots: paths.snapshots, outcomes: paths.outcomes, keeping: needs) { pass, bytesRead in
      let share = NumberFormat.percent(size > 0 ? Double(bytesRead) / size : nil)
      progress.show("reading \(name) (pass \(pass) of 2): \(NumberFormat.fixed(Double(bytesRead) / 1e6, digits: 0)) of \(megabytes) MB (\(share))")
    }
  }

  /// A required option's value, or a usage error naming it.
  static func required(_ name: String, _ arguments: ParsedArguments) throws(UsageError) -> String {
    guard let value = arguments.string(name) else { throw .missingArgument(name) }
    return value
  }

  /// `--landmark-every`, or `nil` when not given.
  static func landmarkSpacing(_ arguments: ParsedArguments) throws(UsageError) -> LandmarkSpacing? {
    guard let text = arguments.string("landmark-every") else { return nil }
    guard let spacing = LandmarkSpacing(text) else {
      throw .invalidValue(option: "landmark-every", value: text, expected: "a spacing such as 1m, 4w or 30d")
    }
    return spacing
  }

  /// The `--seed` value.
  static func seed(_ arguments: ParsedArguments) throws(UsageError) -> UInt64 {
    guard let text = arguments.string("seed") else { return 1 }
    guard let value = UInt64(text) else {
      throw .invalidValue(option: "seed", value: text, expected: "a non-negative integer")
    }
    return value
  }

  /// Refuses to replace an existing file named by any of `options` (or
  /// listed in `paths`) unless `--force` was given.
  ///
  /// Commands call it before any work, so a long tune does not run only to
  /// stop at the end; the write itself stays atomic either way.
  /// - Throws: ``InputError/unwritable(file:reason:)`` for the first existing file.
  static func checkOutputs(_ options: [String], paths: [String] = [], _ arguments: ParsedArguments) throws(InputError) {
    guard !arguments.flag("force") else { return }
    for path in options.compactMap({ arguments.string($0) }) + paths where FileManager.default.fileExists(atPath: path) {
      throw .unwritable(file: path, reason: "already exists; pass --force to replace it")
    }
  }

  /// Writes `text` to `--out` atomically, or to standard output.
  static func emit(_ text: String, _ arguments: ParsedArguments, _ output: inout Output) throws(InputError) {
    if let path = arguments.string("out") {
      try AtomicFile.write(text, to: path)
      if !arguments.flag("quiet") { output.writeError("wrote \(path)") }
    } else {
      output.write(text, terminator: "")
    }
  }
}

extension InputError: UserFacingError {
  var message: String { description }
}
