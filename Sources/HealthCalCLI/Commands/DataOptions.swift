import Foundation
import HealthCal
import HealthCalReports
import HealthCalFormats
import HealthCalArguments

/// The data flags shared by `validate`, `score` and `audit`, declared once so
/// every command spells and documents them the same way.
enum DataOptions {
  static let snapshots = OptionSpec("snapshots", valueName: "FILE", help: "Account snapshots, CSV or JSON Lines (.jsonl), or - for standard input (CSV): account_id, as_of, optional segment and arr, and signal columns.")
  static let outcomes = OptionSpec("outcomes", valueName: "FILE", help: "Outcomes, CSV or JSON Lines, or - for standard input: account_id, outcome (churned|renewed), date, optional arr.")
  static let model = OptionSpec("model", valueName: "FILE|PRESET", help: "A model JSON file, or a built-in preset: \(Presets.all.map(\.name).joined(separator: ", ")).", default: "chs-4")
  static let out = OptionSpec("out", valueName: "FILE", help: "Write the report to FILE (atomically) instead of standard output.")
  static let seed = OptionSpec("seed", valueName: "N", help: "Seed for every random choice (bootstrap resamples).", default: "1")
  static let quiet = OptionSpec("quiet", help: "Print nothing on standard error except errors.")
  static let force = OptionSpec("force", help: "Replace output files that already exist.")
  static let horizons = OptionSpec(
    "horizons", valueName: "DAYS", help: "Comma-separated horizons in days before the outcome.", default: .value(RunSettings.defaultHorizons.map(String.init).joined(separator: ",")))
  static let maxStaleness = OptionSpec(
    "max-staleness", valueName: "DAYS", help: "How much older than the horizon date a snapshot may be.", default: .value(String(RunSettings.defaultMaxStaleness)))
  /// `--bootstrap`, with each command's own words for what is resampled.
  static func bootstrap(help: String) -> OptionSpec {
    OptionSpec("bootstrap", valueName: "N", help: help, default: .value(String(RunSettings.defaultBootstrapReplicates)))
  }
  static let observedUntil = OptionSpec(
    "observed-until", valueName: "DATE", help: "End of observation for renewed accounts without a date.",
    default: .computed("latest snapshot date"))
  static let demoWithPreset = OptionSpec("demo", help: "Use the bundled demo data (Fixtures/demo/) and the chs-4 preset.")
  static let design = OptionSpec(
    "design", valueName: "auto|landmark|renewal",
    help: "Which accounts a churned account is compared with: renewal (each scored h days before its own outcome), landmark (only accounts scored at the same date and still customers h days later), or auto (renewal unless the scoring dates of churned and other accounts differ).",
    default: "auto")
  static let landmarkEvery = OptionSpec(
    "landmark-every", valueName: "SPACING", help: "Landmark dates of the landmark design: every distinct snapshot date, or a grid from the first one such as 1m, 4w or 30d.",
    default: .computed("every snapshot date"))

