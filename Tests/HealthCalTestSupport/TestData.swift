import Foundation
import HealthCal
import HealthCalFormats

/// Builders shared by the tests: tables and models from inline text.
package enum TestData {
  /// A snapshot table from CSV text; fails the test on any input problem.
  package static func table(_ csv: String, file: String = "snapshots.csv") throws -> SnapshotTable {
    var reader = CSVReader(bytes: Array(csv.utf8), name: file)
    var log = IssueLog(stopsAtFirst: true)
    return try SnapshotLoader.load(csv: &reader, settings: strictSettings(csv), log: &log)
  }

  /// Settings that read every non-reserved column of the CSV's header
  /// strictly, as a model reading all of them would.
  package static func strictSettings(_ csv: String) -> ImportSettings {
    let header = csv.prefix { $0 != "\n" && $0 != "\r\n" }.split(separator: ",").map(String.init)
    return ImportSettings(signalColumns: header.filter { !SnapshotLoader.reservedColumns.contains($0) })
  }

  /// Every problem the loader finds in CSV text.
  package static func issues(_ csv: String, file: String = "snapshots.csv") -> [InputError] {
    var reader = CSVReader(bytes: Array(csv.utf8), name: file)
    var log = IssueLog(stopsAtFirst: false)
    do {
      _ = try SnapshotLoader.load(csv: &reader, settings: strictSettings(csv), log: &log)
    } catch {
      return log.issues + [error]
    }
    return log.issues
  }

  /// A one-component model over a single linear signal `x` from 0 to 100.
  package static func linearModel(bands: Bands = Bands(redBelow: 50, greenAtOrAbove: 70)) -> HealthModel {
    HealthModel(
      name: "linear-x",
      components: [Component(name: "x", weight: 100, signals: [Signal(column: "x", transform: .linear(low: 0, high: 100))])],
      bands: bands)
  }

  /// A temporary directory removed by the caller.
  package static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("healthcal-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// The repository root (for Fixtures/), found from this source file's path.
  package static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// A path under Fixtures/.
  package static func fixture(_ relative: String) -> String {
    repositoryRoot.appendingPathComponent("Fixtures").appendingPathComponent(relative).path
  }
}
