#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#elseif canImport(Musl)
  import Musl
#endif

/// Where a streaming reader's bytes come from: a file path, reopened for
/// every pass, or bytes already in memory.
package enum ByteOrigin: Sendable {
  case file(path: String)
  /// `length` bytes of a regular file from byte `offset`: one part of a
  /// file read by several threads at once.
  case fileRange(path: String, offset: Int, length: Int)
  case memory([UInt8])

  /// The path that names standard input, as in most command-line tools.
  package static let standardInput = "-"

  /// Checks that a path names something readable that is not a directory,
  /// so a missing file is reported when the reader is created rather than
  /// half-way through a run.
  ///
  /// Checked without opening: opening a named pipe connects its writer, and
  /// closing it again would cut the writer off before the real read.
  package static func checkReadable(path: String) throws(InputError) {
    guard path != standardInput else { return }
    var status = stat()
    guard stat(path, &status) == 0 else { throw .unreadable(file: path, reason: lastErrorText()) }
    if (status.st_mode & S_IFMT) == S_IFDIR { throw .unreadable(file: path, reason: "is a directory") }
    guard access(path, R_OK) == 0 else { throw .unreadable(file: path, reason: lastErrorText()) }
  }

  /// Opens a file for reading (`-` is standard input) and rejects
  /// directories, which `open` accepts and `read` only fails on later with a
  /// less helpful message.
  package static func openFile(_ path: String) throws(InputError) -> Int32 {
    let descriptor = path == standardInput ? dup(STDIN_FILENO) : open(path, O_RDONLY)
    guard descriptor >= 0 else { throw .unreadable(file: path, reason: lastErrorText()) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      let reason = lastErrorText()
      close(descriptor)
      throw .unreadable(file: path, reason: reason)
    }
    if (status.st_mode & S_IFMT) == S_IFDIR {
      close(descriptor)
      throw .unreadable(file: path, reason: "is a directory")
    }
    return descriptor
  }

  package static func lastErrorText() -> String {
    String(cString: strerror(errno))
  }
}

/// A growable byte window over a file or an in-memory array, filled one chunk
/// at a time.
///
/// Readers parse `base[0..<end]`; when a record or line runs past `end` they
/// call ``refill(keepingFrom:)``, which slides the unfinished tail to the front
/// and appends the next chunk. The window grows only when a single unfinished
/// record fills it, so memory stays at about one chunk plus the longest record
/// whatever the file size. Noncopyable so the buffer is freed and the file
/// closed exactly once, on every exit path including a throwing callback.
package struct ChunkedInput: ~Copyable {
  private(set) var base: UnsafeMutablePointer<UInt8>
  private(set) var capacity: Int
  /// One past the last valid byte in `base`.
  private(set) var end = 0
  /// Whether the source has no more bytes beyond `end`.
  private(set) var isAtEnd = false
  /// Bytes read from the source so far, for progress reports.
  private(set) var bytesRead = 0

  private let chunkSize: Int
  private let name: String
  private let descriptor: Int32
  private let memory: [UInt8]
  private var memoryOffset = 0
  /// For a range of a file: where the next read starts and how many bytes
  /// are left; `nil` for a whole file read sequentially.
  private var rangeOffset: Int?
  private var rangeRemaining = 0

  /// Opens the source; nothing is read until the first refill.
  package init(origin: ByteOrigin, name: String, chunkSize: Int) throws(InputError) {
    precondition(chunkSize > 0, "chunk size must be positive")
    self.chunkSize = chunkSize
    self.name = name
    switch origin {
    case .file(let path):
      descriptor = try ByteOrigin.openFile(path)
      memory = []
    case .fileRange(let path, let offset, let length):
      descriptor = try ByteOrigin.openFile(path)
      memory = []
      rangeOffset = offset
      rangeRemaining = length
    case .memory(let bytes):
      descriptor = -1
      memory = bytes
    }
    capacity = chunkSize
    base = .allocate(capacity: capacity)
  }

  deinit {
    base.deallocate()
    if descriptor >= 0 { close(descriptor) }
  }

  /// Drops the bytes before `keep`, moves the rest to the front and appends
  /// the next chunk, growing the window if the kept bytes leave less than a
  /// chunk free. Sets ``isAtEnd`` when the source is exhausted.
  /// - Returns: the number of bytes dropped, so callers can rebase offsets.
  @discardableResult
  package mutating func refill(keepingFrom keep: Int) throws(InputError) -> Int {
    let kept = end - keep
    if keep > 0, kept > 0 { base.update(from: base + keep, count: kept) }
    end = kept
    if capacity - end < chunkSize {
      let grown = max(capacity * 2, end + chunkSize)
      let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
      bigger.moveInitialize(from: base, count: end)
      base.deallocate()
      base = bigger
      capacity = grown
    }
    var wanted = min(chunkSize, capacity - end)
    if let offset = rangeOffset {
      wanted = min(wanted, rangeRemaining)
      guard wanted > 0 else {
        isAtEnd = true
        return keep
      }
      while true {
        let count = pread(descriptor, base + end, wanted, off_t(offset))
        if count > 0 {
          end += count
          bytesRead += count
          rangeOffset = offset + count
          rangeRemaining -= count
          break
        }
        if count == 0 {
          isAtEnd = true
          break
        }
        if errno != EINTR { throw .unreadable(file: name, reason: ByteOrigin.lastErrorText()) }
      }
    } else if descriptor >= 0 {
      while true {
        let count = read(descriptor, base + end, wanted)
        if count > 0 {
          end += count
          bytesRead += count
          break
        }
        if count == 0 {
          isAtEnd = true
          break
        }
        if errno != EINTR { throw .unreadable(file: name, reason: ByteOrigin.lastErrorText()) }
      }
    } else {
      let count = min(wanted, memory.count - memoryOffset)
      if count > 0 {
        memory.withUnsafeBufferPointer { source in
          (base + end).update(from: source.baseAddress! + memoryOffset, count: count)
        }
        memoryOffset += count
        end += count
        bytesRead += count
      } else {
        isAtEnd = true
      }
    }
    return keep
  }

  /// Reads until at least `count` bytes are buffered or the source ends, then
  /// skips a UTF-8 byte order mark if the data starts with one.
  /// - Returns: the offset of the first byte after any BOM.
  package mutating func startSkippingBOM() throws(InputError) -> Int {
    // A BOM starts a file, never a part of one.
    if let offset = rangeOffset, offset > 0 { return 0 }
    while end < 3, !isAtEnd { try refill(keepingFrom: 0) }
    if end >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { return 3 }
    return 0
  }
}
