package dev.pep.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pep.Fixtures;
import dev.pep.config.CsvOptions;
import dev.pep.csv.CsvFormatException;
import dev.pep.csv.CsvLayout;
import dev.pep.csv.LayoutDetector;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One small fixture per layout and per kind of bad row, through detection and parsing. */
class LayoutFixturesTest {
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final String MONTH_FIRST_GUESS =
      "month first, chosen as in the UCI export: no date in the first %d rows has a number above"
          + " 12 to decide (set --date-format to choose)";

  @TempDir Path dir;

  private final List<PurchaseEvent> events = new ArrayList<>();

  private FileValidator.Report validate(Path file, CsvOptions options) {
    CsvLayout layout = LayoutDetector.detect(file, options);
    return FileValidator.validate(file, layout, LONDON, events::add);
  }

  private FileValidator.Report validate(String fixture) {
    return validate(Fixtures.fixture(fixture), CsvOptions.detect(LONDON));
  }

  private static List<String> messages(FileValidator.Report r) {
    return r.firstRejects().stream().map(Reject::message).toList();
  }

  @Test
  void aTruncatedLastLineIsOneRejectAtItsLineAndTheRowsBeforeItAreKept() {
    FileValidator.Report r = validate("truncated-last-line.csv");

    assertThat(r.complete()).isTrue();
    assertThat(r.rows()).isEqualTo(3);
    assertThat(r.accepted()).isEqualTo(2);
    assertThat(r.rejectedByReason()).isEqualTo(Map.of("truncated last line", 1L));
    assertThat(messages(r))
        .containsExactly(
            "truncated-last-line.csv line 4: '536367,84879,ASSORT' is cut off: the file ends"
                + " after 3 of 8 fields, without a line break");
    assertThat(r.layout().dates().why()).isEqualTo(String.format(MONTH_FIRST_GUESS, 3));
  }

  @Test
  void anUnterminatedQuoteIsOneRejectAtTheLineWhereItsRecordStarts() {
    FileValidator.Report r = validate("unterminated-quote.csv");

    assertThat(r.complete()).isTrue();
    assertThat(r.rows()).isEqualTo(2);
    assertThat(r.accepted()).isEqualTo(1);
    assertThat(events).extracting(e -> e.source().line()).containsExactly(2L);
    assertThat(r.rejectedByReason()).isEqualTo(Map.of("unterminated quote", 1L));
    assertThat(messages(r))
        .containsExactly(
            "unterminated-quote.csv line 3: has an unterminated quote: the file ends inside a"
                + " quoted field of this record");
  }

  @Test
  void semicolonsBomNaAndExtraColumnsAreDetected() {
    FileValidator.Report r = validate("semicolon-bom-na.csv");

    assertThat(r.layout().describe("f.csv"))
        .isEqualTo(
            "Layout of f.csv: separator ';'; encoding UTF-8 with BOM (byte order mark); 10"
                + " columns, ignoring X.1, X; missing values empty or NA; dates M/d/yyyy H:mm and"
                + " M/d/yy H:mm, month first: line 3 has '2/20/11 11:39', 20 > 12");
    assertThat(r.rows()).isEqualTo(4);
    assertThat(r.accepted()).isEqualTo(3);
    assertThat(messages(r))
        .containsExactly(
            "semicolon-bom-na.csv line 5, column InvoiceDate: 'NA' is not a date M/d/yyyy H:mm,"
                + " M/d/yy H:mm or yyyy-MM-dd HH:mm[:ss] (month first)");
    // 12/06/2010 is month first like the rest of the file; 2/20/11 is 2011.
    assertThat(events.get(0).invoiceDate())
        .isEqualTo(OffsetDateTime.of(2010, 12, 6, 10, 8, 0, 0, ZoneOffset.UTC));
    assertThat(events.get(0).customerId()).isNull();
    assertThat(events.get(1).invoiceDate())
        .isEqualTo(OffsetDateTime.of(2011, 2, 20, 11, 39, 0, 0, ZoneOffset.UTC));
    assertThat(events.get(2).description()).isEqualTo("POSTAGE \u00a3");
    assertThat(events.get(2).unitPrice()).isEqualTo(new BigDecimal("18"));
  }

