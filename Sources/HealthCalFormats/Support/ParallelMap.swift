import Dispatch

/// Results of `body(0)`, …, `body(count − 1)`, in index order, computed on up
/// to `threads` threads: the same array for any thread count, since each
/// index writes only its own slot.
package func parallelMap<T: Sendable>(count: Int, threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
  guard count > 1, threads > 1 else { return (0..<count).map(body) }
  nonisolated(unsafe) let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
  results.initialize(repeating: nil)
  defer { results.deallocate() }
  DispatchQueue.concurrentPerform(iterations: min(count, threads)) { worker in
    var i = worker
    while i < count {
      results[i] = body(i)
      i += min(count, threads)
    }
  }
  return results.map { $0! }
}
