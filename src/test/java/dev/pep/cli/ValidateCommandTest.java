package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pep.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pep validate} in-process: no broker, exact output, JSON summary and exit codes. */
class ValidateCommandTest {
  @TempDir Path tmp;

  @Test
  void printsTheLayoutCountsByReasonAndTheFirstRejectsAndExitsZero() throws IOException {
    Path json = tmp.resolve("v.json");

    PepCommandLine.Result r =
        PepCommandLine.execute(
            "validate",
            "--file",
            Fixtures.fixture("mixed-rows.csv").toString(),
            "--summary-json",
            json.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            "Layout of mixed-rows.csv: separator ','; encoding UTF-8 (ASCII only); 8 columns;"
                + " missing values empty or NA; dates M/d/yyyy H:mm and yyyy-MM-dd HH:mm, month"
                + " first, chosen as in the UCI export: no date in the first 11 rows has a number"
                + " above 12 to decide (set --date-format to choose)",
            "Validated mixed-rows.csv",
            "  rows                 11",
            "  accepted              6",
            "  rejected              5",
            "             1  InvoiceNo is empty; a value is required",
            "             1  Quantity is not a whole number",
            "             1  UnitPrice is not a decimal number",
            "             1  empty line",
            "             1  wrong field count",
            "First rejects:",
            "  mixed-rows.csv line 4: has 7 fields, expected 8 as in the header",
            "  mixed-rows.csv line 5: is an empty line",
            "  mixed-rows.csv line 6, column Quantity: 'six' is not a whole number",
            "  mixed-rows.csv line 7, column UnitPrice: '1,2x' is not a decimal number",
            "  mixed-rows.csv line 9, column InvoiceNo: '' is empty; a value is required");
    JsonNode s = new ObjectMapper().readTree(json.toFile());
    assertThat(s.get("rows").asLong()).isEqualTo(11);
    assertThat(s.get("accepted").asLong()).isEqualTo(6);
    assertThat(s.get("rejected").asLong()).isEqualTo(5);
    assertThat(s.get("rejected_by_reason").get("empty line").asLong()).isEqualTo(1);
    assertThat(s.get("rejected_by_reason").size()).isEqualTo(5);
    assertThat(s.get("first_rejects").size()).isEqualTo(5);
    assertThat(s.get("complete").asBoolean()).isTrue();
  }

  @Test
  void anExplicitDateFormatMakesTheIsoRowABadRow() {
    PepCommandLine.Result r =
        PepCommandLine.execute(
            "validate",
            "--file",
            Fixtures.fixture("mixed-rows.csv").toString(),
            "--date-format",
            "M/d/yyyy H:mm");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains(
            "  mixed-rows.csv line 8, column InvoiceDate: '2010-12-01 08:45' is not a date in the"
                + " layout M/d/yyyy H:mm");
    assertThat(r.out()).containsPattern("rejected +6\\R");
  }

  @Test
  void aRecordFastCsvCannotReadStopsWithExitOneAfterCountingTheRowsBeforeIt() {
    PepCommandLine.Result r =
        PepCommandLine.execute(
            "validate", "--file", Fixtures.fixture("text-after-closing-quote.csv").toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("Stopped validating text-after-closing-quote.csv");
    assertThat(r.out()).containsPattern("accepted +1\\R");
    assertThat(r.err().lines())
        .containsExactly(
            "Error: text-after-closing-quote.csv: Exception when reading record that started in"
                + " line 3: Unexpected character after closing quote: ' ' (0x20)");
  }

  @Test
  void aHeaderWithoutTheColumnsExitsTwo() {
    PepCommandLine.Result r =
        PepCommandLine.execute(
            "validate", "--file", Fixtures.fixture("header-lacks-columns.csv").toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("Error: header-lacks-columns.csv line 1: the header lacks column(s)");
  }

  @Test
  void badLayoutAndPolicyValuesExitTwoWithTheStandardMessage() {
    PepCommandLine.Result sep = PepCommandLine.execute("validate", "--separator", "x");
    PepCommandLine.Result max = PepCommandLine.execute("produce", "--max-rejects", "lots");
    PepCommandLine.Result cols = PepCommandLine.execute("validate", "--columns", "Price=UnitPrice");

    assertThat(sep.exitCode()).isEqualTo(2);
    assertThat(sep.err().lines())
        .containsExactly(
            "Error: Invalid value 'x' for configuration CSV_SEPARATOR: expected auto, ',', ';',"
                + " 'tab' or '|'");
    assertThat(max.exitCode()).isEqualTo(2);
    assertThat(max.err().lines())
        .containsExactly(
            "Error: Invalid value 'lots' for configuration PEP_MAX_REJECTS: expected none, a"
                + " whole number of rejects (e.g. 100) or a percentage of the rows read (e.g. 5%)");
    assertThat(cols.exitCode()).isEqualTo(2);
    assertThat(cols.err().lines())
        .containsExactly(
            "Error: Invalid value 'Price=UnitPrice' for configuration CSV_COLUMNS: 'Price' is not"
                + " a column; the columns are InvoiceNo, StockCode, Description, Quantity,"
                + " InvoiceDate, UnitPrice, CustomerID, Country");
  }
}
