import Dispatch
import HealthCalFormats

/// Accumulates snapshot rows, then sorts and checks them into a table.
///
/// Only the columns a run reads are parsed: reserved columns, the segment
/// column and the signal columns ``ImportSettings`` names. Every other column
/// is skipped unread (or, for `validate`, profiled so it can be listed).
///
/// A two-pass load (see ``EvaluationData/load(snapshots:outcomes:settings:keeping:threads:onRead:)``)
/// uses it twice: first checking every cell but storing no signal values,
/// then storing only the records on the lines that first pass chose.
struct SnapshotBuilder {
  let file: String
  let settings: ImportSettings
  /// Signal columns, in file order (CSV) or order of first appearance (JSON Lines).
  var signalNames: [String]
  /// Every column name after mapping except the reserved ones: what a
  /// model could read, for messages.
  var fileColumns: [String]
  /// Whether signal values are kept; a first pass checks them and drops them.
  var storesValues = true
  /// Whether unused columns are profiled (for `validate`).
  var profilesUnused = false
  /// When set, only records starting on these lines are read; the rest are
  /// counted and skipped unparsed, having been checked by the first pass.
  var keptLines: LineSet?
  /// Records offered, kept or skipped, so two passes can be compared.
  var recordCount = 0
  /// Accounts interned before any row was read (a second pass's seed):
  /// every copy of this builder numbers them alike.
  var seededAccounts = 0
  var accountIDs: [String] = []
  var accountLookup: [String: Int32] = [:]
  var lastAccountBytes: [UInt8] = []
  var lastAccount: Int32 = -1
  var segments: [String] = []
  var segmentLookup: [String: Int32] = [:]
  var rowAccount: [Int32] = []
  var rowDate: [Int32] = []
  var rowLine: [Int32] = []
  var rowSegment: [Int32] = []
  var rowARR: [Double] = []
  var values: [Double] = []
  var lastSegmentBytes: [UInt8] = []
  var lastSegment: Int32 = -1
  /// Per signal: its labels when it is a `category` column.
  var categories: [CategoryLevels?] = []
  /// Unused columns' profiles, when ``profilesUnused``.
  var profiles: [ColumnProfile] = []
  /// Per signal: the first cell that is not a number, when every usable
  /// column is read (``ImportSettings/signalColumns`` is `nil`); such a
  /// column is left out of the table rather than reported.
  var textCells: [InputError?] = []

  /// Whether the columns to read are found rather than named.
  var discovers: Bool { settings.signalColumns == nil }

  /// A builder for a file whose header (or first keys) name `fileColumns`.
  init(file: String, settings: ImportSettings, fileColumns names: [String]) {
    self.file = file
    self.settings = settings
    fileColumns = []
    signalNames = []
    growsColumns = names.isEmpty
    addColumns(names)
  }

  /// Whether columns are still being found (JSON Lines keys, in a first
  /// pass that stores no values, so earlier rows need none).
  private var growsColumns = true
  private var knownColumns = Set<String>()

  /// Adds columns not seen before: a header's, or a JSON Lines object's keys.
  mutating func addColumns(_ names: [String]) {
    guard growsColumns || fileColumns.isEmpty else { return }
    for name in names where knownColumns.insert(name).inserted && !SnapshotLoader.reservedColumns.contains(name) {
      fileColumns.append(name)
      let isRead = settings.signalColumns.map { $0.contains(name) } ?? (name != settings.segmentColumn)
      guard isRead else { continue }
      precondition(!storesValues || rowCount == 0, "a column added after rows were stored would misalign them")
      signalNames.append(name)
      categories.append(settings.categoryColumns.contains(name) ? CategoryLevels(fileColumn: nil) : nil)
      textCells.append(nil)
    }
  }

  /// Starts with a first pass's accounts, segments and labels, so indices
  /// match it even where the kept rows name fewer of them.
  init(following first: SnapshotBuilderSeed, keptLines: LineSet, reserving rows: Int) {
    self.init(file: first.file, settings: first.settings, fileColumns: first.fileColumns)
    growsColumns = false
    signalNames = first.signalNames
    textCells = signalNames.map { _ in nil }
    for id in first.accountIDs { _ = intern(id) }
    seededAccounts = accountIDs.count
    for name in first.segments { _ = internSegment(name) }
    categories = first.categories
    self.keptLines = keptLines
    rowAccount.reserveCapacity(rows)
    rowDate.reserveCapacity(rows)
    rowLine.reserveCapacity(rows)
    rowSegment.reserveCapacity(rows)
    rowARR.reserveCapacity(rows)
    values.reserveCapacity(rows * signalNames.count)
  }

