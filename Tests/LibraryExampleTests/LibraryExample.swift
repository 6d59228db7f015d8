import HealthCal
import HealthCalReports

/// The README's "Using the library" example, kept verbatim between the
/// markers below: `LibraryExampleTests` runs it and checks the README still
/// shows exactly this code, and `.ci/run` builds this file in a package of
/// its own, where only `public` API is visible.
func auditFromTheLibrary(snapshots: String, outcomes: String) throws -> String {
  // README EXAMPLE BEGIN
  // Load the export, score it with a built-in model, audit it at two horizons.
  let table = try SnapshotLoader.load(path: snapshots)
  let outcomes = try OutcomeLoader.load(path: outcomes, snapshots: table)
  let scorer = try Scorer(model: Presets.chs4, table: table, modelSource: "chs-4")
  var settings = RunSettings()
  settings.horizons = [90, 30]
  settings.bootstrapReplicates = 0
  let audit = Audit(scorer: scorer, outcomes: outcomes, configuration: settings)

  // Read the figures directly…
  var summary = ""
  for result in audit.horizons {
    let green = result.overall.greenChurn
    summary += "\(result.horizon) days: \(green.numerator) of \(green.denominator) churned accounts were green\n"
  }

  // …or render any report in any of its formats, and write a model as JSON.
  let markdown = AuditReport(audit: audit, bands: Presets.chs4.bands).rendered(as: .markdown)
  let modelFile = Presets.chs4.json.serialized(pretty: true)
  // README EXAMPLE END
  return summary + markdown + modelFile
}
