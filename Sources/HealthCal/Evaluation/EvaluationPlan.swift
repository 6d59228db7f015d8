import HealthCalFormats

/// Which observations an evaluation compares at each horizon, decided once
/// for the audit, the weight search and the comparison alike.
///
/// The renewal design's picks are always drawn, because the
/// ``CalendarCheck`` is made on them; `auto` then keeps them when the check
/// passes and draws the landmark design's observations when it does not.
public struct EvaluationPlan: Sendable {
  /// The end of observation: the date of renewals without one.
  public var observedUntil: CalendarDate
  /// The scoring dates of the renewal design, compared by class.
  public var calendarCheck: CalendarCheck
  /// The design that ran.
  public var design: EvaluationDesign
  /// One sentence on why this design ran.
  public var reason: String
  /// Per horizon, in configuration order, the observations of ``design``.
  public var samples: [DesignSample]
  /// Per horizon, the renewal design's observations (the same as
  /// ``samples`` when the renewal design ran).
  public var renewalSamples: [DesignSample]

  /// The calendar and leakage warnings.
  public var warnings: [EvaluationWarning]

  /// Draws the samples for `configuration`.
  /// - Parameter screensLeakage: whether to run the ``LeakageScreen``
  ///   (where the landmark design runs; it needs both designs' samples and
  ///   reads signal values, so it is skipped on a table of dates only).
  public init(table: SnapshotTable, outcomes: [Outcome], configuration: RunSettings, screensLeakage: Bool = true) {
    let observedUntil = configuration.observationEnd(of: table)
    self.observedUntil = observedUntil
    let picker = configuration.picker
    let renewal = configuration.horizons.map { horizon in
      DesignSample(design: .renewal, table: table, outcomes: outcomes, horizon: horizon, picker: picker, landmarks: [], observedUntil: observedUntil)
    }
    let check = CalendarCheck(samples: renewal, table: table)
    calendarCheck = check
    let failing = check.horizons.filter { !$0.passes }
    let dates = failing.map { "\($0.horizon) days: date AUC \(EvaluationWarning.twoDecimals($0.dateAUC!))" }.joined(separator: ", ")
    switch configuration.design {
    case .renewal:
      design = .renewal
      reason = "renewal design requested (--design renewal)"
    case .landmark:
      design = .landmark
      reason = "landmark design requested (--design landmark)"
    case .auto where failing.isEmpty:
      design = .renewal
      reason = "auto: churned and other accounts were scored at comparable dates (date AUC within 0.5 ± \(EvaluationWarning.twoDecimals(CalendarCheck.tolerance)) at every horizon)"
    case .auto:
      design = .landmark
      reason = "auto: the scoring date alone separates churned from other accounts (\(dates)), so accounts are compared only at the same landmark dates"
    }
    renewalSamples = renewal
    guard design == .landmark else {
      samples = renewal
      warnings = EvaluationWarning.warnings(design: design, check: check, leakage: nil)
      return
    }
    let landmarks = configuration.landmarkSpacing.landmarks(dates: table.fileDates)
    samples = configuration.horizons.map { horizon in
      DesignSample(
        design: .landmark, table: table, outcomes: outcomes, horizon: horizon, picker: picker, landmarks: landmarks,
        observedUntil: observedUntil)
    }
    let leakage = screensLeakage ? LeakageScreen(table: table, renewal: renewal, landmark: samples) : nil
    warnings = EvaluationWarning.warnings(design: design, check: check, leakage: leakage)
  }
}