  @Test
  void onlineRetailIiNamesAndDecimalCustomerIdsAreRead() {
    FileValidator.Report r = validate("online-retail-ii-names.csv");

    assertThat(r.layout().describe("f.csv"))
        .isEqualTo(
            "Layout of f.csv: separator ','; encoding UTF-8 (ASCII only); 8 columns,"
                + " Invoice=InvoiceNo Price=UnitPrice Customer ID=CustomerID; missing values empty"
                + " or NA; dates yyyy-MM-dd HH:mm:ss");
    assertThat(r.accepted()).isEqualTo(2);
    assertThat(events.get(0).invoiceNo()).isEqualTo("489434");
    assertThat(events.get(0).customerId()).isEqualTo("13085");
    assertThat(events.get(0).unitPrice()).isEqualTo(new BigDecimal("6.95"));
    assertThat(events.get(0).invoiceDate())
        .isEqualTo(OffsetDateTime.of(2009, 12, 1, 7, 45, 0, 0, ZoneOffset.UTC));
    assertThat(events.get(1).customerId()).isNull();
  }

  @Test
  void aFileWithDayFirstAndMonthFirstDatesIsReadRowByRow() {
    FileValidator.Report r = validate("day-and-month-first.csv");

    assertThat(r.layout().dates().why())
        .isEqualTo(
            "both day first (line 2 has '13/12/2010 08:26', 13 > 12) and month first (line 3 has"
                + " '12/13/2010 08:28', 13 > 12): each row as its numbers allow, rows with day and"
                + " month both <= 12 rejected");
    assertThat(events)
        .extracting(e -> e.invoiceDate().toLocalDate().toString())
        .containsExactly("2010-12-13", "2010-12-13", "2011-05-05");
    assertThat(messages(r))
        .containsExactly(
            "day-and-month-first.csv line 4, column InvoiceDate: '01/02/2011 10:00' is ambiguous:"
                + " this file has day-first and month-first dates, and both numbers are 12 or"
                + " less");
  }

  @Test
  void withNoDateAbove12MonthFirstIsChosenAndSaid() {
    FileValidator.Report r = validate("ambiguous-dates.csv");

    assertThat(r.layout().dates().why()).isEqualTo(String.format(MONTH_FIRST_GUESS, 2));
    assertThat(events)
        .extracting(e -> e.invoiceDate().toLocalDate().toString())
        .containsExactly("2010-12-01", "2010-01-12");
  }

  @Test
  void anExplicitDateFormatWinsOverDetection() {
    FileValidator.Report r =
        validate(
            Fixtures.fixture("ambiguous-dates.csv"),
            new CsvOptions(
                Optional.empty(),
                Optional.empty(),
                Optional.of("d/M/yyyy H:mm"),
                LONDON,
                Map.of()));

    assertThat(r.layout().dates().describe()).isEqualTo("d/M/yyyy H:mm (given)");
    assertThat(events)
        .extracting(e -> e.invoiceDate().toLocalDate().toString())
        .containsExactly("2010-01-12", "2010-12-01");
  }

  @Test
  void aColumnMappingNamesHeadersPepDoesNotKnow() {
    Path file = Fixtures.fixture("other-names.csv");
    Map<String, String> names =
        Map.of(
            "InvoiceNo", "Rechnung",
            "StockCode", "Artikel",
            "Description", "Text",
            "Quantity", "Menge",
            "InvoiceDate", "Datum",
            "UnitPrice", "Preis",
            "CustomerID", "Kunde",
            "Country", "Land");

    FileValidator.Report r =
        validate(
            file,
            new CsvOptions(Optional.empty(), Optional.empty(), Optional.empty(), LONDON, names));

    assertThat(r.accepted()).isEqualTo(1);
    assertThat(r.layout().columns().ignored()).containsExactly("Nr");
    assertThat(events.get(0).country()).isEqualTo("Germany");
    assertThatThrownBy(() -> LayoutDetector.detect(file, CsvOptions.detect(LONDON)))
        .isInstanceOf(CsvFormatException.class)
        .hasMessageStartingWith("other-names.csv line 1: the header lacks column(s) InvoiceNo,");
  }

