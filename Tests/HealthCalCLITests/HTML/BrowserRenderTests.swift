import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalCLI

/// Opens the demo reports in headless Chromium, as a person would, through
/// `Tests/Browser/check_html.py`: no console errors, every chart present with
/// a non-zero size, the sort script ran, and a screenshot was taken (kept
/// under `.build/report-screenshots/`, out of git). Skipped when Chromium or
/// python3 is not installed; `.ci/run` installs both.
@Suite(.serialized, .enabled(if: BrowserTools.paths != nil, "needs chromium and python3 on PATH"))
struct BrowserRenderTests {
  /// Renders `arguments` to an HTML file and checks it in Chromium.
  static func check(_ name: String, _ arguments: [String], minimumCharts: Int) throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let html = directory.appendingPathComponent("\(name).html").path
    let run = EndToEndTests.run(arguments + [html, "--quiet"])
    #expect(run.status == 0, "\(run.stderr)")
    let screenshot = TestData.repositoryRoot.appendingPathComponent(".build/report-screenshots/\(name).png").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: BrowserTools.paths!.python)
    process.arguments = [
      TestData.repositoryRoot.appendingPathComponent("Tests/Browser/check_html.py").path, html,
      "--screenshot", screenshot, "--min-svgs", "\(minimumCharts)",
    ]
    var environment = ProcessInfo.processInfo.environment
    environment["CHROMIUM"] = BrowserTools.paths!.chromium
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(output)")
    #expect(FileManager.default.fileExists(atPath: screenshot))
  }

  @Test func demoAuditReportOpensWithEveryChart() throws {
    try Self.check("audit-demo", ["audit", "--demo", "--bootstrap", "200", "--format", "html", "--out"], minimumCharts: 9)
  }

  @Test func demoTuneReportOpensWithEveryChart() throws {
    try Self.check("tune-demo", ["tune", "--demo", "--bootstrap", "100", "--format", "html", "--out"], minimumCharts: 12)
  }

  @Test func demoCompareReportOpensWithEveryChart() throws {
    try Self.check("compare-demo", ["compare", "--demo", "chs-4", "chs-5", "--bootstrap", "100", "--format", "html", "--out"], minimumCharts: 14)
  }
}
