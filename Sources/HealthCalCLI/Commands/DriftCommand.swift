import Foundation
import HealthCal
import HealthCalFormats
import HealthCalReports
import HealthCalArguments

/// `healthcal drift`: has the book moved since the weights were fitted?
enum DriftCommand {
  static let formats = DriftReport.formats.map(\.rawValue)

  static let spec = CommandSpec(
    name: "drift",
    abstract: "Say whether to keep the model or recalibrate: population stability since the reference period, and green churn then and now.",
    discussion: """
      Compares snapshots dated before --reference-before (or, for a model written by healthcal tune, the period its \
      calibration block records) with those dated on or after it: the population stability index (PSI) of the score \
      and of every signal the model reads, the band mix, and with --outcomes the green-churn rate of accounts that \
      churned in each period, with a two-proportion test. The verdict is RECALIBRATE when the current green-churn rate \
      at any horizon exceeds --max-green-churn or any PSI is major (> 0.25), KEEP otherwise. Exit code 0 for keep, 3 \
      for recalibrate, so a scheduled job can act on it.
      """,
    options: [
      DataOptions.snapshots,
      OptionSpec("outcomes", valueName: "FILE", help: "Outcomes, for the green-churn rates (optional)."),
      DataOptions.model, DataOptions.demoWithPreset,
      OptionSpec("reference-before", valueName: "DATE", help: "Snapshots before this date are the reference period.", default: .computed("the model's calibration date + 1 day")),
      OptionSpec("max-green-churn", valueName: "RATE", help: "The current green-churn rate (0-1) above which to recalibrate.", default: "0.25"),
      OptionSpec("min-churned", valueName: "N", help: "The fewest current churners a horizon's green-churn rate is judged on.", default: "10"),
      DataOptions.horizons, DataOptions.maxStaleness,
      OptionSpec("format", valueName: "FORMAT", help: "Output format: \(formats.joined(separator: ", ")).", default: "table"),
      DataOptions.out, DataOptions.force, DataOptions.threads, DataOptions.quiet,
    ] + DataOptions.exportOptions)

  static func run(_ arguments: ParsedArguments, _ output: inout Output) throws {
    try DataOptions.checkOutputs(["out"], arguments)
    let project = try DataOptions.project(arguments, &output)
    let paths: (snapshots: String, outcomes: String?) =
      arguments.flag("demo")
      ? try DataOptions.dataPaths(arguments, project: project) : (try DataOptions.snapshotsPath(arguments, project: project), arguments.string("outcomes") ?? project?.outcomes)
    try DataOptions.checkStandardInput(paths.snapshots, paths.outcomes)
    let format = try DataOptions.format(arguments, of: DriftReport.self)
    var configuration = try AuditCommand.configuration(arguments)
    configuration.bySegment = false
    let maximumGreenChurn = try arguments.double("max-green-churn", in: 0...1) ?? 0.25
    let minimumChurned = try arguments.int("min-churned", in: 1...1_000_000) ?? 10

    let (model, modelSource) = try DataOptions.model(arguments, project: project)
    let (settings, _) = try DataOptions.importSettings(arguments, project: project, models: [model])
    let threads = try arguments.int("threads", in: 1...256) ?? ProcessInfo.processInfo.activeProcessorCount
    let table = try SnapshotLoader.load(path: paths.snapshots, settings: settings, threads: threads)
    let outcomes = try paths.outcomes.map { path throws(InputError) in try OutcomeLoader.load(path: path, snapshots: table, settings: settings) } ?? []
    let referenceBefore = try referenceDate(arguments, model: model, modelSource: modelSource, snapshots: paths.snapshots, &output)
    let first = table.fileDates.min().map(CalendarDate.init(daysSinceEpoch:))
    let last = table.latestDate
    if let first, referenceBefore <= first {
      throw UsageError.custom("no snapshot is dated before \(referenceBefore), so the reference period is empty; the snapshots start \(first)")
    }
    if let last, referenceBefore > last {
      throw UsageError.custom(
        "no snapshot is dated on or after \(referenceBefore), so there is no current period to compare (the snapshots end \(last)); pass a newer export")
    }
    let check = DriftCheck(
      scorer: try Scorer(model: model, table: table, modelSource: modelSource), outcomes: outcomes, referenceBefore: referenceBefore,
      configuration: configuration, maximumGreenChurn: maximumGreenChurn, minimumChurned: minimumChurned)
    try DataOptions.emit(DriftReport(check: check).rendered(as: format), arguments, &output)
    if check.verdict == .recalibrate { throw ActionNeeded() }
  }

  /// `--reference-before`, else the day after the date in the model's
  /// calibration block (the last day of the data it was tuned on).
  static func referenceDate(
    _ arguments: ParsedArguments, model: HealthModel, modelSource: String, snapshots: String, _ output: inout Output
  ) throws -> CalendarDate {
    if let date = try arguments.date("reference-before") { return date }
    guard case .object(let calibration)? = model.calibration, case .string(let text)? = calibration["date"],
      let through = CalendarDate(iso: text)
    else {
      throw UsageError.custom(
        "drift needs a reference period: pass --reference-before DATE, or a --model written by healthcal tune (its calibration block records the data it was fitted on); \(modelSource) has none")
    }
    let start = CalendarDate(daysSinceEpoch: through.daysSinceEpoch + 1)
    if !arguments.flag("quiet") { output.writeError("reference period: snapshots through \(through), from \(modelSource)'s calibration block") }
    if case .array(let inputs)? = calibration["inputs"],
      inputs.contains(where: { input in
        guard case .object(let object) = input, object["role"] == .string("snapshots"), case .string(let hash)? = object["sha256"] else { return false }
        return (try? SHA256.hex(fileAt: snapshots)) == hash
      }), !arguments.flag("quiet")
    {
      output.writeError("note: \(snapshots) is the file \(modelSource) was tuned on (same SHA-256)")
    }
    return start
  }
}
