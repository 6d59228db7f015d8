import Testing
@testable import HealthCal

@Suite struct RankCorrelationTests {
  /// Figures from `scipy.stats.spearmanr`.
  @Test func agreesWithScipy() {
    #expect(abs(RankCorrelation.spearman([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 6])! - 0.8696565534786727) < 1e-12)
    #expect(abs(RankCorrelation.spearman([1, 2, 2, 3], [1, 3, 2, 4])! - 0.9486832980505139) < 1e-12)
  }

  @Test func usesOnlyPairsWithBothValues() {
    #expect(RankCorrelation.spearman([1, 2, nil, 3, 4], [10, 20, 5, 30, 40]) == 1)
    #expect(RankCorrelation.spearman([1, nil], [1, 2]) == nil)
    #expect(RankCorrelation.spearman([1, 1, 1], [1, 2, 3]) == nil)
  }

  @Test func monotonicTransformsKeepTheCorrelation() {
    let x: [Double?] = [3, 1, 4, 1, 5, 9, 2, 6]
    let y: [Double?] = [2, 7, 1, 8, 2, 8, 1, 8]
    let rho = RankCorrelation.spearman(x, y)!
    #expect(RankCorrelation.spearman(x.map { $0.map { $0 * $0 * $0 } }, y) == rho)
    #expect(RankCorrelation.spearman(x.map { $0.map { -$0 } }, y) == -rho)
  }

  @Test func groupsJoinChains() {
    let names = ["a", "b", "c", "d", "e"]
    var correlations: [[Double?]] = Array(repeating: Array(repeating: nil, count: 5), count: 5)
    correlations[0][2] = 0.9
    correlations[2][4] = -0.85
    correlations[1][3] = 0.5
    #expect(RankCorrelation.groups(names: names, correlations: correlations, threshold: 0.8) == [["a", "c", "e"]])
    correlations[1][3] = 0.81
    #expect(RankCorrelation.groups(names: names, correlations: correlations, threshold: 0.8) == [["a", "c", "e"], ["b", "d"]])
  }
}
