/// Finds the known name a mistyped option or command most likely meant, for
/// "Did you mean '--snapshots'?".
///
/// A suggestion is only offered when it is close: a far-fetched guess (`--x`
/// → `--out`) is worse than none, because the user trusts it and retypes the
/// wrong flag.
package enum Suggestion {
  /// The candidate closest to `typed`, or `nil` when none is close enough.
  ///
  /// Leading dashes are ignored on both sides, so `-quiet` suggests `quiet`.
  /// A candidate qualifies when its distance is at most a third of its length
  /// (at least 1, at most 3): one slip in `out`, two in `snapshots`. Ties go to
  /// the earlier candidate, so the answer does not depend on hashing.
  ///
  /// - Complexity: O(*k* · *m* · *n*) for *k* candidates of length about *n*
  ///   and a typed name of length *m*.
  package static func closest(to typed: String, among candidates: [String]) -> String? {
    let stripped = String(typed.drop { $0 == "-" })
    var best: (name: String, distance: Int)?
    for candidate in candidates {
      let distance = editDistance(stripped, candidate)
      let allowed = max(1, min(3, candidate.count / 3))
      guard distance <= allowed else { continue }
      if let best, best.distance <= distance { continue }
      best = (candidate, distance)
    }
    return best?.name
  }

  /// The optimal-string-alignment distance between two strings: insertions,
  /// deletions, substitutions and swaps of adjacent characters each cost 1.
  ///
  /// Plain Levenshtein counts a swap (`--snapsohts`) as two edits, which would
  /// hide the commonest typing slip behind the threshold.
  ///
  /// - Complexity: O(*m* · *n*) time and O(*n*) extra space per row kept.
  package static func editDistance(_ lhs: String, _ rhs: String) -> Int {
    let a = Array(lhs)
    let b = Array(rhs)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previousPrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          value = min(value, previousPrevious[j - 2] + 1)
        }
        current[j] = value
      }
      (previousPrevious, previous, current) = (previous, current, previousPrevious)
    }
    return previous[b.count]
  }
}
