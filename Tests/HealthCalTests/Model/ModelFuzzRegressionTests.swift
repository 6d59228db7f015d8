import Testing

import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

/// Model files the model fuzzer (`Fuzz/run.sh … model`) found, minimised,
/// each pinned to being rejected at load time with a message instead of
/// scoring ∞ or NaN (which stopped the audit: NaN has no rank).
@Suite struct ModelFuzzRegressionTests {
  /// The load error's message for model JSON text.
  private func loadError(_ text: String) -> String? {
    do {
      _ = try HealthModel(json: JSONParser.parse(text, file: "m.json"), file: "m.json")
      return nil
    } catch {
      return error.description
    }
  }

  private func model(weight: String, signalWeight: String = "1", low: String = "2", high: String = "5") -> String {
    #"{"schema":1,"name":"","components":[{"name":"v","weight":\#(weight),"signals":[{"column":"n","weight":\#(signalWeight),"transform":{"type":"linear","low":\#(low),"high":\#(high)}}]}]}"#
  }

  /// Found by the fuzzer: one component of weight 1e308 scores
  /// 100 · 1e308 / 1e308 = ∞.
  @Test func componentWeightThatOverflowsWhenScoringIsRejected() {
    #expect(loadError(model(weight: "1e308")) == "m.json: components: component weights sum to 1e+308, too large to score with; expected a total below 1e306 (weights are relative, 0–100 is usual)")
  }

  /// Weights finite one by one whose total overflows, in a component or in
  /// a segment override, are rejected the same way.
  @Test func totalsThatOverflowAreRejected() {
    #expect(loadError(model(weight: "1", signalWeight: "1e307"))?.hasPrefix("m.json: components[0].signals: signal weights sum to 1e+307, too large") == true)
    let twoComponents = #"{"schema":1,"name":"","components":[{"name":"a","weight":1e306,"signals":[{"column":"n","transform":{"type":"boolean","true_score":0,"false_score":100}}]},{"name":"b","weight":1e306,"signals":[{"column":"n","transform":{"type":"boolean","true_score":0,"false_score":100}}]}]}"#
    #expect(loadError(twoComponents)?.hasPrefix("m.json: components: component weights sum to 2e+306, too large") == true)
    let segment = #"{"schema":1,"name":"","segments":{"SMB":{"weights":{"v":1.5e308}}},"components":[{"name":"v","weight":1,"signals":[{"column":"n","transform":{"type":"boolean","true_score":0,"false_score":100}}]}]}"#
    #expect(loadError(segment)?.hasPrefix("m.json: segments.SMB.weights: component weights sum to 1.5e+308, too large") == true)
  }

  /// A linear range whose width overflows would score every value 0.
  @Test func linearRangeWhoseWidthOverflowsIsRejected() {
    #expect(loadError(model(weight: "1", low: "-1e308", high: "1e308")) == "m.json: components[0].signals[0].transform: linear needs high − low to be finite, found low -1e+308, high 1e+308")
  }

  /// Large weights that do not overflow still load and score in 0…100.
  @Test func largeButSafeWeightsStillScore() throws {
    let model = try HealthModel(json: JSONParser.parse(model(weight: "1e300", signalWeight: "1e300"), file: "m.json"), file: "m.json")
    let table = try TestData.table("account_id,as_of,n\nA,2025-01-01,5\nB,2025-01-01,3.5\n")
    let scorer = try Scorer(model: model, table: table, modelSource: "m.json")
    #expect(scorer.score(row: 0)?.score == 100)
    #expect(scorer.score(row: 1)?.score == 50)
  }
}