  @Test
  void impossibleDatesAndTimesAreRejectedAndLeapDaysAccepted() throws IOException {
    String header =
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";
    StringBuilder csv = new StringBuilder(header);
    for (String d :
        List.of(
            "2/29/2012 10:00",
            "2/29/2011 10:00",
            "4/31/2011 10:00",
            "1/1/2011 24:00",
            "1/1/2011 10:60",
            "2011-02-29 10:00:00",
            "0/1/2011 10:00",
            "13/13/2011 10:00")) {
      csv.append("536365,85123A,X,6,").append(d).append(",2.55,17850,United Kingdom\n");
    }
    Path file = Files.writeString(dir.resolve("dates.csv"), csv);

    FileValidator.Report r = validate(file, CsvOptions.detect(LONDON));

    assertThat(events)
        .extracting(e -> e.invoiceDate().toLocalDateTime().toString())
        .containsExactly("2012-02-29T10:00");
    assertThat(r.firstRejects())
        .extracting(Reject::value)
        .containsExactly(
            "2/29/2011 10:00",
            "4/31/2011 10:00",
            "1/1/2011 24:00",
            "1/1/2011 10:60",
            "2011-02-29 10:00:00",
            "0/1/2011 10:00",
            "13/13/2011 10:00");
    assertThat(r.firstRejects())
        .extracting(Reject::reason)
        .containsOnly(
            "is not a date M/d/yyyy H:mm, M/d/yy H:mm or yyyy-MM-dd HH:mm[:ss] (month first)");
  }

  @Test
  void theRejectsFileCanBeFedBackAndItsRejectColumnsAreIgnored() throws IOException {
    Path rejects = dir.resolve("rejects.csv");
    CsvLayout layout =
        LayoutDetector.detect(Fixtures.fixture("mixed-rows.csv"), CsvOptions.detect(LONDON));
    try (RejectsFile out = new RejectsFile(rejects, layout.columns().header(), layout.charset())) {
      FileValidator.Report r =
          FileValidator.validate(Fixtures.fixture("mixed-rows.csv"), layout, LONDON, e -> {});
      r.firstRejects().forEach(out::write);
    }
    events.clear();

    FileValidator.Report again = validate(rejects, CsvOptions.detect(LONDON));

    assertThat(again.layout().columns().ignored())
        .containsExactly(
            "reject_file", "reject_line", "reject_column", "reject_value", "reject_reason");
    // The same five rows are rejected again: the short row and the empty line were padded to the
    // header's width, so they now lack a Country and an InvoiceNo.
    assertThat(again.rows()).isEqualTo(5);
    assertThat(again.firstRejects())
        .extracting(Reject::reasonKey)
        .containsExactly(
            "Country is empty; a value is required",
            "InvoiceNo is empty; a value is required",
            "Quantity is not a whole number",
            "UnitPrice is not a decimal number",
            "InvoiceNo is empty; a value is required");
  }

  @Test
  void invalidUtf8MeansAnEightBitEncodingAndC1BytesMeanWindows1252() throws IOException {
    String header =
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";
    Path latin1 = dir.resolve("latin1.csv");
    Files.write(
        latin1,
        (header + "537626,POST,POSTAGE \u00a3,1,12/7/2010 14:57,18,12347,Iceland\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    Path cp1252 = dir.resolve("cp1252.csv");
    Files.write(
        cp1252,
        (header + "537626,POST,POSTAGE \u20ac,1,12/7/2010 14:57,18,12347,Iceland\n")
            .getBytes(java.nio.charset.Charset.forName("windows-1252")));

    CsvLayout a = LayoutDetector.detect(latin1, CsvOptions.detect(LONDON));
    CsvLayout b = LayoutDetector.detect(cp1252, CsvOptions.detect(LONDON));

    assertThat(a.charset()).isEqualTo(StandardCharsets.ISO_8859_1);
    assertThat(a.encodingWhy()).isEqualTo("byte 0xA3 on line 2 is not UTF-8");
    assertThat(b.charset().name()).isEqualTo("windows-1252");
    validate(cp1252, CsvOptions.detect(LONDON));
    assertThat(events.get(0).description()).isEqualTo("POSTAGE \u20ac");
  }
}