  /// The builder checking every cell and storing no signal values: the
  /// table it finishes has accounts, dates, segments and ARR only.
  var checking: SnapshotBuilder {
    var copy = self
    copy.storesValues = false
    return copy
  }

  /// A copy whose per-record state shares no storage with this builder.
  ///
  /// Threads reading parts of one file start from copies of one builder;
  /// arrays they touch on every record must not be shared, or each thread's
  /// reference counting on the same buffer bounces one cache line between
  /// the cores.
  ///
  /// The copy also starts with row arrays of its own, so the builder it was
  /// made from keeps any capacity it reserved for itself.
  func detached() -> SnapshotBuilder {
    var copy = self
    copy.replaceColumns(with: RowColumns())
    if var columns {
      columns.signals = columns.signals.map { $0 }
      columns.percent = columns.percent.map { $0 }
      columns.unused = columns.unused.map { $0 }
      copy.columns = columns
    }
    copy.categories = categories.map { $0 }
    copy.textCells = textCells.map { $0 }
    copy.profiles = profiles.map { $0 }
    return copy
  }

  /// What a second pass needs from a first: names, accounts, segments and
  /// labels in the first pass's order.
  var seed: SnapshotBuilderSeed {
    let kept = signalNames.indices.filter { textCells[$0] == nil }
    return SnapshotBuilderSeed(
      file: file, settings: settings, fileColumns: fileColumns, signalNames: kept.map { signalNames[$0] }, accountIDs: accountIDs,
      segments: segments, categories: kept.map { categories[$0] })
  }

  /// Whether a record is read at all in this pass.
  mutating func admits(line: Int) -> Bool {
    recordCount += 1
    return keptLines?.contains(line) ?? true
  }

  /// Appends a signal value, unless this pass only checks them.
  mutating func store(_ value: Double) {
    if storesValues { values.append(value) }
  }

  var rowCount: Int { rowAccount.count }

  /// The header's column positions, once resolved (CSV only).
  var columns: Columns?

  /// A signal cell that is not a number: an error, or when columns are
  /// found rather than named, the reason its column is left out.
  mutating func reject(_ problem: InputError, signal s: Int, isValid: inout Bool, log: inout IssueLog) throws(InputError) {
    if discovers {
      if textCells[s] == nil { textCells[s] = problem }
    } else {
      isValid = false
      try log.record(problem)
    }
  }


  mutating func appendRow(account: Int32, date: CalendarDate, line: Int, segment: Int32, arr: Double) {
    rowAccount.append(account)
    rowDate.append(Int32(date.daysSinceEpoch))
    rowLine.append(Int32(clamping: line))
    rowSegment.append(segment)
    rowARR.append(arr)
  }

  mutating func intern(_ id: String) -> Int32 {
    if let index = accountLookup[id] { return index }
    let index = Int32(accountIDs.count)
    accountIDs.append(id)
    accountLookup[id] = index
    return index
  }

  func tooManySegments(_ location: SourceLocation, found: String) -> InputError {
    let limit = settings.maximumSegments
    let column = settings.segmentColumn ?? "segment"
    return .invalidValue(
      location, column: column,
      expected: "at most \(limit) distinct values to break results down by (is this an id column? "
        + "pass --segment-by with a column of a few groups, --segment-by none, or --max-segments N)",
      found: found)
  }

  /// The index of segment `name`, or `nil` when it would be one more than
  /// ``ImportSettings/maximumSegments``.
  mutating func internSegment(_ name: String) -> Int32? {
    if let index = segmentLookup[name] { return index }
    guard segments.count < settings.maximumSegments else { return nil }
    let index = Int32(segments.count)
    segments.append(name)
    segmentLookup[name] = index
    return index
  }

