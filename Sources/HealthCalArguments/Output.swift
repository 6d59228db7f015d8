import Foundation

/// Where a command writes: standard output and standard error, or two strings
/// that tests read back.
///
/// Commands take it `inout` and never call `print`, so an end-to-end test can
/// run a whole command and compare what it wrote, byte for byte, to a golden
/// file. When writing to the real streams, standard output is buffered (one
/// system call per 64 KiB, not per table row) and flushed before anything goes
/// to standard error, so on a terminal an error never appears above output
/// written before it.
package struct Output: Sendable {
  /// Where the text goes.
  private enum Destination: Sendable {
    /// The process's standard output and standard error.
    case standardStreams
    /// ``standardOutput`` and ``standardError``, for tests.
    case captured
  }

  /// Bytes of standard output held before a write is forced.
  private static let bufferLimit = 1 << 16

  /// Where this output writes.
  private let destination: Destination
  /// Standard-output text not yet written to the stream.
  private var pending = ""
  /// Everything written to standard output, when capturing; empty otherwise.
  private(set) var standardOutput = ""
  /// Everything written to standard error, when capturing; empty otherwise.
  private(set) var standardError = ""

  /// Creates an output; use ``standardStreams`` or ``capturing``.
  private init(destination: Destination) {
    self.destination = destination
  }

  /// Writes to the process's standard output and standard error.
  package static var standardStreams: Output { Output(destination: .standardStreams) }

  /// Keeps everything written in ``standardOutput`` and ``standardError``.
  package static var capturing: Output { Output(destination: .captured) }

  /// Writes `text` and then `terminator` to standard output, like `print`.
  package mutating func write(_ text: String, terminator: String = "\n") {
    switch destination {
    case .captured:
      standardOutput += text + terminator
    case .standardStreams:
      pending += text + terminator
      if pending.utf8.count >= Self.bufferLimit { flush() }
    }
  }

  /// Writes `text` and then `terminator` to standard error, unbuffered, for
  /// errors and progress.
  package mutating func writeError(_ text: String, terminator: String = "\n") {
    switch destination {
    case .captured:
      standardError += text + terminator
    case .standardStreams:
      flush()
      Self.emit(text + terminator, to: .standardError)
    }
  }

  /// Writes any buffered standard output now. ``CommandLineTool`` calls it
  /// when a command ends; a command calls it only before a long pause.
  package mutating func flush() {
    guard destination == .standardStreams, !pending.isEmpty else { return }
    Self.emit(pending, to: .standardOutput)
    pending = ""
  }

  /// Writes to a stream, ignoring failures: when the reader has gone away
  /// (`healthcal audit | head`) there is no one left to tell.
  private static func emit(_ text: String, to handle: FileHandle) {
    try? handle.write(contentsOf: Data(text.utf8))
  }
}
