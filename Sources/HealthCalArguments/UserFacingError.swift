import HealthCalFormats

/// An error whose message is written for the person running `healthcal`, such
/// as a bad row in their CSV.
///
/// ``CommandLineTool`` prints it as one line, `error: <message>`, on standard
/// error and exits with status 1 (bad input). Any other error escaping a
/// command is a bug in healthcal, not in the input, and exits with status 2;
/// conforming is how a command says "the user can fix this".
package protocol UserFacingError: Error {
  /// One line saying what was wrong and what was expected, without the
  /// `error: ` prefix, for example
  /// `snapshots.csv:42:3: expected a date YYYY-MM-DD, found "2025-02-30"`.
  var message: String { get }
}

/// A bad input file is the user's to fix: its message already names file,
/// line and column.
extension InputError: UserFacingError {
  package var message: String { description }
}
