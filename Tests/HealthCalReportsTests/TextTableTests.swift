import Testing
import HealthCalTestSupport
@testable import HealthCal
@testable import HealthCalFormats
@testable import HealthCalReports

@Suite struct TextTableTests {
  static var sample: TextTable {
    var table = TextTable(headers: ["horizon", "rate"])
    table.append(["90 days", "48.5%"])
    table.append(["30 days", "10.3%"])
    return table
  }

  @Test func plainAlignsTextLeftAndNumbersRight() {
    #expect(Self.sample.renderPlain() == """
      horizon   rate
      -------  -----
      90 days  48.5%
      30 days  10.3%

      """)
  }

  @Test func markdownEscapesPipes() {
    var table = TextTable(headers: ["a|b", "n"])
    table.append(["x|y", "1"])
    #expect(table.renderMarkdown() == "| a\\|b | n |\n| --- | ---: |\n| x\\|y | 1 |\n")
  }
}

@Suite struct NumberFormatTests {
  @Test func fixedRoundsHalfAwayFromZeroWithADot() {
    #expect(NumberFormat.fixed(0.125, digits: 2) == "0.13")
    #expect(NumberFormat.fixed(-0.125, digits: 2) == "-0.13")
    #expect(NumberFormat.fixed(-0.0001, digits: 2) == "0.00")
    #expect(NumberFormat.fixed(3, digits: 0) == "3")
    #expect(NumberFormat.fixed(0.05, digits: 3) == "0.050")
  }

  @Test func percentAndMoneyAndUndefined() {
    #expect(NumberFormat.percent(0.4848) == "48.5%")
    #expect(NumberFormat.percent(nil as Double?) == "n/a")
    #expect(NumberFormat.money(2_251_613) == "2,251,613")
    #expect(NumberFormat.money(999) == "999")
    #expect(NumberFormat.money(-1234.4) == "-1,234")
  }
}

@Suite struct CSVWriterTests {
  @Test func quotesOnlyWhenNeeded() {
    var writer = CSVWriter(header: ["a", "b"])
    writer.append(["plain", "has,comma"])
    writer.append(["say \"hi\"", "line\r\nbreak"])
    #expect(writer.text == "a,b\nplain,\"has,comma\"\n\"say \"\"hi\"\"\",\"line\r\nbreak\"\n")
  }

  @Test func writtenCSVReadsBackThroughTheReader() throws {
    var writer = CSVWriter(header: ["account_id", "as_of", "x"])
    writer.append(["A,1", "2025-01-01", "1"])
    writer.append(["B \"q\"", "2025-01-01", "2"])
    let table = try TestData.table(writer.text)
    #expect(table.accountIDs == ["A,1", "B \"q\""])
  }
}
