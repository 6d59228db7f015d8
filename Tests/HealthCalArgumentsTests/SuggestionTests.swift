import Testing

@testable import HealthCalArguments

/// Edit distance and the "Did you mean" threshold.
@Suite struct SuggestionTests {
  @Test func editDistanceBasics() {
    #expect(Suggestion.editDistance("", "") == 0)
    #expect(Suggestion.editDistance("", "abc") == 3)
    #expect(Suggestion.editDistance("abc", "") == 3)
    #expect(Suggestion.editDistance("kitten", "sitting") == 3)
    #expect(Suggestion.editDistance("format", "format") == 0)
  }

  @Test func adjacentSwapCostsOne() {
    #expect(Suggestion.editDistance("snapsohts", "snapshots") == 1)
    #expect(Suggestion.editDistance("ab", "ba") == 1)
  }

  @Test func closeNamesAreSuggested() {
    let names = ["snapshots", "outcomes", "format", "out", "seed", "quiet", "help"]
    #expect(Suggestion.closest(to: "--snapshot", among: names) == "snapshots")
    #expect(Suggestion.closest(to: "--snapsohts", among: names) == "snapshots")
    #expect(Suggestion.closest(to: "--formt", among: names) == "format")
    #expect(Suggestion.closest(to: "--ot", among: names) == "out")
    #expect(Suggestion.closest(to: "-quiet", among: names) == "quiet")
    #expect(Suggestion.closest(to: "--hepl", among: names) == "help")
  }

  @Test func farNamesAreNotSuggested() {
    let names = ["snapshots", "outcomes", "format", "out", "seed"]
    #expect(Suggestion.closest(to: "--x", among: names) == nil)
    #expect(Suggestion.closest(to: "--verbose", among: names) == nil)
    #expect(Suggestion.closest(to: "--sed", among: ["seed"]) == "seed")
    #expect(Suggestion.closest(to: "--sd", among: ["seed"]) == nil)
  }

  @Test func tiesGoToTheEarlierCandidate() {
    #expect(Suggestion.closest(to: "outx", among: ["outa", "outb"]) == "outa")
    #expect(Suggestion.closest(to: "outx", among: ["outb", "outa"]) == "outb")
  }

  @Test func closerBeatsEarlier() {
    #expect(Suggestion.closest(to: "horizon", among: ["horizons-x", "horizons"]) == "horizons")
  }
}
