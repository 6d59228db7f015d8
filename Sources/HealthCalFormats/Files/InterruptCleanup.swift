import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Removes half-written temporary files when the process is interrupted.
///
/// ``AtomicFile`` already guarantees that a destination is either the old
/// file or the complete new one. What an interrupt (Ctrl-C, `kill`, a closed
/// terminal) can still leave is the hidden temporary beside it. Every
/// temporary is registered here while it is being written; after
/// ``install()``, SIGINT, SIGTERM and SIGHUP remove them all and exit with
/// status 128 + signal number, the shell's convention for "killed by".
package enum InterruptCleanup {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var temporaries: Set<String> = []
  nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

  /// Handles SIGINT, SIGTERM and SIGHUP for the rest of the process: remove
  /// the registered temporaries, then exit. Call once, at start-up.
  package static func install() {
    lock.lock()
    defer { lock.unlock() }
    guard sources.isEmpty else { return }
    let queue = DispatchQueue(label: "healthcal.interrupt")
    for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
      // The default action would kill the process before the handler runs.
      signal(signalNumber, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
      source.setEventHandler {
        removeAll()
        exit(128 + signalNumber)
      }
      source.resume()
      sources.append(source)
    }
  }

  /// The temporaries being written now, for tests.
  package static var pending: Set<String> {
    lock.lock()
    defer { lock.unlock() }
    return temporaries
  }

  /// Records a temporary file being written.
  package static func register(_ path: String) {
    lock.lock()
    temporaries.insert(path)
    lock.unlock()
  }

  /// Forgets a temporary that was renamed into place or removed.
  package static func unregister(_ path: String) {
    lock.lock()
    temporaries.remove(path)
    lock.unlock()
  }

  private static func removeAll() {
    lock.lock()
    defer { lock.unlock() }
    for path in temporaries { unlink(path) }
    temporaries.removeAll()
  }
}
