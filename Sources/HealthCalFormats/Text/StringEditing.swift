/// Small string edits the readers and writers share, spelled out because
/// Foundation's equivalents also trim Unicode whitespace or treat the target
/// as a pattern, and a cell's meaning must not depend on either.
extension String {
  /// The string without leading and trailing ASCII spaces and tabs (the
  /// only padding exports put around a cell; a no-break space is data).
  package func trimmingASCIISpaces() -> String {
    var scalars = Substring(self)
    while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
    return String(scalars)
  }

  /// The string with every `target` character replaced by `replacement`
  /// (used to escape quotes and pipes).
  package func replacingAll(_ target: Character, with replacement: String) -> String {
    var result = ""
    for character in self {
      if character == target { result += replacement } else { result.append(character) }
    }
    return result
  }
}
