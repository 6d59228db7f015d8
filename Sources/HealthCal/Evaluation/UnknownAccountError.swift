/// An account id that is not in the snapshots, asked for by name (as with
/// `audit --explain`).
///
/// Its own type rather than an ``InputError``: nothing in the user's files is
/// wrong, the id on the command line is, and the message says which file was
/// searched so a typo and a wrong file are told apart.
public struct UnknownAccountError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The id as given.
  public var accountID: String
  /// The snapshots file that was searched.
  public var file: String

  /// Creates the error.
  public init(accountID: String, file: String) {
    self.accountID = accountID
    self.file = file
  }

  /// One line naming the id and the file, for `error: …` on standard error.
  public var description: String {
    "no account \"\(accountID)\" in \(file); expected an account_id from the snapshots"
  }
}