  static let columns = OptionSpec(
    "columns", valueName: "NAME=COLUMN,…",
    help: #"The export's names for account_id, as_of, segment, arr or any signal, e.g. account_id="Account ID",as_of=snapshot_date (account_id and arr apply to the outcomes too)."#)
  static let outcomeColumns = OptionSpec(
    "outcome-columns", valueName: "NAME=COLUMN,…", help: #"The outcomes file's names for account_id, outcome, date and arr, e.g. outcome=Status,date="Close Date"."#)
  static let outcomeValues = OptionSpec(
    "outcome-values", valueName: "KIND=WORD,…", help: "Other words for churned and renewed, e.g. churned=Lost,renewed=Won (any letter case; a kind may repeat).")
  static let dateFormat = OptionSpec(
    "date-format", valueName: "FORMAT",
    help: "How dates are written: \(DateFormat.allCases.map(\.rawValue).joined(separator: ", ")) (timestamps are read as their day).",
    default: "YYYY-MM-DD")
  static let percent = OptionSpec("percent", help: "Read signal cells written as percentages (45%) as fractions (0.45).")
  static let project = OptionSpec(
    "project", valueName: "FILE", help: "Settings file with the data paths, column mapping and formats.",
    default: .computed("healthcal.json beside the snapshots, or in the current folder"))
  static let segmentBy = OptionSpec(
    "segment-by", valueName: "COLUMN|none", help: "Break results down by a text column (segment, region, plan tier, CSM owner), or none.",
    default: .computed("segment, or the column the model's overrides key on"))
  static let maxSegments = OptionSpec("max-segments", valueName: "N", help: "Most distinct values the --segment-by column may have.", default: "50")
  static let threads = OptionSpec(
    "threads", valueName: "N", help: "Threads that read a large CSV file (and search, in tune); results do not depend on it.",
    default: .computed("all cores"))
  /// The options that describe how an export is shaped.
  static let exportOptions = [columns, outcomeColumns, outcomeValues, dateFormat, percent, project]

  /// The project file that applies (see ``ProjectFile/find(named:besideSnapshots:)``),
  /// none with `--demo`, announced on standard error.
  static func project(_ arguments: ParsedArguments, _ output: inout Output) throws -> ProjectFile? {
    guard arguments.command.option(named: "project") != nil else { return nil }
    if arguments.command.option(named: "demo") != nil, arguments.flag("demo") {
      if arguments.isSpecified("project") { throw UsageError.conflicting("demo", "project") }
      return nil
    }
    let found = try ProjectFile.find(named: arguments.string("project"), besideSnapshots: arguments.string("snapshots"))
    if let found, !arguments.isSpecified("project"), !arguments.flag("quiet") {
      output.writeError("using settings from \(found.path)")
    }
    return found
  }

  /// Loads the model named by `--model` (else the project file's, else
  /// chs-4): a preset name, else a file path.
  static func model(_ arguments: ParsedArguments, project: ProjectFile? = nil) throws(InputError) -> (HealthModel, String) {
    try model(named: arguments.isSpecified("model") ? arguments.string("model")! : project?.model ?? "chs-4")
  }

  /// How to read the export: the project file's settings, then the flags,
  /// then the columns `models` read; and whether results are broken down by
  /// segment (see ``segmentColumn(requested:keyedOn:)``).
  static func importSettings(
    _ arguments: ParsedArguments, project: ProjectFile?, models: [HealthModel]
  ) throws -> (settings: ImportSettings, bySegment: Bool) {
    var settings = project?.settings ?? ImportSettings()
    if let text = arguments.string("columns") {
      settings.columns.merge(try pairs("columns", text).map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
    }
    if let text = arguments.string("outcome-columns") {
      for pair in try pairs("outcome-columns", text) {
        guard ["account_id", "outcome", "date", "arr"].contains(pair.name) else {
          throw UsageError.invalidValue(option: "outcome-columns", value: text, expected: "names among account_id, outcome, date, arr")
        }
        settings.outcomeColumns[pair.name] = pair.value
      }
    }
    if let text = arguments.string("outcome-values") {
      var churned: [String] = []
      var renewed: [String] = []
      for pair in try pairs("outcome-values", text) {
        switch pair.name {
        case "churned": churned.append(pair.value)
        case "renewed": renewed.append(pair.value)
        default: throw UsageError.invalidValue(option: "outcome-values", value: text, expected: "pairs such as churned=Lost,renewed=Won")
        }
      }
      settings.outcomeValues = OutcomeValues(churned: churned, renewed: renewed)
    }
    if arguments.isSpecified("date-format"), let name = arguments.string("date-format") {
      guard let format = DateFormat(name: name) else {
        throw UsageError.invalidValue(
          option: "date-format", value: name, expected: "one of \(DateFormat.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      settings.dateFormat = format
    }
    if arguments.command.option(named: "percent") != nil, arguments.flag("percent") { settings.percent = true }
    if arguments.command.option(named: "max-segments") != nil, arguments.isSpecified("max-segments"),
      let limit = try arguments.int("max-segments", in: 1...1_000_000)
    {
      settings.maximumSegments = limit
    }
    let overrides = Set(models.filter { !$0.segments.isEmpty }.map(\.segmentColumn)).sorted()
    guard overrides.count <= 1 else {
      throw UsageError.custom("the models' segment overrides key on different columns (\(overrides.joined(separator: ", "))); compare models whose overrides key on one column")
    }
    let requested = arguments.command.option(named: "segment-by") == nil ? nil : arguments.string("segment-by") ?? project?.segmentBy
    let (column, bySegment) = try segmentColumn(requested: requested, keyedOn: overrides.first)
    settings.segmentColumn = column
    return (settings.reading(models), bySegment)
  }

  /// The segment column a run reads and whether results are broken down by
  /// it, from `--segment-by` (`requested`, `nil` when not given) and the
  /// column the models' overrides key on, if any.
  ///
  /// The column is `requested`, else the overrides' column, else
  /// `segment`. With overrides it must be their column, since scores depend
  /// on it; `none` then still reads it for the scores and only drops the
  /// breakdown.
  static func segmentColumn(requested: String?, keyedOn keyed: String?) throws(UsageError) -> (column: String?, bySegment: Bool) {
    switch requested {
    case nil:
      return (keyed ?? "segment", true)
    case "none"?:
      return (keyed, false)
    case let column?:
      if let keyed, keyed != column {
        throw .invalidValue(
          option: "segment-by", value: column,
          expected: "\(keyed), the column the model's segment overrides key on (scores depend on it), or none")
      }
      return (column, true)
    }
  }

  /// `NAME=VALUE` pairs separated by commas; a value may be double-quoted
  /// to hold commas or spaces (`account_id="Account, ID"`).
  static func pairs(_ option: String, _ text: String) throws(UsageError) -> [(name: String, value: String)] {
    var fields: [String] = []
    var current = ""
    var isQuoted = false
    for character in text {
      if character == "\"" {
        isQuoted.toggle()
      } else if character == ",", !isQuoted {
        fields.append(current)
        current = ""
      } else {
        current.append(character)
      }
    }
    fields.append(current)
    var result: [(name: String, value: String)] = []
    for field in fields {
      let parts = field.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      guard !isQuoted, parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
        throw .invalidValue(option: option, value: text, expected: "NAME=VALUE pairs separated by commas, such as account_id=\"Account ID\",as_of=snapshot_date")
      }
      result.append((parts[0], parts[1]))
    }
    return result
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

  /// The snapshots and outcomes paths: `--snapshots` and `--outcomes` (else
  /// the project file's), or the bundled demo book with `--demo` (which
  /// excludes both).
  static func dataPaths(_ arguments: ParsedArguments, project: ProjectFile? = nil) throws -> (snapshots: String, outcomes: String) {
    if arguments.flag("demo") {
      if arguments.isSpecified("snapshots") { throw UsageError.conflicting("demo", "snapshots") }
      if arguments.isSpecified("outcomes") { throw UsageError.conflicting("demo", "outcomes") }
      return try DemoData.paths()
    }
    let snapshots = try snapshotsPath(arguments, project: project)
    guard let outcomes = arguments.string("outcomes") ?? project?.outcomes else { throw UsageError.missingArgument("outcomes") }
    try checkStandardInput(snapshots, outcomes)
    return (snapshots, outcomes)
  }

  /// `--snapshots`, else the project file's snapshots.
  static func snapshotsPath(_ arguments: ParsedArguments, project: ProjectFile?) throws(UsageError) -> String {
    guard let path = arguments.string("snapshots") ?? project?.snapshots else { throw .missingArgument("snapshots") }
    return path
  }

  /// Refuses standard input (`-`) for both files: it is one stream.
  static func checkStandardInput(_ snapshots: String, _ outcomes: String?) throws(UsageError) {
    guard snapshots == "-", outcomes == "-" else { return }
    throw .custom("--snapshots and --outcomes cannot both read standard input (-); save one of them to a file")
  }

  /// Loads the snapshots and outcomes of an audit, comparison, search or
  /// score listing, holding only the snapshot rows it reads (see
  /// ``EvaluationData``), with a progress line on standard error while a
  /// large file is read (see ``ProgressLine``).
  static func loadEvaluationData(
    _ paths: (snapshots: String, outcomes: String?), settings: ImportSettings, keeping needs: EvaluationRows, _ arguments: ParsedArguments
  ) throws -> EvaluationData {
    let progress = ProgressLine(arguments)
    defer { progress.finish() }
    let resolved = URL(fileURLWithPath: paths.snapshots).resolvingSymlinksInPath().path
    let size = Double((try? FileManager.default.attributesOfItem(atPath: resolved)[.size] as? NSNumber)?.intValue ?? 0)
    let name = URL(fileURLWithPath: paths.snapshots).lastPathComponent
    let megabytes = NumberFormat.fixed(size / 1e6, digits: 0)
    let threads = (arguments.command.option(named: "threads") == nil ? nil : try arguments.int("threads", in: 1...256))
      ?? ProcessInfo.processInfo.activeProcessorCount
    return try EvaluationData.load(
      snapshots: paths.snapshots, outcomes: paths.outcomes, settings: settings, keeping: needs, threads: threads
    ) { pass, bytesRead in
      let share = NumberFormat.percent(size > 0 ? Double(bytesRead) / size : nil)
      progress.show("reading \(name) (pass \(pass) of 2): \(NumberFormat.fixed(Double(bytesRead) / 1e6, digits: 0)) of \(megabytes) MB (\(share))")
    }
  }

  /// `--format`, checked against the formats `report` can be written in;
  /// the report's first format when not given.
  static func format<R: Report>(_ arguments: ParsedArguments, of report: R.Type) throws(UsageError) -> ReportFormat {
    guard let name = try arguments.choice("format", among: R.formats.map(\.rawValue)) else { return R.formats[0] }
    return ReportFormat(rawValue: name)!
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
