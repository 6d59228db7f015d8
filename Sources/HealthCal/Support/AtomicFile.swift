import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes output files so that a reader never sees half a file.
///
/// The bytes go to a uniquely named temporary sibling, are flushed to disk,
/// and the temporary is then renamed over the destination: a rename within one
/// file system is atomic, so an interrupted run leaves either the old file or
/// the new one, never a torn one.
public enum AtomicFile {
  /// Writes `text` to `path` atomically.
  /// - Throws: ``InputError/unreadable(file:reason:)`` when the file cannot be
  ///   written, so the CLI reports it as a problem the user can fix.
  public static func write(_ text: String, to path: String) throws(InputError) {
    try write(to: path) { handle in try handle.write(contentsOf: Data(text.utf8)) }
  }

  /// Streams a file to `path` atomically: `body` writes to an open handle, so
  /// a multi-gigabyte file never has to exist in memory at once.
  public static func write(to path: String, _ body: (FileHandle) throws -> Void) throws(InputError) {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(
      ".\(url.lastPathComponent).\(ProcessInfo.processInfo.globallyUniqueString).tmp")
    guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
      throw .unreadable(file: path, reason: "cannot write: cannot create \(temporary.lastPathComponent)")
    }
    do {
      let handle = try FileHandle(forWritingTo: temporary)
      do {
        try body(handle)
        try handle.synchronize()
        try handle.close()
      } catch {
        try? handle.close()
        throw error
      }
      guard rename(temporary.path, url.path) == 0 else {
        throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
      }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw .unreadable(file: path, reason: "cannot write: \(error.localizedDescription)")
    }
  }
}
