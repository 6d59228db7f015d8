import HealthCal
import HealthCalFormats

extension Audit {
  /// The audit as JSON in the documented, stable report schema
  /// (see README, "Audit JSON"). Keys are in a fixed order and numbers are
  /// printed in shortest round-trip form, so the same inputs and seed give
  /// byte-identical output and no precision is lost for downstream checks.
  package var json: JSONValue {
    .object(JSONObject([
      ("report", .string("audit")),
      ("schema", .number(1)),
      ("tool", .string("healthcal \(HealthCalVersion.current)")),
      ("model", .string(modelName)),
      ("inputs", ReportJSON.inputs(
        snapshots: snapshotsFile, accounts: accountCount, snapshotRows: snapshotCount, outcomes: outcomeCount,
        churned: churnedCount, observedUntil: observedUntil)),
      ("settings", ReportJSON.settings(configuration, bootstrapReplicates: configuration.bootstrapReplicates, seed: configuration.seed)),
      ("design", ReportJSON.design(design, reason: designReason, check: calendarCheck, spacing: configuration.landmarkSpacing)),
      ("warnings", .array(warnings.map(\.json))),
      ("segment_column", .string(segmentColumn)),
      ("horizons", .array(horizons.map { result in
        .object(JSONObject([
          ("horizon_days", .int(result.horizon)),
          ("landmark_exclusions", design == .landmark ? result.exclusions.json : .null),
          ("overall", result.overall.json),
          ("segments", .array(result.segments.map(\.json))),
        ]))
      })),
      ("lead_time", leadTimeJSON),
      ("misses", .array(misses.map(\.json))),
    ]))
  }

  private var leadTimeJSON: JSONValue {
    .object(JSONObject([
      ("churned", .int(leadTime.churnedCount)),
      ("flagged_before_churn", .int(leadTime.flaggedCount)),
      ("median_days", .optional(leadTime.medianDays)),
      ("flagged_at_least", .object(JSONObject(configuration.horizons.map { ("\($0)", leadTime.flagged(atLeast: $0).json) }))),
    ]))
  }
}

extension GroupMetrics {
  /// This group's metrics in the audit report schema.
  package var json: JSONValue {
    .object(JSONObject([
      ("group", .string(group)),
      ("coverage", .object(JSONObject([
        ("outcomes", .int(coverage.outcomes)),
        ("scored", .int(coverage.scored)),
        ("churned_scored", .int(coverage.churnedScored)),
        ("renewed_scored", .int(coverage.renewedScored)),
        ("churned_unscored", .int(coverage.churnedUnscored)),
        ("renewed_unscored", .int(coverage.renewedUnscored)),
        ("gaps", .object(JSONObject(HorizonPicker.Gap.allCases.map { ($0.rawValue, .int(coverage.gaps[$0] ?? 0)) }))),
      ]))),
      ("bands", .object(JSONObject(Band.allCases.map { band in
        let counts = bandCounts[band] ?? (0, 0)
        return (band.rawValue, .object(JSONObject([("churned", .int(counts.churned)), ("renewed", .int(counts.renewed))])))
      }))),
      ("green_churn_rate", greenChurn.json),
      ("at_risk_recall", atRiskRecall.json),
      ("precision", precision.json),
      ("false_alarm_rate", falseAlarmRate.json),
      ("alert_rate", alertRate.json),
      ("arr", .object(JSONObject([
        ("green_churn_share", greenChurnARR.json),
        ("at_risk_recall", atRiskRecallARR.json),
        ("false_alarm_share", falseAlarmARR.json),
        ("accounts_without_arr", .int(accountsWithoutARR)),
      ]))),
      ("roc_auc", .object(JSONObject([
        ("value", .optional(rocAUC)),
        ("ci95", rocAUCInterval.map { .array([.number($0.lower), .number($0.upper)]) } ?? .null),
        ("bootstrap_replicates", .int(rocAUCInterval?.replicates ?? 0)),
      ]))),
      ("average_precision", .optional(averagePrecision)),
      ("ks", .optional(kolmogorovSmirnov)),
      ("calibration", .object(JSONObject([
        ("intercept", .optional(calibration?.intercept)),
        ("slope", .optional(calibration?.slope)),
        ("brier", .optional(brierScore)),
      ]))),
      ("deciles", .array(deciles.rows.map { row in
        .object(JSONObject([
          ("decile", .int(row.decile)),
          ("accounts", .int(row.count)),
          ("churned", .int(row.churned)),
          ("min_score", .optional(row.minScore)),
          ("max_score", .optional(row.maxScore)),
          ("churn_rate", .optional(row.churnRate)),
        ]))
      })),
      ("deciles_monotonic", isMeasurable ? .bool(deciles.isMonotonic) : .null),
    ]))
  }
}

extension ARRShare {
  /// `{"arr", "of", "value"}`, with `null` where undefined.
  package var json: JSONValue {
    .object(JSONObject([("arr", .number(numerator)), ("of", .number(denominator)), ("value", .optional(value))]))
  }
}

extension Miss {
  /// One miss-list entry in the audit report schema.
  package var json: JSONValue {
    .object(JSONObject([
      ("account_id", .string(accountID)),
      ("segment", segment.map(JSONValue.string) ?? .null),
      ("arr", .optional(arr)),
      ("churn_date", .string(churnDate.description)),
      ("green_at", .array(greenHorizons.map(JSONValue.int))),
      ("horizons", .array(horizons.map { entry in
        .object(JSONObject([
          ("horizon_days", .int(entry.horizon)),
          ("as_of", .string(entry.asOf.description)),
          ("score", .number(entry.scored.score)),
          ("band", .string(entry.scored.band.rawValue)),
          ("contributions", .array(entry.topContributions.map { contribution in
            .object(JSONObject([
              ("component", .string(contribution.name)),
              ("sub_score", .optional(contribution.subScore)),
              ("share", .number(contribution.share)),
              ("points", .number(contribution.points)),
              ("points_above_neutral", .number(contribution.pointsAboveNeutral)),
            ]))
          })),
        ]))
      })),
    ]))
  }
}

