import Foundation
import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats

@Suite struct SHA256Tests {
  @Test func emptyMessage() {
    #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  }

  @Test func abc() {
    #expect(SHA256.hex("abc".utf8) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test func fourHundredFortyEightBitMessageNeedsASecondPaddingBlock() {
    let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
    #expect(message.utf8.count * 8 == 448)
    #expect(SHA256.hex(message.utf8) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }

  @Test func oneMillionAs() {
    let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    #expect(SHA256.hex(message) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test func nonContiguousSequencesHashLikeArraysAcrossBlockBoundaries() {
    for length in [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000] {
      let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
      #expect(SHA256.hex(bytes.lazy.map { $0 }) == SHA256.hex(bytes), "length \(length)")
    }
  }

  @Test func fileMatchesPythonHashlibOnTheDemoSnapshots() throws {
    // Computed with `sha256sum Fixtures/demo/snapshots.csv` and Python's hashlib.sha256.
    #expect(try SHA256.hex(fileAt: TestData.fixture("demo/snapshots.csv")) == "2e2b2029b6444a139dfa3be72062f06b2ee48d24032106b6acdcde5c1a053450")
  }

  @Test func fileLargerThanOneChunkMatchesTheInMemoryDigest() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("big.bin").path
    let bytes = (0..<200_003).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 8) }
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    #expect(try SHA256.hex(fileAt: path) == SHA256.hex(bytes))
  }

  @Test func missingFileAndDirectoryAreUnreadable() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let missing = directory.appendingPathComponent("absent.csv").path
    #expect {
      try SHA256.hex(fileAt: missing)
    } throws: { error in
      guard case .unreadable(let file, _)? = error as? InputError else { return false }
      return file == missing
    }
    #expect {
      try SHA256.hex(fileAt: directory.path)
    } throws: { error in
      guard case .unreadable(_, let reason)? = error as? InputError else { return false }
      return reason == "is a directory"
    }
  }
}
