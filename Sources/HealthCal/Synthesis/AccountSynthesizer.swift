import HealthCalFormats

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// Draws one synthetic account, its timeline and its snapshots, from its own random stream.
///
/// Account `k` reads only `SeededGenerator(seed:stream: k)`, so its data is the
/// same whether the book holds 100 accounts or a million, and accounts can be
/// drawn in any order or in parallel. The rules are documented on ``SyntheticBook``.
struct AccountSynthesizer: Sendable {
  /// The seed shared by every account's stream.
  let seed: UInt64
  /// The snapshot dates of the window, ascending; the last is the configuration's end.
  let dates: [CalendarDate]

  /// Share of accounts whose data starts late in the window.
  static let lateStartShare = 0.05
  /// Share of renewed accounts still active at the end of the window (no outcome date).
  static let stillActiveShare = 0.10
  /// Share of dated outcomes that fall in the last six months of the window.
  static let recentOutcomeShare = 0.80
  /// Share of renewed accounts given a temporary dip (a planted false alarm).
  static let dipShare = 0.20
  /// Share of accounts other than relationship-loss churners whose champion changes.
  static let championChangeShare = 0.05
  /// Share of accounts that never answer the NPS survey.
  static let npsNeverAnswersShare = 0.12
  /// Probability that an answering account leaves a given month's NPS empty.
  static let npsSkipProbability = 0.20
  /// Probability that a month's CSAT is empty.
  static let csatMissingProbability = 0.15
  /// Probability of a stray overdue invoice in any month of a healthy account.
  static let strayOverdueProbability = 0.02

  /// Prepares the window of a configuration.
  init(configuration: SyntheticBookConfiguration) {
    seed = configuration.seed
    dates = configuration.snapshotDates
  }

  /// The `ACC-000042` identifier of the account at a 0-based index.
  static func identifier(at index: Int) -> String {
    let digits = String(index + 1)
    return "ACC-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
  }

  /// Draws the account at a 0-based index.
  ///
  /// - Complexity: O(months).
  func account(at index: Int) -> SyntheticAccount {
    var random = SeededGenerator(seed: seed, stream: UInt64(index))
    let first = dates[0]
    let end = dates[dates.count - 1]

    let profile = Self.segment(random.nextUnit())
    var arr: Double
    repeat {
      arr = (profile.arrMedian * exp(profile.arrSigma * random.nextGaussian())).rounded()
    } while !profile.arrRange.contains(arr)

    let churns = random.nextUnit() < profile.churnRate
    let isStillActive = !churns && random.nextUnit() < Self.stillActiveShare
    let isLateStart = random.nextUnit() < Self.lateStartShare

    let outcomeDate: CalendarDate?
    let renewalDate: CalendarDate
    if isStillActive {
      outcomeDate = nil
      renewalDate = end.adding(days: 1 + random.nextInt(below: 365))
    } else {
      let recentStart = max(first, end.adding(months: -6))
      let isRecent = recentStart == first || random.nextUnit() < Self.recentOutcomeShare
      let (low, high) = isRecent ? (recentStart, end) : (first, recentStart)
      renewalDate = low.adding(days: 1 + random.nextInt(below: high.days(since: low)))
      outcomeDate = renewalDate
    }

    var firstIndex = 0
    if isLateStart {
      if let outcomeDate {
        let cutoff = outcomeDate.adding(days: -(20 + random.nextInt(below: 66)))
        firstIndex = dates.firstIndex { $0 >= cutoff } ?? dates.count - 1
        if dates[firstIndex] >= outcomeDate { firstIndex -= 1 }
      } else {
        firstIndex = dates.count - 1 - random.nextInt(below: min(3, dates.count))
      }
    }
    var lastIndex = dates.count - 1
    if churns, let outcomeDate {
      while dates[lastIndex] >= outcomeDate { lastIndex -= 1 }
    }

    var pattern: SyntheticChurnPattern?
    var degradationStart: CalendarDate?
    var degradationDays = 0
    var championChange: CalendarDate?
    var dip: Dip?
    if churns, let outcomeDate {
      degradationDays =
        profile.degradationDays.lowerBound
        + random.nextInt(below: profile.degradationDays.count)
      degradationStart = outcomeDate.adding(days: -degradationDays)
      let draw = random.nextUnit()
      pattern =
        draw < profile.usageDeclineShare
        ? .usageDecline
        : draw < profile.usageDeclineShare + profile.relationshipLossShare
          ? .relationshipLoss : .paymentDistress
    } else if random.nextUnit() < Self.dipShare {
      let center = first.adding(days: random.nextInt(below: end.days(since: first) + 1))
      let halfWidth = 20 + random.nextInt(below: 26)
      dip = Dip(
        center: center, halfWidth: halfWidth, peak: 0.4 + 0.4 * random.nextUnit(),
        isUsage: random.nextUnit() < 0.7)
    }
    // The relationship signals lead: they start to slip half a window before
    // the usage signals do, which is what makes a trajectory-and-relationship
    // score catch churners 90 days out that a usage-heavy score misses.
    let relationshipLead = degradationDays / 2
    if pattern == .relationshipLoss, let degradationStart {
      championChange = degradationStart.adding(days: random.nextInt(below: degradationDays / 2 + 1))
    } else if random.nextUnit() < Self.championChangeShare {
      let earliest = first.adding(days: -60)
      championChange = earliest.adding(days: random.nextInt(below: end.days(since: earliest) + 1))
    }

    let baseline = Baseline(profile: profile, random: &random)
    var snapshots: [SyntheticSnapshot] = []
    snapshots.reserveCapacity(lastIndex - firstIndex + 1)
    for date in dates[firstIndex...lastIndex] {
      var pressure = Pressure()
      if let pattern, let degradationStart {
        func severity(from start: CalendarDate, over days: Int) -> Double {
          pow(min(max(Double(date.days(since: start)) / Double(days), 0), 1), profile.severityExponent)
        }
        pressure = Pressure(
          pattern: pattern, severity: severity(from: degradationStart, over: degradationDays),
          relationshipSeverity: severity(
            from: degradationStart.adding(days: -relationshipLead), over: degradationDays + relationshipLead))
      } else if let dip {
        pressure = dip.pressure(on: date)
      }
      let changedChampion = championChange.map { date >= $0 && date.days(since: $0) < 90 } ?? false
      snapshots.append(
        baseline.snapshot(
          on: date, pressure: pressure, championChanged: changedChampion, random: &random))
    }

    return SyntheticAccount(
      id: Self.identifier(at: index), segment: profile.name, arr: arr,
      outcome: churns ? .churned : .renewed, outcomeDate: outcomeDate, renewalDate: renewalDate,
      degradationStart: degradationStart, churnPattern: pattern,
      dipStart: dip.map { $0.center.adding(days: -$0.halfWidth) }, championChange: championChange,
      isLateStart: isLateStart, snapshots: snapshots)
  }

