import Foundation
import HealthCal
import HealthCalFormats
import HealthCalArguments

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A one-line status on standard error for long work (reading a large file,
/// a weight search), rewritten in place.
///
/// Silent when standard error is not a terminal (logs and CI stay clean) or
/// with `--quiet`, and for the first second, so quick runs print nothing.
/// Called from whichever thread does the work, hence the lock.
final class ProgressLine: @unchecked Sendable {
  private let isEnabled: Bool
  private let start = DispatchTime.now().uptimeNanoseconds
  private let lock = NSLock()
  private var hasPrinted = false

  init(isEnabled: Bool) {
    self.isEnabled = isEnabled
  }

  /// Enabled unless `--quiet` was given or standard error is not a terminal.
  convenience init(_ arguments: ParsedArguments) {
    self.init(isEnabled: !arguments.flag("quiet") && isatty(STDERR_FILENO) == 1)
  }

  private var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

  /// Replaces the line with `text`, once the work has run for a second.
  func show(_ text: String) {
    guard isEnabled, elapsed > 1 else { return }
    lock.lock()
    defer { lock.unlock() }
    FileHandle.standardError.write(Data("\r\(text)   ".utf8))
    hasPrinted = true
  }

  /// A weight search's status: candidates done, rate, best loss and time left.
  func update(_ progress: WeightSearch.Progress) {
    let rate = Double(progress.evaluated) / max(elapsed, 1e-9)
    let remaining = rate > 0 ? Double(max(0, progress.planned - progress.evaluated)) / rate : 0
    let best = progress.bestLoss.map { NumberFormat.fixed($0, digits: 4) } ?? "none feasible"
    show("tune: \(progress.evaluated)/\(progress.planned) candidates, \(NumberFormat.fixed(rate, digits: 0))/s, best loss \(best), ETA \(NumberFormat.fixed(remaining, digits: 0)) s")
  }

  /// Ends the line if anything was shown.
  func finish() {
    lock.lock()
    defer { lock.unlock() }
    if hasPrinted { FileHandle.standardError.write(Data("\n".utf8)) }
    hasPrinted = false
  }
}
