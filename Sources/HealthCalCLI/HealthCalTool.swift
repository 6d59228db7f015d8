import HealthCal
import HealthCalArguments

/// The `healthcal` command table: every subcommand and its handler.
enum HealthCalTool {
  /// The tool, built on demand: `CommandLineTool` holds closures and is not
  /// `Sendable`, so it cannot be a shared global under strict concurrency.
  static var tool: CommandLineTool {
    CommandLineTool(
      abstract: "Check whether a customer health score predicts churn, and fix it when it does not.",
      discussion: "Start with `healthcal audit --demo`. Exit codes: 0 success, 1 bad input or usage, 2 internal error, 3 drift says recalibrate.",
      version: "healthcal \(HealthCalVersion.current)",
      commands: [
        .init(AuditCommand.spec, handler: AuditCommand.run),
        .init(TuneCommand.spec, handler: TuneCommand.run),
        .init(ScoreCommand.spec, handler: ScoreCommand.run),
        .init(ValidateCommand.spec, handler: ValidateCommand.run),
        .init(SynthCommand.spec, handler: SynthCommand.run),
        .init(CompareCommand.spec, handler: CompareCommand.run),
        .init(SignalsCommand.spec, handler: SignalsCommand.run),
        .init(DriftCommand.spec, handler: DriftCommand.run),
        .init(PresetsCommand.spec, handler: PresetsCommand.run),
        .init(ExportSQLCommand.spec, handler: ExportSQLCommand.run),
      ])
  }
}
