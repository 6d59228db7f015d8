import HealthCal
import HealthCalFormats
import HealthCalArguments

/// `healthcal validate`: every problem in the inputs, in one pass.
enum ValidateCommand {
  static let spec = CommandSpec(
    name: "validate",
    abstract: "Check snapshots, outcomes and a model, and list every problem in one pass.",
    discussion: "Exits 0 when the inputs can be audited as they are, 1 when any problem was found.",
    options: [DataOptions.snapshots, DataOptions.outcomes, DataOptions.model, DataOptions.segmentBy, DataOptions.maxSegments, DataOptions.quiet]
      + DataOptions.exportOptions)

  /// Thrown after the problems were printed, so the exit code is 1.
  struct ProblemsFound: UserFacingError {
    var count: Int
    var message: String { "\(count) problem\(count == 1 ? "" : "s") found" }
  }

  static func run(_ arguments: ParsedArguments, _ output: inout Output) throws {
    let project = try DataOptions.project(arguments, &output)
    let snapshotsPath = try DataOptions.snapshotsPath(arguments, project: project)
    let outcomesPath = arguments.string("outcomes") ?? project?.outcomes
    try DataOptions.checkStandardInput(snapshotsPath, outcomesPath)
    var model: HealthModel?
    var modelSource = arguments.string("model") ?? project?.model ?? "chs-4"
    var modelProblem: InputError?
    do {
      (model, modelSource) = try DataOptions.model(arguments, project: project)
    } catch {
      modelProblem = error
    }
    // Without a model no column is known to be a signal, so none is held to numbers.
    let (settings, _) = try DataOptions.importSettings(arguments, project: project, models: model.map { [$0] } ?? [])
    let validation = Validation(
      snapshotsPath: snapshotsPath, outcomesPath: outcomesPath, model: model, modelSource: modelSource,
      settings: settings)
    let problems = validation.issues + (modelProblem.map { [$0] } ?? [])
    for problem in problems { output.write(problem.description) }
    for repeated in validation.repeats { output.write(repeated.example.moreLikeThis(repeated.more)) }
    if validation.suppressedCount > 0 {
      output.write("… and \(validation.suppressedCount) more problems not shown")
    }
    let total = problems.count + validation.suppressedCount + validation.repeats.reduce(0) { $0 + $1.more }
    guard total == 0 else { throw ProblemsFound(count: total) }
    var summary = "ok: \(snapshotsPath): \(validation.snapshotRows) snapshot rows, \(validation.accounts) accounts, \(validation.signalColumns.count) signal columns"
    if let outcomes = validation.outcomes { summary += "; \(outcomes) outcomes" }
    summary += "; model \(modelSource) reads \(model?.columns.count ?? 0) columns, all present"
    output.write(summary)
    if !validation.unusedColumns.isEmpty {
      let listed = validation.unusedColumns.map { "\($0.name) (\($0.kind.rawValue))" }.joined(separator: ", ")
      output.write("not used by the model: \(listed)")
    }
    if let check = CalendarCheck(validation: validation) {
      // What `--design auto` will do with it.
      let warnings = EvaluationWarning.warnings(design: .landmark, check: check, leakage: nil)
      output.write(warnings.first.map { "warning: \($0.message) Audit, tune and compare run the landmark design by default." }
        ?? "calendar check: churned and other accounts are scored at comparable dates; audit, tune and compare run the renewal design by default.")
    }
  }
}
