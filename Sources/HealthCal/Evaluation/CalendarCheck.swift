import HealthCalFormats

/// Whether churned and non-churned accounts were scored at comparable
/// calendar dates in the renewal design.
///
/// The renewal design scores each account h days before its own outcome. If
/// renewals are dated at the end of the export ("still a customer at the
/// end") while churn happens all through it, every renewed account is scored
/// late and every churned one early, and anything that moves with the
/// calendar separates them. The check measures that directly: the ROC AUC of
/// the scoring date itself as a churn predictor (earlier date = higher risk),
/// per horizon. 0.5 means the dates are interleaved; near 0 or 1 means the
/// date alone tells the classes apart.
///
/// Threshold: the check fails when the date AUC is outside
/// 0.5 ± ``tolerance`` (0.15) at any horizon. Measured with `healthcal synth`:
/// unconfounded books (whose renewals are dated through the year, 10% still
/// active and undated) give date AUCs of 0.47–0.62 (500 and 2,000 accounts,
/// seeds 1–10) and the demo 0.51–0.53; the same books with undated renewals
/// (`--calendar-confound`, 1,000 accounts, seeds 1–4) give 0.99–1.00. A
/// tolerance of 0.1 would have failed one unconfounded book (0.62). A false
/// alarm costs little: `auto` then runs the landmark design, which is valid
/// either way.
public struct CalendarCheck: Hashable, Sendable {
  /// Largest distance of the date AUC from 0.5 that passes.
  public static let tolerance = 0.15

  /// The check at one horizon.
  public struct Horizon: Hashable, Sendable {
    /// Days before the outcome.
    public var horizon: Int
    /// Median scored date of churned accounts (lower median), if any.
    public var churnedMedian: CalendarDate?
    /// Median scored date of the other accounts (lower median), if any.
    public var otherMedian: CalendarDate?
    /// ROC AUC of "scored earlier" as a churn predictor, ties half; `nil`
    /// when a class is empty.
    public var dateAUC: Double?

    /// Whether the dates are comparable (an undefined AUC passes: there
    /// is nothing to compare).
    public var passes: Bool {
      dateAUC.map { abs($0 - 0.5) <= CalendarCheck.tolerance } ?? true
    }
  }

  /// Per horizon, in configuration order.
  public var horizons: [Horizon]

  /// Whether every horizon passes.
  public var passes: Bool { horizons.allSatisfy(\.passes) }

  /// Checks renewal-design samples.
  public init(samples: [DesignSample], table: SnapshotTable) {
    horizons = samples.map { sample in
      let days = sample.observations.map { Int(table.rowDate[$0.row]) }
      let labels = sample.observations.map(\.isCase)
      func median(_ churned: Bool) -> CalendarDate? {
        let chosen = days.indices.filter { labels[$0] == churned }.map { days[$0] }.sorted()
        return chosen.isEmpty ? nil : CalendarDate(daysSinceEpoch: chosen[(chosen.count - 1) / 2])
      }
      let ranked = RankedScores(risk: days.map { -Double($0) }, isChurned: labels)
      return Horizon(horizon: sample.horizon, churnedMedian: median(true), otherMedian: median(false), dateAUC: ranked.rocAUC)
    }
  }
}

extension CalendarCheck {
  /// The check on validated inputs under `configuration` (the audit's
  /// defaults unless given); `nil` when the outcomes did not load.
  public init?(validation: Validation, configuration: RunSettings = RunSettings()) {
    guard let (table, outcomes) = validation.dates else { return nil }
    var renewal = configuration
    renewal.design = .renewal
    self = EvaluationPlan(table: table, outcomes: outcomes, configuration: renewal, screensLeakage: false).calendarCheck
  }
}