  /// The builders of consecutive parts of one file (see ``CSVSplit``)
  /// joined into one, as if a single builder had read them all.
  ///
  /// Accounts, segments and labels a later part saw first are interned
  /// after the earlier parts', in that part's order: the order a serial read
  /// finds them. Each column is then built once, all columns side by side.
  /// - Returns: `nil` when the segments together pass
  ///   ``ImportSettings/maximumSegments``, which a serial read reports at a
  ///   line this cannot know; the caller reads the file serially instead.
  static func joining(_ parts: inout [SnapshotBuilder], threads: Int) -> SnapshotBuilder? {
    var joined = parts.removeFirst()
    var accountMaps: [[Int32]?] = []
    var segmentMaps: [[Int32]?] = []
    var labelMaps: [[[Double]?]] = []
    for part in parts {
      // Copies of one seeded builder share their first accounts; only the
      // accounts a part added are looked up.
      let shared = min(joined.seededAccounts, part.accountIDs.count)
      let accountMap = (0..<shared).map(Int32.init) + part.accountIDs[shared...].map { joined.intern($0) }
      accountMaps.append(accountMap.indices.contains { accountMap[$0] != Int32($0) } ? accountMap : nil)
      var segmentMap: [Int32] = []
      for name in part.segments {
        guard let index = joined.internSegment(name) else { return nil }
        segmentMap.append(index)
      }
      segmentMaps.append(segmentMap.indices.contains { segmentMap[$0] != Int32($0) } ? segmentMap : nil)
      labelMaps.append(part.categories.enumerated().map { s, levels in
        levels.map { levels in levels.labels.indices.map { Double(joined.categories[s]!.intern(levels.labels[$0], line: levels.firstLines[$0])) } }
      })
      joined.recordCount += part.recordCount
      for (u, profile) in part.profiles.enumerated() { joined.profiles[u].merge(profile) }
      for (s, problem) in part.textCells.enumerated() where joined.textCells[s] == nil { joined.textCells[s] = problem }
    }
    let width = joined.storesValues ? joined.signalNames.count : 0
    // The first part's columns grow in place (a second pass reserved room
    // for every kept row there), and each later part's column is released
    // as soon as it is appended: the table is never held twice. Every column
    // is first moved out of the builders into a list of its own, so the
    // tasks below share no storage (a whole builder is never read while
    // another task is emptying one of its columns).
    func pieces<T>(_ column: WritableKeyPath<SnapshotBuilder, [T]>) -> [[T]] {
      var list = [joined[keyPath: column]]
      joined[keyPath: column] = []
      for k in parts.indices {
        list.append(parts[k][keyPath: column])
        parts[k][keyPath: column] = []
      }
      return list
    }
    nonisolated(unsafe) var accountPieces = pieces(\.rowAccount)
    nonisolated(unsafe) var datePieces = pieces(\.rowDate)
    nonisolated(unsafe) var linePieces = pieces(\.rowLine)
    nonisolated(unsafe) var segmentPieces = pieces(\.rowSegment)
    nonisolated(unsafe) var arrPieces = pieces(\.rowARR)
    nonisolated(unsafe) var valuePieces = pieces(\.values)
    let hasLabels = labelMaps.contains { $0.contains { $0 != nil } }
    /// One column: the first piece, then every later piece appended (and
    /// released), renumbered where a map of that part says.
    @Sendable func concatenated<T: BitwiseCopyable>(_ pieces: inout [[T]], renumber: ((Int, inout T) -> Void)? = nil) -> [T] {
      var result = pieces[0]
      pieces[0] = []
      result.reserveCapacity(pieces.reduce(0) { $0 + $1.count })
      for k in 1..<pieces.count {
        let from = result.count
        result.append(contentsOf: pieces[k])
        pieces[k] = []
        guard let renumber else { continue }
        result.withUnsafeMutableBufferPointer { cells in
          for i in from..<cells.count { renumber(k - 1, &cells[i]) }
        }
      }
      return result
    }
    let joinedColumns = RowColumns(
      threads: threads,
      accounts: {
        concatenated(&accountPieces) { k, account in
          if let map = accountMaps[k] { account = map[Int(account)] }
        }
      },
      dates: { concatenated(&datePieces) }, lines: { concatenated(&linePieces) },
      segments: {
        concatenated(&segmentPieces) { k, segment in
          if segment >= 0, let map = segmentMaps[k] { segment = map[Int(segment)] }
        }
      },
      arrs: { concatenated(&arrPieces) },
      values: {
        var cell = 0
        return concatenated(&valuePieces) { k, value in
          defer { cell += 1 }
          guard hasLabels, width > 0, !value.isNaN, let map = labelMaps[k][cell % width] else { return }
          value = map[Int(value)]
        }
      })
    joined.replaceColumns(with: joinedColumns)
    return joined
  }

