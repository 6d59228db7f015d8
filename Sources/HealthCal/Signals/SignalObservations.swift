/// One horizon's compared observations as `signals` reads them: the rows,
/// their class, landmark, account and weight.
struct SignalObservations: Sendable {
  var design: EvaluationDesign
  var rows: [Int]
  var isCase: [Bool]
  /// Each observation's landmark day (`Int.min` in the renewal design).
  var landmarks: [Int]
  var accounts: [Int]
  /// ``LandmarkWeights`` in the landmark design, `nil` (1 each) in the renewal design.
  var weights: [Double]?

  init(sample: DesignSample) {
    design = sample.design
    rows = sample.observations.map(\.row)
    isCase = sample.observations.map(\.isCase)
    landmarks = sample.observations.map { $0.landmark ?? Int.min }
    accounts = sample.observations.map { sample.outcome(of: $0).account }
    weights = design == .landmark ? LandmarkWeights.weights(landmarks: landmarks, isChurned: isCase) : nil
  }

  private init(design: EvaluationDesign, rows: [Int], isCase: [Bool], landmarks: [Int], accounts: [Int], weights: [Double]?) {
    self.design = design
    self.rows = rows
    self.isCase = isCase
    self.landmarks = landmarks
    self.accounts = accounts
    self.weights = weights
  }

  /// The observations at `indices`, keeping the weights of the whole
  /// horizon (a column's missing values do not move the calendar weighting).
  func selecting(_ indices: [Int]) -> SignalObservations {
    SignalObservations(
      design: design, rows: indices.map { rows[$0] }, isCase: indices.map { isCase[$0] }, landmarks: indices.map { landmarks[$0] },
      accounts: indices.map { accounts[$0] }, weights: weights.map { w in indices.map { w[$0] } })
  }

  /// The design's AUC of `risk` (one per observation) and its interval:
  /// plain in the renewal design, pooled within landmarks in the landmark design.
  func rocAUC(risk: [Double], bootstrapReplicates: Int, seed: UInt64) -> (Double?, BootstrapInterval?) {
    if design == .landmark {
      let concordance = LandmarkConcordance(risk: risk, isChurned: isCase, landmarks: landmarks)
      let interval = bootstrapReplicates > 0 ? concordance.bootstrap(accounts: accounts, replicates: bootstrapReplicates, seed: seed) : nil
      return (concordance.rocAUC, interval)
    }
    let ranked = RankedScores(risk: risk, isChurned: isCase)
    let interval = bootstrapReplicates > 0 ? BootstrapInterval.rocAUC(ranked, replicates: bootstrapReplicates, seed: seed) : nil
    return (ranked.rocAUC, interval)
  }
}
