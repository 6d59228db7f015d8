@testable import HealthCal
@testable import HealthCalFormats

/// libFuzzer entry for model JSON: ``JSONParser`` and
/// ``HealthModel/init(json:file:)``, then scoring with the model.
///
/// A model that loads is a promise: it writes back to JSON and loads again
/// unchanged, and scoring any row gives either no score (nothing usable
/// under `renormalize`) or a finite score in 0…100 whose band matches the
/// bands, identically through ``Scorer`` and through the ``SubScoreMatrix``
/// that `tune` searches over. A model that breaks any of that must be
/// rejected at load time instead.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = UnsafeBufferPointer(start: data, count: size)
  guard let value = try? JSONParser.parse(text, file: "m.json"),
    let model = try? HealthModel(json: value, file: "m.json")
  else { return 0 }

  let written = model.json.serialized(pretty: true)
  let reloaded = Result { () throws(InputError) in try HealthModel(json: JSONParser.parse(written, file: "again.json"), file: "again.json") }
  FuzzCheck.expect(reloaded == .success(model), "model does not survive a round trip: \(written)")

  let table = ScoringTable.make(for: model)
  guard let scorer = try? Scorer(model: model, table: table, modelSource: "m.json") else {
    fatalError("a table with every model column cannot be bound")
  }
  let rows = Array(0..<table.rowCount)
  let matrix = SubScoreMatrix(scorer: scorer, rows: rows)
  let assignment = rows.map(scorer.weightSetIndex(forRow:))
  let matrixScores = matrix.scores(weightSets: scorer.allWeightSets, assignment: assignment)
  for row in rows {
    let scored = scorer.score(row: row)
    if let scored {
      FuzzCheck.expect(scored.score.isFinite && (0...100).contains(scored.score), "row \(row) scores \(scored.score)")
      FuzzCheck.expect(scored.band == scorer.bands(forRow: row).band(for: scored.score), "row \(row) band disagrees with its bands")
      let points = scored.contributions.reduce(0) { $0 + $1.points }
      FuzzCheck.expect(abs(points - scored.score) <= 1e-9 * 100, "row \(row) contributions sum to \(points), score \(scored.score)")
    }
    switch (scored?.score, matrixScores[row]) {
    case (nil, nil): break
    case (let a?, let b?): FuzzCheck.expect(abs(a - b) <= 1e-9 * 100, "row \(row): Scorer \(a), SubScoreMatrix \(b)")
    default: FuzzCheck.expect(false, "row \(row): Scorer \(String(describing: scored?.score)), SubScoreMatrix \(String(describing: matrixScores[row]))")
    }
  }
  return 0
}
