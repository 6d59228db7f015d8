import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalCLI

/// `-` reads standard input, and a named pipe is read once: both through the
/// real executable, since a pipe cannot be replayed in-process.
@Suite struct StandardInputTests {
  static func binary() throws -> String {
    let beside = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("healthcal").path
    let path = FileManager.default.fileExists(atPath: beside)
      ? beside : URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("healthcal").path
    try #require(FileManager.default.isExecutableFile(atPath: path), "build the healthcal executable first (swift build)")
    return path
  }

  /// Runs the executable with `input` written to its standard input by the
  /// shell (`< file`), so no test thread races the reader.
  static func run(_ arguments: [String], stdinFrom file: String? = nil) throws -> (status: Int32, stdout: String) {
    let quoted = ([try binary()] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", quoted + (file.map { " < '\($0)'" } ?? "")]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  static let snapshots = TestData.fixture("demo/snapshots.csv")
  static let outcomes = TestData.fixture("demo/outcomes.csv")
  static let audit = ["audit", "--format", "json", "--bootstrap", "0", "--quiet"]

  static func withoutFileNames(_ report: String) -> String {
    report.split(separator: "\n").filter { !$0.contains("\"snapshots\":") }.joined(separator: "\n")
  }

  @Test func standardInputGivesTheFilesAudit() throws {
    let fromFile = try Self.run(Self.audit + ["--snapshots", Self.snapshots, "--outcomes", Self.outcomes])
    let fromSnapshotsPipe = try Self.run(Self.audit + ["--snapshots", "-", "--outcomes", Self.outcomes], stdinFrom: Self.snapshots)
    let fromOutcomesPipe = try Self.run(Self.audit + ["--snapshots", Self.snapshots, "--outcomes", "-"], stdinFrom: Self.outcomes)
    #expect(fromFile.status == 0)
    #expect(fromSnapshotsPipe.status == 0)
    #expect(fromOutcomesPipe.stdout == fromFile.stdout)
    #expect(Self.withoutFileNames(fromSnapshotsPipe.stdout) == Self.withoutFileNames(fromFile.stdout))
    #expect(fromSnapshotsPipe.stdout.contains(#""snapshots": "stdin""#))
  }

  /// A named pipe has one writer's stream: opened twice (once to check it,
  /// once to read it), the writer would be cut off and the read would wait
  /// for a writer that never comes.
  @Test func aNamedPipeIsOpenedOnce() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let fifo = directory.appendingPathComponent("snapshots.fifo").path
    #expect(mkfifo(fifo, 0o600) == 0)
    let fromFile = try Self.run(Self.audit + ["--snapshots", Self.snapshots, "--outcomes", Self.outcomes])
    let writer = Process()
    writer.executableURL = URL(fileURLWithPath: "/bin/sh")
    writer.arguments = ["-c", "cat '\(Self.snapshots)' > '\(fifo)'"]
    try writer.run()
    let fromFIFO = try Self.run(Self.audit + ["--snapshots", fifo, "--outcomes", Self.outcomes])
    writer.waitUntilExit()
    #expect(writer.terminationStatus == 0)
    #expect(Self.withoutFileNames(fromFIFO.stdout) == Self.withoutFileNames(fromFile.stdout))
  }

  @Test func bothFromStandardInputIsRefused() {
    let run = EndToEndTests.run(["audit", "--snapshots", "-", "--outcomes", "-"])
    #expect(run.status == 1)
    #expect(run.stderr.hasPrefix("error: --snapshots and --outcomes cannot both read standard input (-); save one of them to a file\n"))
  }

  @Test func aTunedModelNeedsFilesToFingerprint() {
    let run = EndToEndTests.run(["tune", "--snapshots", "-", "--outcomes", Self.outcomes, "--model-out", "m.json"])
    #expect(run.status == 1)
    #expect(run.stderr.contains("standard input (-) cannot give"))
  }
}
