import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

@Suite struct HealthModelTests {
  static func parse(_ text: String) throws(InputError) -> HealthModel {
    try HealthModel(json: JSONParser.parse(text, file: "model.json"), file: "model.json")
  }

  static let minimal = """
    {"schema": 1, "name": "m", "components": [
      {"name": "usage", "weight": 60, "signals": [{"column": "dau_mau", "transform": {"type": "linear", "low": 0, "high": 0.5}}]},
      {"name": "support", "weight": 40, "signals": [{"column": "tickets_30d", "weight": 2, "transform": {"type": "linear", "low": 20, "high": 0}, "missing": "zero"}]}
    ]}
    """

  @Test func minimalModelGetsDefaults() throws {
    let model = try Self.parse(Self.minimal)
    #expect(model.name == "m")
    #expect(model.missing == .neutral)
    #expect(model.bands == Bands(redBelow: 50, greenAtOrAbove: 70))
    #expect(model.components.map(\.weight) == [60, 40])
    #expect(model.components[1].signals[0].weight == 2)
    #expect(model.components[1].signals[0].missing == .zero)
    #expect(model.columns == ["dau_mau", "tickets_30d"])
  }

  @Test(arguments: Presets.all)
  func presetsRoundTripThroughJSON(_ preset: HealthModel) throws {
    let text = preset.json.serialized(pretty: true)
    let reread = try Self.parse(text)
    #expect(reread == preset)
    #expect(reread.json.serialized(pretty: true) == text)
  }

  @Test func presetWeightsFollowTheSeedDocuments() {
    #expect(Presets.chs4.components.map(\.weight) == [40, 20, 25, 15])
    #expect(Presets.chs5.components.map(\.weight) == [40, 20, 20, 10, 10])
    #expect(Presets.named("chs-4") == Presets.chs4)
    #expect(Presets.named("chs-9") == nil)
  }

  @Test(arguments: Presets.all)
  func presetFilesInFixturesMatchTheBuiltIns(_ preset: HealthModel) throws {
    let model = try HealthModel.load(path: TestData.fixture("models/\(preset.name).json"))
    #expect(model == preset)
  }

  @Test func segmentOverridesReplaceWeightsAndBands() throws {
    let model = try Self.parse("""
      {"schema": 1, "name": "m", "components": [
        {"name": "a", "weight": 50, "signals": [{"column": "x", "transform": {"type": "linear", "low": 0, "high": 1}}]},
        {"name": "b", "weight": 50, "signals": [{"column": "y", "transform": {"type": "linear", "low": 0, "high": 1}}]}],
       "segments": {"Enterprise": {"weights": {"b": 80}, "bands": {"red_below": 40, "green_at_or_above": 60}}}}
      """)
    #expect(model.weights(forSegment: "Enterprise") == [50, 80])
    #expect(model.weights(forSegment: "SMB") == [50, 50])
    #expect(model.weights(forSegment: nil) == [50, 50])
    #expect(model.bands(forSegment: "Enterprise") == Bands(redBelow: 40, greenAtOrAbove: 60))
    #expect(try Self.parse(model.json.serialized(pretty: true)) == model)
  }

  static let invalid: [(String, String)] = [
    (#"{"schema": 2, "name": "m", "components": []}"#, "model.json:1: schema: unsupported schema version 2; this build reads version 1"),
    (#"{"schema": 1, "name": "m"}"#, "model.json:1: components: missing required key \"components\""),
    (#"{"schema": 1, "name": "m", "components": []}"#, "model.json: components: expected at least one component"),
    (#"{"schema": 1, "name": "m", "wieght": 3, "components": []}"#, "model.json:1: wieght: unknown key \"wieght\"; expected one of bands, calibration, components, description, missing, name, schema, segment_column, segments"),
    (#"{"schema": 1, "name": "m", "components": [{"name": "a", "weight": 0, "signals": [{"column": "x", "transform": {"type": "linear", "low": 0, "high": 1}}]}]}"#,
     "model.json: components: component weights sum to 0; expected a positive total"),
    (#"{"schema": 1, "name": "m", "components": [{"name": "a", "weight": 10, "signals": [{"column": "x", "transform": {"type": "sigmoid"}}]}]}"#,
     "model.json:1: components[0].signals[0].transform.type: unknown transform \"sigmoid\"; expected linear, bands, boolean, delta or category"),
    (#"{"schema": 1, "name": "m", "components": [{"name": "a", "weight": -5, "signals": [{"column": "x", "transform": {"type": "linear", "low": 0, "high": 1}}]}]}"#,
     "model.json: components[0].weight: expected a finite weight ≥ 0, found -5.0"),
    (#"{"schema": 1, "name": "m", "components": [{"name": "a", "weight": 10, "signals": [{"column": "x", "transform": {"type": "linear", "low": 1, "high": 1}}]}]}"#,
     "model.json: components[0].signals[0].transform: linear needs finite low ≠ high, found low 1.0, high 1.0"),
    (#"{"schema": 1, "name": "m", "components": [{"name": "a", "weight": 10, "signals": [{"column": "x", "transform": {"type": "bands", "thresholds": [3, 1], "scores": [0, 50, 100]}}]}]}"#,
     "model.json: components[0].signals[0].transform: bands thresholds must be finite and strictly increasing"),
    (#"{"schema": 1, "name": "m", "bands": {"red_below": 80, "green_at_or_above": 70}, "components": [{"name": "a", "weight": 10, "signals": [{"column": "x", "transform": {"type": "boolean", "true_score": 0, "false_score": 100}}]}]}"#,
     "model.json: bands: expected 0 ≤ red_below ≤ green_at_or_above ≤ 100, found 80.0 and 70.0"),
    (#"{"schema": 1, "name": "m", "missing": "ignore", "components": []}"#, "model.json:1: missing: unknown missing policy \"ignore\"; expected neutral, zero or renormalize"),
    (#"{"schema": 1, "name": "m", "components": [{"name": "a", "weight": 10, "signals": [{"column": "x", "transform": {"type": "delta", "days": 0, "low": -1, "high": 0}}]}]}"#,
     "model.json: components[0].signals[0].transform: delta needs days > 0, found 0"),
    (#"{"schema": 1, "name": "m", "components": [{"name": "a", "weight": 10, "signals": [{"column": "x", "transform": {"type": "linear", "low": 0, "high": 1}}]}], "segments": {"SMB": {"weights": {"zz": 5}}}}"#,
     "model.json: segments.SMB.weights.zz: no component named \"zz\"; expected one of a"),
  ]

  @Test(arguments: invalid)
  func invalidModelsAreRejectedWithAPath(_ example: (String, String)) {
    #expect(throws: InputError.self) { try Self.parse(example.0) }
    do {
      _ = try Self.parse(example.0)
    } catch {
      #expect(error.description == example.1)
    }
  }

  @Test func missingFileIsUnreadable() {
    #expect(throws: InputError.unreadable(file: "/nonexistent/model.json", reason: "no such file or not readable")) {
      try HealthModel.load(path: "/nonexistent/model.json")
    }
  }
}
