import Foundation

/// The population stability index of one value (a score or a signal)
/// between a reference period and a current one.
///
/// Bins are deciles of the reference (equal-frequency, tied values kept in
/// one bin, as ``DecileTable`` cuts them), plus a bin of missing values when
/// either period has one: a pipeline that starts dropping a column is drift
/// too. With shares r and c of each period,
///
///     PSI = Σ (c − r) · ln(c / r)
///
/// (Jeffreys' divergence, as `optbinning` computes it), each share floored
/// at 0.0001 so an empty bin reads as a large term rather than infinity, as
/// monitoring tools usually do. Readings: < 0.1 stable, 0.1–0.25 moderate,
/// > 0.25 major.
public struct PopulationStability: Hashable, Sendable {
  /// The usual reading of a PSI.
  public enum Reading: String, Hashable, Sendable {
    /// PSI < 0.1.
    case stable
    /// 0.1 ≤ PSI ≤ 0.25.
    case moderate
    /// PSI > 0.25.
    case major

    /// The reading of `index`.
    public init(index: Double) {
      self = index < 0.1 ? .stable : index <= 0.25 ? .moderate : .major
    }
  }

  /// One bin.
  public struct Bin: Hashable, Sendable {
    /// The smallest reference value in the bin (`nil` for the first bin and the missing bin).
    public var lower: Double?
    /// Whether this is the bin of missing values.
    public var isMissing: Bool
    /// Reference values in the bin.
    public var referenceCount: Int
    /// Current values in the bin.
    public var currentCount: Int
    /// Share of the reference period (before the floor).
    public var referenceShare: Double
    /// Share of the current period (before the floor).
    public var currentShare: Double
    /// The bin's term of the index.
    public var term: Double
  }

  /// The smallest share a term uses.
  public static let shareFloor = 0.0001

  /// The bins, lowest values first, the missing bin last.
  public var bins: [Bin]
  /// The index.
  public var index: Double
  /// Its reading.
  public var reading: Reading { Reading(index: index) }

  /// Compares `current` with `reference` (`nil` = missing).
  /// - Precondition: both periods have at least one value.
  public init(reference: [Double?], current: [Double?]) {
    precondition(!reference.isEmpty && !current.isEmpty, "both periods need values")
    let sorted = reference.compactMap { $0 }.sorted()
    var edges: [Double] = []
    var decile = 0
    for (i, value) in sorted.enumerated() where i == 0 || value != sorted[i - 1] {
      let d = 10 * i / sorted.count
      if i > 0, d != decile { edges.append(value) }
      decile = d
    }
    func bin(_ value: Double?) -> Int {
      value.map { SignalBins.bin(of: $0, thresholds: edges) } ?? edges.count + 1
    }
    var referenceCounts = [Int](repeating: 0, count: edges.count + 2)
    var currentCounts = referenceCounts
    for value in reference { referenceCounts[bin(value)] += 1 }
    for value in current { currentCounts[bin(value)] += 1 }
    let hasMissing = referenceCounts[edges.count + 1] > 0 || currentCounts[edges.count + 1] > 0
    var bins: [Bin] = []
    var index = 0.0
    for b in 0..<(edges.count + (hasMissing ? 2 : 1)) {
      let r = Double(referenceCounts[b]) / Double(reference.count)
      let c = Double(currentCounts[b]) / Double(current.count)
      let (rf, cf) = (max(r, Self.shareFloor), max(c, Self.shareFloor))
      let term = (cf - rf) * log(cf / rf)
      index += term
      bins.append(Bin(
        lower: b == 0 || b > edges.count ? nil : edges[b - 1], isMissing: b == edges.count + 1,
        referenceCount: referenceCounts[b], currentCount: currentCounts[b], referenceShare: r, currentShare: c, term: term))
    }
    self.bins = bins
    self.index = index
  }
}
