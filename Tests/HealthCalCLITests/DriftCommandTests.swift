import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

/// `healthcal drift` end to end: the verdict, its exit code, and where the
/// reference period comes from.
@Suite struct DriftCommandTests {
  static func book(_ extra: [String]) throws -> URL {
    let directory = try TestData.temporaryDirectory()
    let synth = EndToEndTests.run(["synth", "--accounts", "600", "--months", "15", "--seed", "3", "--out", directory.path, "--quiet"] + extra)
    #expect(synth.status == 0)
    return directory
  }

  @Test func recalibrateExitsThreeAndKeepExitsZero() throws {
    let shifted = try Self.book(["--shift-after", "2026-05-01"])
    let steady = try Self.book([])
    defer {
      try? FileManager.default.removeItem(at: shifted)
      try? FileManager.default.removeItem(at: steady)
    }
    let recalibrate = EndToEndTests.run(["drift", "--snapshots", shifted.appendingPathComponent("snapshots.csv").path, "--reference-before", "2026-05-01"])
    #expect(recalibrate.status == 3, "\(recalibrate.stderr)")
    #expect(recalibrate.stdout.contains("Verdict: RECALIBRATE: ") && recalibrate.stdout.contains("dau_mau's PSI is"))
    #expect(recalibrate.stderr.isEmpty)
    let keep = EndToEndTests.run(["drift", "--snapshots", steady.appendingPathComponent("snapshots.csv").path, "--reference-before", "2026-05-01"])
    #expect(keep.status == 0)
    #expect(keep.stdout.contains("Verdict: KEEP: no PSI is major"))
    let json = EndToEndTests.run([
      "drift", "--snapshots", shifted.appendingPathComponent("snapshots.csv").path, "--reference-before", "2026-05-01", "--format", "json",
    ])
    #expect(json.status == 3 && json.stdout.contains("\"verdict\": \"recalibrate\""))
  }

  @Test func theReferencePeriodComesFromATunedModel() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let tuned = directory.appendingPathComponent("tuned.json").path
    let tune = EndToEndTests.run(["tune", "--demo", "--step", "10", "--folds", "3", "--bootstrap", "0", "--model-out", tuned, "--quiet"])
    #expect(tune.status == 0)
    // Tuned on every demo snapshot: nothing comes after, so there is nothing to compare.
    let same = EndToEndTests.run(["drift", "--demo", "--model", tuned])
    #expect(same.status == 1)
    #expect(same.stderr.contains("so there is no current period to compare"))
    #expect(same.stderr.contains("is the file \(tuned) was tuned on (same SHA-256)"))
  }

  @Test func withoutAReferenceItSaysWhatToPass() {
    let result = EndToEndTests.run(["drift", "--demo"])
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("error: drift needs a reference period: pass --reference-before DATE"))
    let early = EndToEndTests.run(["drift", "--demo", "--reference-before", "2020-01-01"])
    #expect(early.stderr.hasPrefix("error: no snapshot is dated before 2020-01-01, so the reference period is empty"))
  }
}
