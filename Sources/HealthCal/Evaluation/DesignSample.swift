/// The observations one horizon compares under an ``EvaluationDesign``.
///
/// The renewal design has one observation per account with an outcome: its
/// ``HorizonPicker`` pick. The landmark design has, at each landmark date L,
/// the *cases* (churned accounts whose horizon pick falls at L, the pick
/// unchanged) and the *controls* (accounts with a snapshot at L, within the
/// staleness limit, known to still be customers at L + h). An account can
/// be a control at several landmarks, and a churned account is a control at
/// the landmarks before the one where it is a case: that is how a
/// risk-set comparison works, and why resampling must be by account.
///
/// Landmarks where no churned account was scored hold no comparison, so
/// their controls are left out (and counted).
public struct DesignSample: Sendable {
  /// One scored snapshot: the row, the account's outcome, and the landmark
  /// day it is compared at (`nil` in the renewal design).
  public struct Observation: Hashable, Sendable {
    /// The snapshot row.
    public var row: Int
    /// The account's outcome.
    public var outcome: Outcome
    /// Days since 1970-01-01 of the landmark, or `nil` in the renewal design.
    public var landmark: Int?
    /// Whether this observation is a case: the account churned h days after
    /// it. In the renewal design, whether the account churned; in the
    /// landmark design a churned account is a control at earlier landmarks.
    public var isCase: Bool
  }

  /// What the landmark design left out at this horizon, each counted once
  /// per (account, landmark).
  public struct Exclusions: Hashable, Sendable {
    /// Landmarks with at least one case.
    public var landmarksWithCases = 0
    /// Landmarks with a snapshot but no case: no comparison there.
    public var landmarksWithoutCases = 0
    /// Renewed accounts not observed until L + h (status unknown).
    public var unknownStatus = 0
    /// Accounts with snapshots but no outcome (status unknown).
    public var noOutcome = 0
    /// Churned accounts at a landmark after their own case landmark, or
    /// churning within h days of it: not known to be customers at L + h.
    public var churningWithinHorizon = 0

    /// Creates empty counts.
    public init() {}

    /// Observations left out because their status at L + h is not known.
    public var statusUnknown: Int { unknownStatus + noOutcome }
  }

  /// The design the sample was drawn under.
  public var design: EvaluationDesign
  /// Days before the outcome.
  public var horizon: Int
  /// The scored observations: in the renewal design in outcome order; in
  /// the landmark design by landmark, then account.
  public var observations: [Observation]
  /// Accounts with an outcome that have no pick at the horizon, with the
  /// reason. In the landmark design only churned accounts are listed: a
  /// non-churned account is not scored at one date but at every landmark
  /// where its status is known.
  public var gaps: [(account: Int, gap: HorizonPicker.Gap)]
  /// What the landmark design left out (all zero in the renewal design).
  public var exclusions: Exclusions

  /// Draws the sample.
  /// - Parameters:
  ///   - landmarks: the landmark days, ascending (landmark design only).
  ///   - observedUntil: the end of observation: the date of renewals without
  ///     one, and how long renewed accounts are known to stay customers.
  /// - Complexity: renewal O(outcomes · log k); landmark O(landmarks · accounts · log k)
  ///   for k snapshots per account.
  public init(
    design: EvaluationDesign, table: SnapshotTable, outcomes: [Outcome], horizon: Int, picker: HorizonPicker,
    landmarks: [Int], observedUntil: CalendarDate
  ) {
    self.design = design
    self.horizon = horizon
    let selection = picker.select(in: table, outcomes: outcomes, horizon: horizon, observedUntil: observedUntil)
    exclusions = Exclusions()
    guard design == .landmark else {
      observations = selection.picked.map { Observation(row: $0.row, outcome: $0.outcome, landmark: nil, isCase: $0.outcome.isChurned) }
      gaps = selection.gaps
      return
    }
    var outcomeOf = [Outcome?](repeating: nil, count: table.accountIDs.count)
    for outcome in outcomes { outcomeOf[outcome.account] = outcome }
    gaps = selection.gaps.filter { outcomeOf[$0.account]?.isChurned == true }

    // Cases: each churned pick, at the latest landmark on or before its date.
    var casesAt = [[Observation]](repeating: [], count: landmarks.count)
    var caseLandmark = [Int?](repeating: nil, count: table.accountIDs.count)
    for (row, outcome) in selection.picked where outcome.isChurned {
      guard let l = Self.landmarkIndex(onOrBefore: Int(table.rowDate[row]), in: landmarks) else { continue }
      casesAt[l].append(Observation(row: row, outcome: outcome, landmark: landmarks[l], isCase: true))
      caseLandmark[outcome.account] = l
    }
    let knownUntil = observedUntil.daysSinceEpoch
    var observations: [Observation] = []
    for (l, landmark) in landmarks.enumerated() {
      guard !casesAt[l].isEmpty else {
        exclusions.landmarksWithoutCases += 1
        continue
      }
      exclusions.landmarksWithCases += 1
      var atLandmark = casesAt[l]
      for account in table.accountIDs.indices where caseLandmark[account] != l {
        guard let row = table.latestRow(account: account, onOrBefore: landmark, notBefore: landmark - picker.maxStaleness) else { continue }
        guard let outcome = outcomeOf[account] else {
          exclusions.noOutcome += 1
          continue
        }
        let statusDay = landmark + horizon
        if outcome.isChurned {
          // Before its own case landmark a churned account is still a
          // customer h days later; from then on it is not a control.
          guard outcome.date!.daysSinceEpoch > statusDay, caseLandmark[account].map({ l < $0 }) ?? true else {
            exclusions.churningWithinHorizon += 1
            continue
          }
        } else if max(outcome.date?.daysSinceEpoch ?? knownUntil, knownUntil) < statusDay {
          exclusions.unknownStatus += 1
          continue
        }
        atLandmark.append(Observation(row: row, outcome: outcome, landmark: landmark, isCase: false))
      }
      atLandmark.sort { $0.outcome.account < $1.outcome.account }
      observations += atLandmark
    }
    self.observations = observations
  }

  /// The index of the latest landmark on or before `day`, `nil` before the first.
  static func landmarkIndex(onOrBefore day: Int, in landmarks: [Int]) -> Int? {
    var low = 0
    var high = landmarks.count
    while low < high {
      let mid = (low + high) / 2
      if landmarks[mid] <= day { low = mid + 1 } else { high = mid }
    }
    return low > 0 ? low - 1 : nil
  }
}
