/// The `inputs` and `settings` blocks the audit and compare JSON reports
/// share, written once so the two schemas cannot drift apart.
enum ReportJSON {
  /// What was read: files, counts and the end of observation.
  static func inputs(
    snapshots: String, accounts: Int, snapshotRows: Int, outcomes: Int, churned: Int, observedUntil: CalendarDate
  ) -> JSONValue {
    .object(JSONObject([
      ("snapshots", .string(snapshots)),
      ("accounts", .int(accounts)),
      ("snapshot_rows", .int(snapshotRows)),
      ("outcomes", .int(outcomes)),
      ("churned", .int(churned)),
      ("observed_until", .string(observedUntil.description)),
    ]))
  }

  /// How the audit ran; the seed is a string because a 64-bit seed does not
  /// fit a JSON number exactly.
  static func settings(_ configuration: AuditConfiguration, bootstrapReplicates: Int, seed: UInt64) -> JSONValue {
    .object(JSONObject([
      ("horizons", .array(configuration.horizons.map(JSONValue.int))),
      ("max_staleness_days", .int(configuration.maxStaleness)),
      ("at_risk", .string(configuration.atRisk.rawValue)),
      ("bootstrap_replicates", .int(bootstrapReplicates)),
      ("seed", .string(String(seed))),
    ]))
  }
}
