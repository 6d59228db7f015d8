/// The built-in models, named after the customer-health-score layouts that CS
/// teams most often start from.
///
/// Component weights follow the seed documents exactly; the signal mappings
/// (ranges, directions) are healthcal's defaults for the column names the
/// contract lists, and are written out in `Fixtures/models/` so teams can copy
/// and edit them.
public enum Presets {
  /// Every preset by name, in listing order.
  public static let all: [HealthModel] = [chs4, chs5]

  /// The preset named `name`, if there is one.
  public static func named(_ name: String) -> HealthModel? {
    all.first { $0.name == name }
  }

  /// `chs-4`: product engagement 40, support health 20, relationship depth 25,
  /// NPS/CSAT trend 15. The typical hand-set weighting that has never been checked.
  public static let chs4 = HealthModel(
    name: "chs-4",
    description: "Four-component customer health score: product engagement 40, support health 20, relationship depth 25, NPS/CSAT trend 15.",
    components: [
      Component(name: "product_engagement", weight: 40, signals: [
        Signal(column: "dau_mau", transform: .linear(low: 0.15, high: 0.55)),
        Signal(column: "feature_adoption", transform: .linear(low: 0.25, high: 0.75)),
        Signal(column: "license_utilization", transform: .linear(low: 0.5, high: 1.0)),
      ]),
      Component(name: "support_health", weight: 20, signals: [
        Signal(column: "tickets_30d", transform: .linear(low: 15, high: 0)),
        Signal(column: "escalations_90d", transform: .linear(low: 3, high: 0)),
      ]),
      Component(name: "relationship_depth", weight: 25, signals: [
        Signal(column: "exec_login_days", transform: .linear(low: 0, high: 10)),
        Signal(column: "champion_changed", transform: .boolean(trueScore: 0, falseScore: 100)),
        Signal(column: "qbr_scheduled", transform: .boolean(trueScore: 100, falseScore: 50)),
      ]),
      Component(name: "nps_csat_trend", weight: 15, signals: [
        Signal(column: "nps", transform: .delta(days: 90, low: -30, high: 10, maxGap: 31)),
        Signal(column: "csat", transform: .linear(low: 3.0, high: 5.0)),
      ]),
    ],
    missing: .neutral,
    bands: Bands(redBelow: 50, greenAtOrAbove: 70))

  /// `chs-5`: product usage 40, support 20, engagement 20, payment and contract
  /// 10, executive relationship 10.
  public static let chs5 = HealthModel(
    name: "chs-5",
    description: "Five-component customer health score: product usage 40, support 20, engagement 20, payment and contract 10, executive relationship 10.",
    components: [
      Component(name: "product_usage", weight: 40, signals: [
        Signal(column: "dau_mau", weight: 2, transform: .linear(low: 0.15, high: 0.55)),
        Signal(column: "license_utilization", transform: .linear(low: 0.5, high: 1.0)),
        Signal(column: "dau_mau", transform: .delta(days: 90, low: -0.2, high: 0, maxGap: 31)),
      ]),
      Component(name: "support", weight: 20, signals: [
        Signal(column: "tickets_30d", transform: .linear(low: 15, high: 0)),
        Signal(column: "escalations_90d", transform: .bands(thresholds: [1, 3], scores: [100, 50, 0])),
      ]),
      Component(name: "engagement", weight: 20, signals: [
        Signal(column: "feature_adoption", transform: .linear(low: 0.25, high: 0.75)),
        Signal(column: "qbr_scheduled", transform: .boolean(trueScore: 100, falseScore: 50)),
        Signal(column: "nps", transform: .linear(low: -50, high: 50), missing: .renormalize),
      ]),
      Component(name: "payment_and_contract", weight: 10, signals: [
        Signal(column: "payment_overdue", transform: .boolean(trueScore: 0, falseScore: 100)),
      ]),
      Component(name: "executive_relationship", weight: 10, signals: [
        Signal(column: "exec_login_days", transform: .linear(low: 0, high: 10)),
        Signal(column: "champion_changed", transform: .boolean(trueScore: 0, falseScore: 100)),
      ]),
    ],
    missing: .neutral,
    bands: Bands(redBelow: 50, greenAtOrAbove: 70))
}
