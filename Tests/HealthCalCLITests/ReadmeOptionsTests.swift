import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCalCLI
@testable import HealthCalArguments

/// The README documents every option that `--help` lists, so the two cannot
/// drift apart: a new option fails this test until it is written up.
@Suite struct ReadmeOptionsTests {
  /// Options kept only to refuse an old spelling with a hint.
  static let retired: Set<String> = ["report"]

  @Test func everyOptionOfEveryCommandIsInTheReadme() throws {
    let readme = try String(contentsOf: TestData.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
    var missing: [String] = []
    for command in HealthCalTool.tool.commands {
      for option in command.spec.options where !Self.retired.contains(option.name) {
        // Whole words only: `--out` must not be found inside `--outcomes`.
        if readme.range(of: "--\(option.name)(?![a-z-])", options: .regularExpression) == nil {
          missing.append("\(command.spec.name) --\(option.name)")
        }
      }
    }
    #expect(missing.isEmpty, "not in README.md: \(missing.joined(separator: ", "))")
  }
}