  /// Reorders rows of `width` values so row `j` becomes the row that was at
  /// `order[j]`, in place: each cycle of the permutation is followed once
  /// with one row held aside, so a table of gigabytes is never copied.
  static func permuteRows(_ values: inout [Double], width: Int, order: [Int]) {
    guard width > 0 else { return }
    var placed = [Bool](repeating: false, count: order.count)
    var held = [Double](repeating: 0, count: width)
    values.withUnsafeMutableBufferPointer { cells in
      for start in order.indices where !placed[start] && order[start] != start {
        for c in 0..<width { held[c] = cells[start * width + c] }
        var j = start
        while true {
          placed[j] = true
          let source = order[j]
          if source == start {
            for c in 0..<width { cells[j * width + c] = held[c] }
            break
          }
          for c in 0..<width { cells[j * width + c] = cells[source * width + c] }
          j = source
        }
      }
    }
  }

  /// Row indices ordered by (account, date, line), once accounts are ranked.
  ///
  /// A warehouse export is often ordered by date, which leaves every row out
  /// of place. Account ranks are dense, so a counting sort places each row in
  /// its account's run in O(n) (keeping file order, hence line order, within
  /// a run), and only each account's few rows are compared by date.
  func sortedOrder() -> [Int] {
    var start = [Int](repeating: 0, count: accountIDs.count + 1)
    for account in rowAccount { start[Int(account) + 1] += 1 }
    for account in accountIDs.indices { start[account + 1] += start[account] }
    var next = start
    var order = [Int](repeating: 0, count: rowAccount.count)
    for (row, account) in rowAccount.enumerated() {
      order[next[Int(account)]] = row
      next[Int(account)] += 1
    }
    // Rows are placed in file order, so an account's run is already in line
    // order, and usually in date order too: only a run that is not is sorted.
    rowDate.withUnsafeBufferPointer { dates in
      for account in accountIDs.indices where start[account + 1] - start[account] > 1 {
        let run = start[account]..<start[account + 1]
        if zip(run.dropLast(), run.dropFirst()).contains(where: { dates[order[$0]] > dates[order[$1]] }) {
          order[run].sort { (dates[$0], rowLine[$0]) < (dates[$1], rowLine[$1]) }
        }
      }
    }
    return order
  }

  /// Sorts accounts by id and rows by (account, date), rejects duplicate
  /// (account, date) pairs, and builds the table.
  /// - Parameter threads: more than one moves the columns into order side by side.
  consuming func finish(log: inout IssueLog, threads: Int = 1) throws(InputError) -> SnapshotTable {
    var unread: [String: InputError] = [:]
    if textCells.contains(where: { $0 != nil }) {
      let kept = signalNames.indices.filter { textCells[$0] == nil }
      for (s, problem) in textCells.enumerated() { if let problem { unread[signalNames[s]] = problem } }
      if storesValues {
        let width = signalNames.count
        values = (0..<rowCount).flatMap { row in kept.map { values[row * width + $0] } }
      }
      signalNames = kept.map { signalNames[$0] }
      categories = kept.map { categories[$0] }
    }
    let accountOrder = accountIDs.indices.sorted { accountIDs[$0].utf8.lexicographicallyPrecedes(accountIDs[$1].utf8) }
    var rank = [Int32](repeating: 0, count: accountIDs.count)
    for (newIndex, old) in accountOrder.enumerated() { rank[old] = Int32(newIndex) }
    let segmentOrder = segments.indices.sorted { segments[$0].utf8.lexicographicallyPrecedes(segments[$1].utf8) }
    var segmentRank = [Int32](repeating: 0, count: segments.count)
    for (newIndex, old) in segmentOrder.enumerated() { segmentRank[old] = Int32(newIndex) }

    let n = rowAccount.count
    for i in 0..<n {
      rowAccount[i] = rank[Int(rowAccount[i])]
      if rowSegment[i] >= 0 { rowSegment[i] = segmentRank[Int(rowSegment[i])] }
    }
    func key(_ i: Int) -> (Int32, Int32, Int32) { (rowAccount[i], rowDate[i], rowLine[i]) }
    var isSorted = true
    for i in 1..<max(n, 1) where key(i - 1) > key(i) {
      isSorted = false
      break
    }
    let width = storesValues ? signalNames.count : 0
    if !isSorted {
      let order = sortedOrder()
      // The signal values, most of a kept table, move in place; the narrow
      // columns are gathered side by side.
      var signals = values
      values = []
      Self.permuteRows(&signals, width: width, order: order)
      let (accounts, dates, lines, segments, arrs) = (rowAccount, rowDate, rowLine, rowSegment, rowARR)
      replaceColumns(with: RowColumns(
        threads: threads, accounts: { order.map { accounts[$0] } }, dates: { order.map { dates[$0] } },
        lines: { order.map { lines[$0] } }, segments: { order.map { segments[$0] } }, arrs: { order.map { arrs[$0] } },
        values: { signals }))
    }
    let ids = accountOrder.map { accountIDs[$0] }
    var duplicates: [Int] = []
    for i in 1..<max(n, 1) where rowAccount[i] == rowAccount[i - 1] && rowDate[i] == rowDate[i - 1] {
      let first = min(rowLine[i], rowLine[i - 1])
      let later = max(rowLine[i], rowLine[i - 1])
      try log.record(.duplicateSnapshot(
        SourceLocation(file: file, line: Int(later)), account: ids[Int(rowAccount[i])],
        date: CalendarDate(daysSinceEpoch: Int(rowDate[i])), firstLine: Int(first)))
      duplicates.append(i)
    }
    if !duplicates.isEmpty {
      let drop = Set(duplicates)
      let keep = (0..<n).filter { !drop.contains($0) }
      rowAccount = keep.map { rowAccount[$0] }
      rowDate = keep.map { rowDate[$0] }
      rowLine = keep.map { rowLine[$0] }
      rowSegment = keep.map { rowSegment[$0] }
      rowARR = keep.map { rowARR[$0] }
      values = keep.flatMap { values[($0 * width)..<($0 * width + width)] }
    }
    var table = SnapshotTable(
      file: file, signalNames: signalNames, accountIDs: ids, rowAccount: rowAccount, rowDate: rowDate,
      rowLine: rowLine, rowSegment: rowSegment, segments: segmentOrder.map { segments[$0] }, rowARR: rowARR,
      values: values)
    table.fileColumns = fileColumns
    table.categories = categories
    table.unreadColumns = unread
    table.segmentColumn = settings.segmentColumn
    return table
  }
}

