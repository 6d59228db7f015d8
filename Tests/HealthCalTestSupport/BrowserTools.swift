import Foundation

/// Finds python3 and Chromium for the browser checks.
package enum BrowserTools {
  /// Paths of python3 and chromium, when both are on PATH.
  package static let paths: (python: String, chromium: String)? = {
    guard let python = executable("python3"), let chromium = ["chromium", "chromium-browser"].lazy.compactMap(executable).first
    else { return nil }
    return (python, chromium)
  }()

  /// The first executable file called `name` on PATH.
  package static func executable(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }
}
