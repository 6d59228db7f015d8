import HealthCalFormats

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
  ///
  /// Stored in 12 bytes (the class in the top bit of the outcome index): a
  /// million accounts at 13 landmarks and 3 horizons are 39 million of them.
  public struct Observation: Hashable, Sendable {
    private var storedRow: Int32
    private var storedOutcome: UInt32
    private var storedLandmark: Int32

    init(row: Int, outcomeIndex: Int, landmark: Int?, isCase: Bool) {
      precondition(outcomeIndex >= 0 && outcomeIndex < 1 << 31, "fewer than 2³¹ outcomes")
      storedRow = Int32(row)
      storedOutcome = UInt32(outcomeIndex) | (isCase ? 1 << 31 : 0)
      storedLandmark = landmark.map(Int32.init) ?? .min
    }

    /// The index of the account's outcome in ``DesignSample/outcomes``.
    var outcomeIndex: Int { Int(storedOutcome & 0x7FFF_FFFF) }
    /// Whether this observation is a case: the account churned h days after
    /// it. In the renewal design, whether the account churned; in the
    /// landmark design a churned account is a control at earlier landmarks.
    public var isCase: Bool { storedOutcome >> 31 == 1 }

    /// The snapshot row.
    public var row: Int { Int(storedRow) }
    /// Days since 1970-01-01 of the landmark, or `nil` in the renewal design.
    public var landmark: Int? { storedLandmark == .min ? nil : Int(storedLandmark) }
  }

  /// The outcomes the observations refer to (the caller's array, shared).
  public var outcomes: [Outcome]

  /// The outcome of an observation's account.
  public func outcome(of observation: Observation) -> Outcome {
    outcomes[observation.outcomeIndex]
  }

  /// What the landmark design left out at this horizon, each counted once
  /// per (account, landmark).
  public struct Exclusions: Hashable, Sendable {
    /// Landmarks with at least one case.
    public var landmarksWithCases = 0
    /// Landmarks with a snapshot but no case: no comparison there.
    public var landmarksWithoutCases = 0
    /// Renewed accounts not observed until L + h, or churned ones without a date (status unknown).
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
    self.outcomes = outcomes
    exclusions = Exclusions()
    // The outcome index of each account, -1 for none.
    var outcomeIndex = [Int32](repeating: -1, count: table.accountIDs.count)
    for (i, outcome) in outcomes.enumerated() { outcomeIndex[outcome.account] = Int32(i) }
    var picks: [(row: Int, outcome: Int)] = []
    var gaps: [(account: Int, gap: HorizonPicker.Gap)] = []
    for (i, outcome) in outcomes.enumerated() {
      switch picker.pick(in: table, account: outcome.account, outcomeDate: outcome.date ?? observedUntil, horizon: horizon) {
      case .success(let row): picks.append((row, i))
      case .failure(let gap): if design == .renewal || outcome.isChurned { gaps.append((outcome.account, gap)) }
      }
    }
    self.gaps = gaps
    guard design == .landmark else {
      observations = picks.map { Observation(row: $0.row, outcomeIndex: $0.outcome, landmark: nil, isCase: outcomes[$0.outcome].isChurned) }
      return
    }

    // Cases: each churned pick, at the latest landmark on or before its date.
    var casesAt = [[Observation]](repeating: [], count: landmarks.count)
    var caseLandmark = [Int?](repeating: nil, count: table.accountIDs.count)
    for (row, i) in picks where outcomes[i].isChurned {
      guard let l = Self.landmarkIndex(onOrBefore: Int(table.rowDate[row]), in: landmarks) else { continue }
      casesAt[l].append(Observation(row: row, outcomeIndex: i, landmark: landmarks[l], isCase: true))
      caseLandmark[outcomes[i].account] = l
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
        guard outcomeIndex[account] >= 0 else {
          exclusions.noOutcome += 1
          continue
        }
        let outcome = outcomes[Int(outcomeIndex[account])]
        let statusDay = landmark + horizon
        if outcome.isChurned {
          // Before its own case landmark a churned account is still a
          // customer h days later; from then on it is not a control. (The
          // loader requires a churn date; without one the status is unknown.)
          guard let churnDate = outcome.date else {
            exclusions.unknownStatus += 1
            continue
          }
          guard churnDate.daysSinceEpoch > statusDay, caseLandmark[account].map({ l < $0 }) ?? true else {
            exclusions.churningWithinHorizon += 1
            continue
          }
        } else if max(outcome.date?.daysSinceEpoch ?? knownUntil, knownUntil) < statusDay {
          exclusions.unknownStatus += 1
          continue
        }
        atLandmark.append(Observation(row: row, outcomeIndex: Int(outcomeIndex[account]), landmark: landmark, isCase: false))
      }
      atLandmark.sort { outcomes[$0.outcomeIndex].account < outcomes[$1.outcomeIndex].account }
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
