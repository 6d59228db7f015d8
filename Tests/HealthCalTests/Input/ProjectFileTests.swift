import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

/// `healthcal.json` beside the data holds what the flags would say.
@Suite struct ProjectFileTests {
  static func project(_ text: String) throws -> (ProjectFile, String) {
    let directory = try TestData.temporaryDirectory()
    let path = directory.appendingPathComponent("healthcal.json").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return (try ProjectFile(path: path), directory.path)
  }

  @Test func everyKeyIsRead() throws {
    let (project, folder) = try Self.project("""
      {"snapshots": "s.csv", "outcomes": "/data/o.csv", "model": "chs-5",
       "columns": {"account_id": "Account ID"}, "outcome_columns": {"date": "Close Date"},
       "outcome_values": {"churned": ["Lost", "Cancelled"], "renewed": "Won"},
       "date_format": "DD/MM/YYYY", "percent": true, "segment_by": "region", "max_segments": 12}
      """)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(project.snapshots == folder + "/s.csv")
    #expect(project.outcomes == "/data/o.csv")
    #expect(project.model == "chs-5")
    #expect(project.settings.columns == ["account_id": "Account ID"])
    #expect(project.settings.outcomeHeader("date") == "Close Date")
    #expect(project.settings.outcomeHeader("account_id") == "Account ID")
    #expect(project.settings.outcomeValues == OutcomeValues(churned: ["lost", "cancelled"], renewed: ["won"]))
    #expect(project.settings.dateFormat == .dayMonthYear)
    #expect(project.settings.percent)
    #expect(project.segmentBy == "region")
    #expect(project.settings.maximumSegments == 12)
  }

  @Test(arguments: [
    (#"{"colums": {}}"#, "colums: unknown key \"colums\""),
    (#"{"date_format": "DD.MM.YYYY"}"#, "date_format: unknown format \"DD.MM.YYYY\""),
    (#"{"outcome_columns": {"status": "Status"}}"#, "outcome_columns.status: expected one of account_id, outcome, date, arr"),
    (#"{"outcome_values": {"lost": "Lost"}}"#, "outcome_values.lost: expected churned or renewed"),
    (#"{"max_segments": 0}"#, "max_segments: expected a whole number from 1 to 1000000"),
    (#"[1]"#, "expected a JSON object of settings"),
  ])
  func mistakesNameTheKey(text: String, message: String) throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("healthcal.json").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: InputError.self) { _ = try ProjectFile(path: path) }
    do {
      _ = try ProjectFile(path: path)
    } catch {
      #expect(error.description.hasPrefix(path))
      #expect(error.description.contains(message), "\(error)")
    }
  }

  @Test func theFileBesideTheSnapshotsIsFound() throws {
    let (_, folder) = try Self.project(#"{"percent": true}"#)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(try ProjectFile.find(named: nil, besideSnapshots: folder + "/s.csv")?.settings.percent == true)
    #expect(try ProjectFile.find(named: nil, besideSnapshots: "/nonexistent-folder/s.csv") == nil)
  }
}
