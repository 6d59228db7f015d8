import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalCLI

/// `--format html` end to end: one self-contained file, every chart, same bytes on every run.
@Suite struct HTMLCommandTests {
  static func render(_ arguments: [String], fileOption: String = "--out") throws -> (run: EndToEndTests.Run, html: String) {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("report.html").path
    let run = EndToEndTests.run(arguments + ["--format", "html", fileOption, path])
    let html = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    return (run, html)
  }

  @Test func demoAuditWritesOneSelfContainedFileWithEveryChart() throws {
    let (run, html) = try Self.render(["audit", "--demo", "--bootstrap", "50"])
    #expect(run.status == 0)
    #expect(run.stdout == "")
    #expect(run.stderr.hasPrefix("wrote "))
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    let svgs = XMLCheck.svgElements(in: html)
    #expect(svgs.count == 9)
    for svg in svgs { #expect(XMLCheck.svgProblems(svg) == []) }
    for needle in ["Health score audit: chs-4", "48.5%", "Miss list", "ACC-000099", "ROC curves by horizon", "Lead time", "By segment"] {
      #expect(html.contains(needle), "\(needle)")
    }
    #expect(!html.contains("<link") && !html.contains(" src="))
  }

  @Test func demoAuditHTMLIsByteIdenticalAcrossRuns() throws {
    let first = try Self.render(["audit", "--demo", "--bootstrap", "50"]).html
    let second = try Self.render(["audit", "--demo", "--bootstrap", "50"]).html
    #expect(!first.isEmpty)
    #expect(first == second)
  }

  @Test func htmlToStandardOutputWhenNoFileIsGiven() {
    let run = EndToEndTests.run(["audit", "--demo", "--bootstrap", "0", "--format", "html"])
    #expect(run.status == 0)
    #expect(run.stdout.hasPrefix("<!DOCTYPE html>"))
    #expect(run.stdout.hasSuffix("</html>\n"))
  }

  @Test func demoTuneReportShowsWeightsAndBothModels() throws {
    let (run, html) = try Self.render(["tune", "--demo", "--bootstrap", "50", "--quiet"], fileOption: "--out")
    #expect(run.status == 0, "\(run.stderr)")
    let svgs = XMLCheck.svgElements(in: html)
    // weights, green churn, recall, 3 ROC, 6 distributions.
    #expect(svgs.count == 12)
    for svg in svgs { #expect(XMLCheck.svgProblems(svg) == []) }
    for needle in ["Weight recalibration: chs-4", "Component weights, current → tuned", "relationship_depth", "65 (+40)", "out of sample"] {
      #expect(html.contains(needle), "\(needle)")
    }
  }

  @Test func demoCompareReportShowsBothModelsAndBandChanges() throws {
    let (run, html) = try Self.render(["compare", "--demo", "chs-4", "chs-5", "--bootstrap", "50"])
    #expect(run.status == 0, "\(run.stderr)")
    let svgs = XMLCheck.svgElements(in: html)
    // green churn, recall, 3 ROC, 3 by segment, 6 distributions.
    #expect(svgs.count == 14)
    for svg in svgs { #expect(XMLCheck.svgProblems(svg) == []) }
    for needle in [
      "Model comparison: A = chs-4, B = chs-5", "A: chs-4", "B: chs-5", "By segment, A vs B", "Green churn by segment, 90 days",
      "Enterprise", "Band changes", "<table class=\"sortable\">",
    ] {
      #expect(html.contains(needle), "\(needle)")
    }
  }
}
