import Foundation
import HealthCal

/// Finds the bundled demo data for `--demo`.
///
/// The data is `Fixtures/demo/` in the repository. Run from the repository
/// root (the README's instructions) it is found as a relative path, so the
/// report names it the same on every machine; run from elsewhere, the
/// repository is located from this source file's build-time path; and if
/// neither exists (an installed binary), the identical files are regenerated
/// from the same synthetic-book settings into a temporary directory.
enum DemoData {
  /// The settings `Fixtures/demo/` was generated with.
  static let configuration = SyntheticBookConfiguration(accounts: 500, months: 12, seed: 2026)

  /// Paths of the demo snapshots and outcomes.
  static func paths() throws -> (snapshots: String, outcomes: String) {
    let relative = "Fixtures/demo"
    let fromSource = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent(relative).path
    for directory in [relative, fromSource] where FileManager.default.fileExists(atPath: "\(directory)/snapshots.csv") {
      return ("\(directory)/snapshots.csv", "\(directory)/outcomes.csv")
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("healthcal-demo").path
    try SyntheticBook(configuration: configuration).write(to: directory)
    return ("\(directory)/snapshots.csv", "\(directory)/outcomes.csv")
  }
}
