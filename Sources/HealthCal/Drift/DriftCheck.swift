import HealthCalFormats

/// Has the book moved since the model was fitted? `healthcal drift`.
///
/// Compares snapshot rows dated before ``referenceBefore`` (the reference
/// period, usually the data the weights were fitted on) with rows dated on
/// or after it (the current period): the ``PopulationStability`` of the
/// score and of every signal the model reads (a trajectory signal on the
/// change it reads), the band mix, and, where outcomes exist, the green-churn
/// rate of accounts that churned in each period, scored at each horizon as
/// the audit scores them, with a two-proportion test.
///
/// The verdict answers the quarterly question with one word. "recalibrate"
/// when the current green-churn rate at any horizon exceeds
/// ``maximumGreenChurn`` (the seed's rule: recalibrate when the false-negative
/// rate crosses a threshold) over at least ``minimumChurned`` scored churners
/// (one green churner of three is not evidence), or when the score or any signal the model reads
/// has a major PSI (> 0.25: the weights were fitted on a different
/// population); "keep" otherwise.
public struct DriftCheck: Sendable {
  /// What the check concludes.
  public enum Verdict: String, Hashable, Sendable {
    /// Nothing calls for new weights.
    case keep
    /// Fit the weights again (`healthcal tune`).
    case recalibrate
  }

  /// One period's extent.
  public struct Period: Hashable, Sendable {
    /// The first and last snapshot dates, `nil` without rows.
    public var first: CalendarDate?
    /// The last snapshot date.
    public var last: CalendarDate?
    /// Snapshot rows.
    public var rows: Int
  }

  /// One signal's stability.
  public struct SignalStability: Hashable, Sendable {
    /// The column.
    public var column: String
    /// The look-back of a trajectory signal (its PSI is of the change), `nil` otherwise.
    public var lookBackDays: Int?
    /// The stability.
    public var stability: PopulationStability
  }

  /// The green-churn rate of each period's churned accounts at one horizon.
  public struct GreenChurn: Hashable, Sendable {
    /// Days before churn.
    public var horizon: Int
    /// Accounts that churned before ``DriftCheck/referenceBefore``.
    public var reference: Rate
    /// Accounts that churned on or after it.
    public var current: Rate
    /// Two-sided p-value of the difference.
    public var pValue: Double
  }

  /// The first day of the current period.
  public var referenceBefore: CalendarDate
  /// The reference period.
  public var reference: Period
  /// The current period.
  public var current: Period
  /// The score's stability (unscorable rows in the missing bin).
  public var score: PopulationStability
  /// Every signal the model reads, in model order (each column and look-back
  /// once; a trajectory whose look-back leaves a period without rows is left out).
  public var signals: [SignalStability]
  /// Rows per band in each period, red, amber, green, then unscored.
  public var bandMix: [(band: String, reference: Int, current: Int)]
  /// Per horizon, empty without outcomes.
  public var greenChurn: [GreenChurn]
  /// The limit on the current green-churn rate.
  public var maximumGreenChurn: Double
  /// The fewest churned accounts scored in the current period at a horizon
  /// for its green-churn rate to count in the verdict.
  public var minimumChurned: Int
  /// The verdict.
  public var verdict: Verdict
  /// What led to it, one sentence each: the rules that fired, or why none did.
  public var reasons: [String]