  /// The segment whose share interval holds a uniform draw.
  static func segment(_ draw: Double) -> SegmentProfile {
    var cumulative = 0.0
    for profile in SegmentProfile.all {
      cumulative += profile.share
      if draw < cumulative { return profile }
    }
    return SegmentProfile.all[SegmentProfile.all.count - 1]
  }
}

extension AccountSynthesizer {
  /// How hard each family of signals is being pushed down on a date, each 0...1.
  struct Pressure {
    /// Usage: `dau_mau`, `feature_adoption`, `license_utilization` fall, tickets and escalations rise.
    var usage = 0.0
    /// Relationship: `exec_login_days` falls towards 0 and QBRs stop.
    var relationship = 0.0
    /// Payment: `payment_overdue` turns on.
    var payment = 0.0

    init() {}

    /// The pressure of a churn pattern at a degradation severity, with the
    /// relationship signals on their own, earlier-starting severity.
    init(pattern: SyntheticChurnPattern, severity: Double, relationshipSeverity: Double) {
      switch pattern {
      case .usageDecline:
        usage = severity
        relationship = 0.5 * relationshipSeverity
      case .relationshipLoss:
        relationship = relationshipSeverity
      case .paymentDistress:
        usage = 0.4 * severity
        relationship = 0.3 * relationshipSeverity
        payment = severity
      }
    }

    /// The strongest of the three, for the weakly informative survey signals.
    var overall: Double { max(usage, relationship, payment) }
  }

  /// A renewed account's temporary dip: a triangle of pressure centred on a date.
  struct Dip {
    var center: CalendarDate
    var halfWidth: Int
    var peak: Double
    /// A usage dip when true, otherwise a relationship dip.
    var isUsage: Bool

    /// The dip's pressure on a date: `peak` at the centre, 0 beyond `halfWidth` days.
    func pressure(on date: CalendarDate) -> Pressure {
      let distance = Double(abs(date.days(since: center)))
      let severity = peak * max(0, 1 - distance / Double(halfWidth))
      var pressure = Pressure()
      if isUsage { pressure.usage = severity } else { pressure.relationship = severity }
      return pressure
    }
  }

