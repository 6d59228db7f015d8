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
/// the new one, never a torn one. The temporary is registered with
/// ``InterruptCleanup`` while it exists, so an interrupt removes it too.
package enum AtomicFile {
  /// Writes `text` to `path` atomically.
  /// - Throws: ``InputError/unwritable(file:reason:)`` when the file cannot be
  ///   written, so the CLI reports it as a problem the user can fix.
  package static func write(_ text: String, to path: String) throws(InputError) {
    try write(to: path) { handle in try handle.write(contentsOf: Data(text.utf8)) }
  }

  /// Streams a file to `path` atomically: `body` writes to an open handle, so
  /// a multi-gigabyte file never has to exist in memory at once.
  /// - Throws: ``InputError/unwritable(file:reason:)`` naming `path` and the
  ///   system's reason (no such directory, permission denied, disk full).
  package static func write(to path: String, _ body: (FileHandle) throws -> Void) throws(InputError) {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(
      ".\(url.lastPathComponent).\(ProcessInfo.processInfo.globallyUniqueString).tmp").path
    InterruptCleanup.register(temporary)
    defer { InterruptCleanup.unregister(temporary) }
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard descriptor >= 0 else {
      throw .unwritable(file: path, reason: String(cString: strerror(errno)))
    }
    let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
    do {
      do {
        try body(handle)
        try handle.synchronize()
        try handle.close()
      } catch {
        try? handle.close()
        throw error
      }
      guard rename(temporary, path) == 0 else {
        throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
      }
    } catch {
      unlink(temporary)
      throw .unwritable(file: path, reason: error.localizedDescription)
    }
  }
}