  /// Runs the check.
  /// - Parameters:
  ///   - scorer: the model bound to every snapshot row.
  ///   - outcomes: the outcomes, possibly none.
  ///   - referenceBefore: rows before this day are the reference period.
  ///   - configuration: horizons and staleness, as in the audit.
  ///   - maximumGreenChurn: the green-churn rate that calls for recalibration.
  ///   - minimumChurned: the fewest current churners a horizon's rate is judged on.
  /// - Precondition: both periods have rows.
  public init(
    scorer: Scorer, outcomes: [Outcome], referenceBefore: CalendarDate, configuration: RunSettings, maximumGreenChurn: Double,
    minimumChurned: Int = 10
  ) {
    let table = scorer.table
    let cut = referenceBefore.daysSinceEpoch
    let rows = Array(0..<table.rowCount)
    // Each period's rows, in row order, found once.
    let referenceRows = rows.filter { Int(table.rowDate[$0]) < cut }
    let currentRows = rows.filter { Int(table.rowDate[$0]) >= cut }
    func period(_ rows: [Int]) -> Period {
      let dates = rows.map { Int(table.rowDate[$0]) }
      return Period(
        first: dates.min().map(CalendarDate.init(daysSinceEpoch:)), last: dates.max().map(CalendarDate.init(daysSinceEpoch:)), rows: dates.count)
    }
    self.referenceBefore = referenceBefore
    reference = period(referenceRows)
    current = period(currentRows)
    precondition(reference.rows > 0 && current.rows > 0, "both periods need rows")
    func split<T>(_ values: [T]) -> (reference: [T], current: [T]) {
      (referenceRows.map { values[$0] }, currentRows.map { values[$0] })
    }

    let scores = SubScoreMatrix(scorer: scorer, rows: rows)
      .scores(weightSets: scorer.allWeightSets, assignment: rows.map(scorer.weightSetIndex(forRow:)))
    let (referenceScores, currentScores) = split(scores)
    score = PopulationStability(reference: referenceScores, current: currentScores)
    let bands = rows.map { row in scores[row].map { scorer.bands(forRow: row).band(for: $0) } }
    let (referenceBands, currentBands) = split(bands)
    bandMix = ([Band.red, .amber, .green].map(Optional.some) + [nil]).map { band in
      (band?.rawValue ?? "unscored", referenceBands.filter { $0 == band }.count, currentBands.filter { $0 == band }.count)
    }

    // A trajectory has no earlier snapshot to compare with in its first
    // `days` of data, in any account: those rows are left out of its PSI,
    // or the reference period's structural gaps would read as drift.
    let firstDay = table.fileDates.min() ?? Int.min
    var seen = Set<String>()
    var signals: [SignalStability] = []
    for (k, component) in scorer.model.components.enumerated() {
      for (s, signal) in component.signals.enumerated() where seen.insert("\(signal.column)@\(signal.transform.lookBack?.days ?? 0)").inserted {
        let earliest = firstDay + (signal.transform.lookBack?.days ?? 0)
        func values(_ rows: [Int]) -> [Double?] {
          rows.filter { Int(table.rowDate[$0]) >= earliest }.map { scorer.rawValue(row: $0, component: k, signal: s) }
        }
        let (reference, current) = (values(referenceRows), values(currentRows))
        guard !reference.isEmpty, !current.isEmpty else { continue }
        signals.append(SignalStability(
          column: signal.column, lookBackDays: signal.transform.lookBack?.days,
          stability: PopulationStability(reference: reference, current: current)))
      }
    }
    self.signals = signals

    let picker = configuration.picker
    greenChurn = configuration.horizons.map { horizon in
      var tallies = [(green: 0, scored: 0), (green: 0, scored: 0)]
      for outcome in outcomes where outcome.isChurned {
        guard let date = outcome.date, case .success(let row) = picker.pick(in: table, account: outcome.account, outcomeDate: date, horizon: horizon),
          let band = bands[row]
        else { continue }
        let p = date.daysSinceEpoch >= cut ? 1 : 0
        tallies[p].scored += 1
        if band == .green { tallies[p].green += 1 }
      }
      return GreenChurn(
        horizon: horizon, reference: Rate(tallies[0].green, of: tallies[0].scored), current: Rate(tallies[1].green, of: tallies[1].scored),
        pValue: TwoProportionTest.pValue(
          Double(tallies[0].green), of: Double(tallies[0].scored), Double(tallies[1].green), of: Double(tallies[1].scored)))
    }
    self.maximumGreenChurn = maximumGreenChurn
    self.minimumChurned = minimumChurned

    let judged = greenChurn.filter { $0.current.denominator >= minimumChurned }
    let tooFew = greenChurn.filter { $0.current.denominator > 0 && $0.current.denominator < minimumChurned }
      .map { "\($0.current.denominator) at \($0.horizon) days" }
    var reasons: [String] = []
    for change in judged {
      guard let rate = change.current.value, rate > maximumGreenChurn else { continue }
      reasons.append(
        "green-churn rate \(NumberFormat.percent(rate)) (\(change.current.numerator) of \(change.current.denominator)) at \(change.horizon) days "
          + "exceeds \(NumberFormat.percent(maximumGreenChurn))")
    }
    if score.reading == .major { reasons.append("the score's PSI is \(NumberFormat.fixed(score.index, digits: 2)) (major)") }
    for signal in signals where signal.stability.reading == .major {
      reasons.append("\(Self.name(signal))'s PSI is \(NumberFormat.fixed(signal.stability.index, digits: 2)) (major)")
    }
    verdict = reasons.isEmpty ? .keep : .recalibrate
    if reasons.isEmpty {
      let largest = signals.max { $0.stability.index < $1.stability.index }
      reasons.append(
        "no PSI is major (score \(NumberFormat.fixed(score.index, digits: 2))"
          + (largest.map { ", largest signal \(Self.name($0)) \(NumberFormat.fixed($0.stability.index, digits: 2))" } ?? "") + ")")
      let rates = judged.compactMap { change in change.current.value.map { "\(NumberFormat.percent($0)) at \(change.horizon) days" } }
      if !rates.isEmpty {
        reasons.append("the current green-churn rate (\(rates.joined(separator: ", "))) is within \(NumberFormat.percent(maximumGreenChurn))")
      } else if tooFew.isEmpty {
        reasons.append("no churned account was scored in the current period, so the green-churn rule could not be checked")
      }
    }
    if !tooFew.isEmpty {
      reasons.append(
        "too few churned accounts were scored in the current period to judge green churn (\(tooFew.joined(separator: ", ")); the rule needs \(minimumChurned))")
    }
    self.reasons = reasons
  }

  /// A signal's name in reports: the column, with the look-back of a trajectory.
  public static func name(_ signal: SignalStability) -> String {
    signal.lookBackDays.map { "\(signal.column) (\($0)-day change)" } ?? signal.column
  }
}
