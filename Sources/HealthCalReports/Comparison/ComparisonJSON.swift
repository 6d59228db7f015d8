import HealthCal
import HealthCalFormats

extension ModelComparison {
  /// The comparison as JSON in a fixed, stable schema. Keys are in the order
  /// below and numbers print in shortest round-trip form, so the same inputs
  /// and seed give byte-identical output.
  ///
  /// ```
  /// {
  ///   "report": "compare", "schema": 1, "tool": "healthcal <version>",
  ///   "models": {"a": <name>, "b": <name>},
  ///   "inputs": {"snapshots", "accounts", "snapshot_rows", "outcomes", "churned", "observed_until"},
  ///   "settings": {"horizons", "max_staleness_days", "at_risk", "bootstrap_replicates", "seed" (string)},
  ///   "design": {"name": "renewal"|"landmark", "reason"}, "warnings": [{"kind", "column", "message"}],
  ///   "horizons": [{
  ///     "horizon_days": 90,
  ///     "scored": {"a", "b", "both", "churned_both"},
  ///     "a": <model metrics>, "b": <model metrics>,
  ///     "difference": {
  ///       "green_churn_rate": <paired difference>, "roc_auc": <paired difference>,
  ///       "at_risk_recall": <number|null>, "false_alarm_rate": <number|null>, "alert_rate": <number|null>
  ///     },
  ///     "band_changes": <count>
  ///   }],
  ///   "band_changes": [{"account_id", "horizon_days", "landmark" (landmark design only), "outcome": "churned"|"renewed",
  ///                     "a": {"score", "band"}, "b": {"score", "band"}}]
  /// }
  /// ```
  ///
  /// `<model metrics>` is `{"green_churn_rate", "at_risk_recall",
  /// "false_alarm_rate", "alert_rate"}`, each a rate as in the audit report
  /// (`{"count", "of", "value", "ci95"}`, Wilson interval), plus `"roc_auc"`
  /// (number or `null`). Every figure is over the accounts both models scored
  /// (`scored.both`). `<paired difference>` is `{"estimate", "ci95",
  /// "probability_positive", "bootstrap_replicates"}`: B − A on the full
  /// sample, the paired percentile bootstrap 95% interval, and the share of
  /// resamples with B − A > 0 (ties half); `ci95` and `probability_positive`
  /// are `null` and `bootstrap_replicates` 0 when there is no bootstrap, and
  /// `estimate` is `null` when the difference is undefined. A positive
  /// `probability_positive` near 1 means B is better for `roc_auc` and worse
  /// for `green_churn_rate`. `band_changes` lists every account scored by both
  /// models whose band differs, by horizon (settings order) then account id.
  package var json: JSONValue {
    .object(JSONObject([
      ("report", .string("compare")),
      ("schema", .number(1)),
      ("tool", .string("healthcal \(HealthCalVersion.current)")),
      ("models", .object(JSONObject([("a", .string(baselineName)), ("b", .string(candidateName))]))),
      ("inputs", ReportJSON.inputs(
        snapshots: snapshotsFile, accounts: accountCount, snapshotRows: snapshotCount, outcomes: outcomeCount,
        churned: churnedCount, observedUntil: observedUntil)),
      ("settings", ReportJSON.settings(configuration, bootstrapReplicates: bootstrapReplicates, seed: seed)),
      ("design", .object(JSONObject([("name", .string(design.rawValue)), ("reason", .string(designReason))]))),
      ("warnings", .array(warnings.map(\.json))),
      ("horizons", .array(horizons.map { h in
        .object(JSONObject([
          ("horizon_days", .int(h.horizon)),
          ("scored", .object(JSONObject([
            ("a", .int(h.scoredByBaseline)),
            ("b", .int(h.scoredByCandidate)),
            ("both", .int(h.scoredByBoth)),
            ("churned_both", .int(h.churnedScoredByBoth)),
          ]))),
          ("a", h.baseline.json),
          ("b", h.candidate.json),
          ("difference", .object(JSONObject([
            ("green_churn_rate", Self.json(h.greenChurnChange, h.greenChurnDifference)),
            ("roc_auc", Self.json(h.rocAUCChange, h.rocAUCDifference)),
            ("at_risk_recall", .optional(h.atRiskRecallChange)),
            ("false_alarm_rate", .optional(h.falseAlarmRateChange)),
            ("alert_rate", .optional(h.alertRateChange)),
          ]))),
          ("band_changes", .int(h.bandChangeCount)),
        ]))
      })),
      ("band_changes", .array(bandChanges.map { change in
        .object(JSONObject([
          ("account_id", .string(change.accountID)),
          ("horizon_days", .int(change.horizon)),
        ] + (change.landmark.map { [("landmark", JSONValue.string($0.description))] } ?? []) + [
          ("outcome", .string(change.isChurned ? "churned" : "renewed")),
          ("a", .object(JSONObject([("score", .number(change.baselineScore)), ("band", .string(change.baselineBand.rawValue))]))),
          ("b", .object(JSONObject([("score", .number(change.candidateScore)), ("band", .string(change.candidateBand.rawValue))]))),
        ]))
      })),
    ]))
  }

  /// A paired difference: the point estimate, and the bootstrap when there is one.
  private static func json(_ estimate: Double?, _ bootstrap: PairedBootstrap?) -> JSONValue {
    .object(JSONObject([
      ("estimate", .optional(estimate)),
      ("ci95", bootstrap.map { .array([.number($0.lower), .number($0.upper)]) } ?? .null),
      ("probability_positive", .optional(bootstrap?.probabilityPositive)),
      ("bootstrap_replicates", .int(bootstrap?.replicates ?? 0)),
    ]))
  }
}

extension ModelComparison.ModelMetrics {
  /// One model's figures at one horizon in the comparison report schema.
  package var json: JSONValue {
    .object(JSONObject([
      ("green_churn_rate", greenChurn.json),
      ("at_risk_recall", atRiskRecall.json),
      ("false_alarm_rate", falseAlarmRate.json),
      ("alert_rate", alertRate.json),
      ("roc_auc", .optional(rocAUC)),
    ]))
  }
}
