import HealthCalFormats

/// Checks snapshots, outcomes and a model together and lists every problem
/// found in one pass, so a user fixes a file once instead of once per error.
public struct Validation: Sendable {
  /// Every problem found, in file order (snapshots, outcomes, model).
  public var issues: [InputError]
  /// Problems found beyond the reporting cap.
  public var suppressedCount: Int
  /// Problems of one kind beyond the examples in ``issues``, by kind.
  package var repeats: [IssueLog.Repeat]
  /// Snapshot rows read without a problem.
  public var snapshotRows: Int
  /// Accounts in the snapshots.
  public var accounts: Int
  /// Signal columns the model reads, as found in the snapshots.
  public var signalColumns: [String]
  /// The snapshot columns nothing reads, with the kind of value each holds.
  public var unusedColumns: [ColumnProfile]
  /// Outcomes read without a problem, if an outcomes file was given.
  public var outcomes: Int?

  /// Runs every check. A problem that stops a file from being read at all
  /// (missing file, broken header) is listed and ends that file's checks.
  /// - Parameters:
  ///   - snapshotsPath: the snapshots file.
  ///   - outcomesPath: the outcomes file, if any.
  ///   - model: the model to check the columns of, if any.
  ///   - modelSource: how the model was named, for messages.
  ///   - settings: how the export is shaped; with a model, the columns it
  ///     reads are checked, without one the columns `settings` names.
  public init(snapshotsPath: String, outcomesPath: String?, model: HealthModel?, modelSource: String, settings: ImportSettings = ImportSettings()) {
    let settings = model.map(settings.reading) ?? settings
    var log = IssueLog(stopsAtFirst: false)
    var fatal: [InputError] = []
    var table: SnapshotTable?
    var profiles: [ColumnProfile] = []
    do {
      // Streamed, values checked but not kept: a book too large to hold
      // whole (52 million rows) is validated in a fifth of the memory.
      let builder = try SnapshotLoader.pass(path: snapshotsPath, settings: settings, log: &log) { builder in
        var checking = builder.checking
        checking.profilesUnused = true
        return checking
      }
      profiles = builder.profiles
      table = try builder.finish(log: &log)
    } catch {
      fatal.append(error)
    }
    var outcomeCount: Int?
    if let outcomesPath, let table {
      do {
        let outcomes = try OutcomeLoader.load(path: outcomesPath, snapshots: table, settings: settings, log: &log)
        outcomeCount = outcomes.count
        dates = (table, outcomes)
      } catch {
        fatal.append(error)
      }
    }
    var modelIssues: [InputError] = []
    if let model, let table {
      for column in model.columns where table.signalIndex(of: column) == nil {
        modelIssues.append(.unknownColumn(SourceLocation(file: modelSource), column: column, available: table.fileColumns))
      }
      do {
        _ = try Scorer(model: model, table: table, modelSource: modelSource)
      } catch {
        if !modelIssues.contains(error) { modelIssues.append(error) }
      }
    }
    issues = log.issues + fatal + modelIssues
    suppressedCount = log.suppressedCount
    repeats = log.repeats
    snapshotRows = table?.rowCount ?? 0
    accounts = table?.accountIDs.count ?? 0
    signalColumns = table?.signalNames ?? []
    unusedColumns = profiles
    outcomes = outcomeCount
  }

  /// Whether the inputs can be audited as they are.
  public var isValid: Bool { issues.isEmpty && suppressedCount == 0 && repeats.isEmpty }

  /// The snapshots' accounts and dates (no signal values) and the outcomes,
  /// when both loaded: what the calendar check reads.
  var dates: (table: SnapshotTable, outcomes: [Outcome])?
}
