import Foundation
import Testing

/// The library example in the README runs, gives the audit's figures, and
/// is the code this target compiles (so the README cannot show code that no
/// longer builds).
@Suite struct LibraryExampleTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  @Test func exampleAuditsTheDemo() throws {
    let text = try auditFromTheLibrary(
      snapshots: Self.root.appendingPathComponent("Fixtures/demo/snapshots.csv").path,
      outcomes: Self.root.appendingPathComponent("Fixtures/demo/outcomes.csv").path)
    #expect(text.hasPrefix("90 days: 32 of 66 churned accounts were green\n30 days: 7 of 68 churned accounts were green\n"))
    #expect(text.contains("# healthcal audit: model chs-4\n"))
    #expect(text.hasSuffix("}"))
    #expect(text.contains("\"name\": \"chs-4\""))
  }

  @Test func readmeShowsTheCompiledExample() throws {
    let source = try String(contentsOf: Self.root.appendingPathComponent("Tests/LibraryExampleTests/LibraryExample.swift"), encoding: .utf8)
    let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
    let lines = source.components(separatedBy: "\n")
    let begin = try #require(lines.firstIndex { $0.hasSuffix("// README EXAMPLE BEGIN") })
    let end = try #require(lines.firstIndex { $0.hasSuffix("// README EXAMPLE END") })
    let example = lines[(begin + 1)..<end].map { $0.hasPrefix("  ") ? String($0.dropFirst(2)) : $0 }.joined(separator: "\n")
    #expect(readme.contains("```swift\nimport HealthCal\nimport HealthCalReports\n\n" + example + "\n```"))
  }
}
