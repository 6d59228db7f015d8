import HealthCal
import HealthCalFormats

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
  static func settings(_ configuration: RunSettings, bootstrapReplicates: Int, seed: UInt64) -> JSONValue {
    .object(JSONObject([
      ("horizons", .array(configuration.horizons.map(JSONValue.int))),
      ("max_staleness_days", .int(configuration.maxStaleness)),
      ("at_risk", .string(configuration.atRisk.rawValue)),
      ("bootstrap_replicates", .int(bootstrapReplicates)),
      ("seed", .string(String(seed))),
    ]))
  }

  /// Which design ran, why, and the calendar check behind `auto`.
  static func design(_ design: EvaluationDesign, reason: String, check: CalendarCheck, spacing: LandmarkSpacing) -> JSONValue {
    .object(JSONObject([
      ("name", .string(design.rawValue)),
      ("reason", .string(reason)),
      ("landmarks", design == .landmark ? .string(spacing.description) : .null),
      ("calendar_check", .object(JSONObject([
        ("tolerance", .number(CalendarCheck.tolerance)),
        ("passes", .bool(check.passes)),
        ("horizons", .array(check.horizons.map { h in
          .object(JSONObject([
            ("horizon_days", .int(h.horizon)),
            ("churned_median_date", h.churnedMedian.map { .string($0.description) } ?? .null),
            ("other_median_date", h.otherMedian.map { .string($0.description) } ?? .null),
            ("date_auc", .optional(h.dateAUC)),
            ("passes", .bool(h.passes)),
          ]))
        })),
      ]))),
    ]))
  }
}

extension DesignSample.Exclusions {
  /// What the landmark design left out at one horizon.
  var json: JSONValue {
    .object(JSONObject([
      ("landmarks_with_cases", .int(landmarksWithCases)),
      ("landmarks_without_cases", .int(landmarksWithoutCases)),
      ("status_unknown_renewed", .int(unknownStatus)),
      ("status_unknown_no_outcome", .int(noOutcome)),
      ("churning_within_horizon", .int(churningWithinHorizon)),
    ]))
  }
}
