/// Thrown after a command has written its answer, when that answer calls
/// for action (`drift` says recalibrate): exit status 3, no message.
package struct ActionNeeded: Error {
  /// Creates the signal.
  package init() {}
}
