import Testing

@testable import HealthCalCLI
@testable import HealthCalArguments

/// The capturing output used by every end-to-end CLI test.
@Suite struct CLIOutputTests {
  @Test func capturesBothStreamsSeparately() {
    var output = Output.capturing
    output.write("a")
    output.writeError("b")
    output.write("c", terminator: "")
    output.writeError("d", terminator: "!")
    output.flush()
    #expect(output.standardOutput == "a\nc")
    #expect(output.standardError == "b\nd!")
  }
}