extension SnapshotBuilder {
  /// Every per-row column of a builder, built together.
  struct RowColumns {
    var accounts: [Int32] = []
    var dates: [Int32] = []
    var lines: [Int32] = []
    var segments: [Int32] = []
    var arrs: [Double] = []
    var values: [Double] = []

    /// Builds each column with its closure, side by side when `threads > 1`:
    /// the columns are independent, and on a large book each is a long copy.
    init(
      threads: Int, accounts: @escaping () -> [Int32], dates: @escaping () -> [Int32], lines: @escaping () -> [Int32],
      segments: @escaping () -> [Int32], arrs: @escaping () -> [Double], values: @escaping () -> [Double]
    ) {
      // Each iteration writes one field through the pointer (distinct memory,
      // no shared access to check), and all are read after they end.
      let slot = UnsafeMutablePointer<RowColumns>.allocate(capacity: 1)
      slot.initialize(to: RowColumns())
      defer {
        slot.deinitialize(count: 1)
        slot.deallocate()
      }
      nonisolated(unsafe) let target = slot
      nonisolated(unsafe) let builders = (accounts, dates, lines, segments, arrs, values)
      let build = { @Sendable (column: Int) in
        switch column {
        case 0: target.pointee.accounts = builders.0()
        case 1: target.pointee.dates = builders.1()
        case 2: target.pointee.lines = builders.2()
        case 3: target.pointee.segments = builders.3()
        case 4: target.pointee.arrs = builders.4()
        default: target.pointee.values = builders.5()
        }
      }
      if threads > 1 {
        DispatchQueue.concurrentPerform(iterations: 6, execute: build)
      } else {
        for column in 0..<6 { build(column) }
      }
      self = slot.pointee
    }

    /// No rows.
    init() {}
  }

  /// Replaces every per-row column.
  mutating func replaceColumns(with columns: RowColumns) {
    rowAccount = columns.accounts
    rowDate = columns.dates
    rowLine = columns.lines
    rowSegment = columns.segments
    rowARR = columns.arrs
    values = columns.values
  }
}

/// A first pass's names and interned values, handed to the second pass.
struct SnapshotBuilderSeed {
  var file: String
  var settings: ImportSettings
  var fileColumns: [String]
  var signalNames: [String]
  var accountIDs: [String]
  var segments: [String]
  var categories: [CategoryLevels?]
}
