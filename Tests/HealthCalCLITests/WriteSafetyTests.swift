import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalCLI
@testable import HealthCalFormats

#if canImport(Glibc)
  import Glibc
#endif

/// Outputs are atomic, never replace a file without `--force`, and an
/// interrupt leaves no partial or temporary file behind.
@Suite struct WriteSafetyTests {
  @Test func anExistingOutputIsKeptWithoutForce() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("audit.txt").path
    try "keep me\n".write(toFile: path, atomically: true, encoding: .utf8)
    let refused = EndToEndTests.run(["audit", "--demo", "--bootstrap", "0", "--out", path])
    #expect(refused.status == 1)
    #expect(refused.stderr == "error: \(path): cannot write file: already exists; pass --force to replace it\n")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me\n")
    let forced = EndToEndTests.run(["audit", "--demo", "--bootstrap", "0", "--out", path, "--force"])
    #expect(forced.status == 0)
    #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("healthcal audit"))
  }

  @Test func tuneChecksEveryOutputBeforeWorking() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let sql = directory.appendingPathComponent("tuned.sql").path
    try "".write(toFile: sql, atomically: true, encoding: .utf8)
    let model = directory.appendingPathComponent("tuned.json").path
    let result = EndToEndTests.run(["tune", "--demo", "--model-out", model, "--sql", sql])
    #expect(result.status == 1)
    #expect(result.stderr.contains("\(sql): cannot write file: already exists"))
    #expect(!FileManager.default.fileExists(atPath: model))
  }

  @Test func synthRefusesToReplaceABook() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let arguments = ["synth", "--accounts", "5", "--months", "3", "--out", directory.path, "--quiet"]
    #expect(EndToEndTests.run(arguments).status == 0)
    #expect(EndToEndTests.run(arguments).stderr.contains("snapshots.csv: cannot write file: already exists"))
    #expect(EndToEndTests.run(arguments + ["--force"]).status == 0)
  }

  @Test func aMissingDirectoryIsOneClearLine() {
    let result = EndToEndTests.run(["presets", "chs-4", "--out", "/nonexistent-healthcal-dir/chs-4.json"])
    #expect(result.status == 1)
    #expect(result.stderr == "error: /nonexistent-healthcal-dir/chs-4.json: cannot write file: No such file or directory\n")
  }

  @Test func atomicWritesLeaveNoTemporary() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("out.txt").path
    try AtomicFile.write("one\n", to: path)
    #expect(throws: InputError.self) {
      try AtomicFile.write(to: path) { _ in throw CocoaError(.fileWriteUnknown) }
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "one\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.txt"])
    // Other tests write files in parallel, so only this directory's entries are ours.
    #expect(!InterruptCleanup.pending.contains { $0.hasPrefix(directory.path) })
  }

  /// Runs the real executable, interrupts it while it streams a large book,
  /// and checks that nothing half-written remains.
  @Test(arguments: [SIGINT, SIGTERM])
  func anInterruptedRunLeavesNoPartialFile(signalNumber: Int32) throws {
    let binary = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("healthcal")
    let binaryPath = FileManager.default.fileExists(atPath: binary.path)
      ? binary.path : URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("healthcal").path
    try #require(FileManager.default.isExecutableFile(atPath: binaryPath), "build the healthcal executable first (swift build)")
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binaryPath)
    process.arguments = ["synth", "--accounts", "2000", "--months", "240", "--out", directory.path, "--quiet"]
    try process.run()
    // Wait until the snapshots temporary exists, then interrupt.
    var sawTemporary = false
    for _ in 0..<30_000 where process.isRunning {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
      if names.contains(where: { $0.hasPrefix(".snapshots.csv.") && $0.hasSuffix(".tmp") }) {
        sawTemporary = true
        break
      }
      usleep(1_000)
    }
    try #require(sawTemporary, "the writer never started")
    kill(process.processIdentifier, signalNumber)
    process.waitUntilExit()
    #expect(process.terminationStatus == 128 + signalNumber)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == [])
  }

  /// `--out` is the report in every command; the tuned model has its own flag,
  /// and the spellings that used to mean something else are refused.
  @Test func tuneOutputFlagsCannotBeMixedUp() {
    let report = EndToEndTests.run(["tune", "--demo", "--report", "r.txt"])
    #expect(report.status == 1)
    #expect(report.stderr.hasPrefix("error: '--report' is now '--out' (the report); write the tuned model with '--model-out FILE'\n"))
    let jsonReport = EndToEndTests.run(["tune", "--demo", "--out", "tuned.json"])
    #expect(jsonReport.stderr.hasPrefix("error: '--out' writes the table report; write the tuned model with '--model-out tuned.json'"))
    let htmlModel = EndToEndTests.run(["tune", "--demo", "--format", "html", "--model-out", "x.html"])
    #expect(htmlModel.stderr.hasPrefix("error: '--model-out' writes model JSON, but x.html names a report file"))
  }
}