  /// An account's healthy levels, around which its monthly values vary.
  struct Baseline {
    var dauMAU: Double
    var featureAdoption: Double
    var licenseUtilization: Double
    var execLoginDays: Double
    var tickets: Double
    var escalations: Double
    var qbrProbability: Double
    var nps: Double
    var csat: Double
    var npsAnswerProbability: Double

    /// Draws the levels of one account of a segment.
    init(profile: SegmentProfile, random: inout SeededGenerator) {
      dauMAU = min(max(0.45 + 0.09 * random.nextGaussian(), 0.12), 0.85)
      featureAdoption = min(max(0.55 + 0.12 * random.nextGaussian(), 0.10), 0.95)
      licenseUtilization = min(max(0.86 + 0.09 * random.nextGaussian(), 0.45), 1.15)
      execLoginDays = profile.execLoginDays * exp(0.3 * random.nextGaussian())
      tickets = profile.tickets * exp(0.35 * random.nextGaussian())
      escalations = profile.escalations * exp(0.4 * random.nextGaussian())
      qbrProbability = min(max(profile.qbrProbability + 0.1 * random.nextGaussian(), 0.05), 0.95)
      nps = min(max(30 + 25 * random.nextGaussian(), -80), 90)
      csat = min(max(4.1 + 0.35 * random.nextGaussian(), 2), 4.9)
      npsAnswerProbability =
        random.nextUnit() < AccountSynthesizer.npsNeverAnswersShare
        ? 0 : 1 - AccountSynthesizer.npsSkipProbability
    }

    /// Draws one month's signals under a pressure.
    ///
    /// An empty cell still consumes its draws, so which months skip a survey
    /// does not shift the values drawn after them.
    func snapshot(
      on date: CalendarDate, pressure: Pressure, championChanged: Bool,
      random: inout SeededGenerator
    ) -> SyntheticSnapshot {
      let usage = pressure.usage
      let dau = dauMAU * (1 - 0.6 * usage) + 0.035 * random.nextGaussian()
      let adoption = featureAdoption * (1 - 0.45 * usage) + 0.03 * random.nextGaussian()
      let utilization = licenseUtilization * (1 - 0.4 * usage) + 0.04 * random.nextGaussian()

      let ticketMean = tickets * (1 + 1.5 * usage + 0.5 * pressure.payment)
      let ticketCount = (ticketMean + ticketMean.squareRoot() * random.nextGaussian()).rounded()
      let escalationMean = escalations * (1 + usage) + 3 * max(0, (usage - 0.35) / 0.65)
      let escalationCount = Self.poisson(mean: escalationMean, random: &random)

      let execLevel = execLoginDays * max(0, 1 - 1.5 * pressure.relationship)
      let execNoise = (0.3 + 0.5 * execLevel.squareRoot()) * random.nextGaussian()
      let execDays = (execLevel + execNoise).rounded()
      let qbr = random.nextUnit() < qbrProbability * (1 - 0.9 * pressure.relationship)

      let npsAnswered = random.nextUnit() < npsAnswerProbability
      let npsValue = (nps - 12 * pressure.overall + 20 * random.nextGaussian()).rounded()
      let csatMissing = random.nextUnit() < AccountSynthesizer.csatMissingProbability
      let csatValue = csat - 0.3 * pressure.overall + 0.35 * random.nextGaussian()
      let overdue =
        random.nextUnit() < AccountSynthesizer.strayOverdueProbability + 0.9 * pressure.payment

      return SyntheticSnapshot(
        asOf: date, dauMAU: dau, featureAdoption: adoption, licenseUtilization: utilization,
        execLoginDays: Int(min(max(execDays, 0), 30)), championChanged: championChanged,
        qbrScheduled: qbr, escalationsLast90Days: escalationCount,
        ticketsLast30Days: Int(min(max(ticketCount, 0), 40)),
        nps: npsAnswered ? Int(min(max(npsValue, -100), 100)) : nil,
        csat: csatMissing ? nil : csatValue, paymentOverdue: overdue)
    }

    /// A Poisson count by Knuth's product of uniforms, capped at 10 (the
    /// column's maximum); the mean is capped too so the loop stays short.
    static func poisson(mean: Double, random: inout SeededGenerator) -> Int {
      let limit = exp(-min(mean, 10))
      var product = random.nextUnit()
      var count = 0
      while product > limit && count < 10 {
        count += 1
        product *= random.nextUnit()
      }
      return count
    }
  }
}
