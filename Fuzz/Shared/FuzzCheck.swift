/// Turns a broken invariant into a crash libFuzzer records.
///
/// The library is built without assertions in release mode, so the fuzz
/// entry points state what must hold after every input (readers agree
/// whatever the chunk size, tables are sorted, scores stay in 0…100) and
/// stop the process with a message when it does not. A wrong number is as
/// much a finding as a trap.
enum FuzzCheck {
  /// Stops the process when `condition` is false.
  static func expect(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("invariant broken: \(message())") }
  }
}
