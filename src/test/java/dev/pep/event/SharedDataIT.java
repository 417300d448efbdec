package dev.pep.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.Fixtures;
import dev.pep.config.CsvOptions;
import dev.pep.csv.CsvLayout;
import dev.pep.csv.LayoutDetector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every file of ../shared/data through detection and parsing (the {@code pep validate} path), with
 * exact counts. Row counts come from the test's own count of the file's lines, not from pep.
 */
class SharedDataIT {
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final String FULL = "online-retail/Online Retail.csv";
  private static final String V = "online-retail/variants/";
  private static final String DAYFIRST =
      V + "dayfirst-dates_iso8859-1_truncated-last-line_39529rows.csv";
  private static final String SEMICOLON = V + "semicolon_mixed-dates_NA_extra-columns_5000rows.csv";
  private static final String TWO_DIGIT =
      V + "two-digit-years_extra-TotalPrice-column_no-final-newline_28492rows.csv";
  private static final String ISO = V + "iso-datetimes_decimal-customerid_10000rows.csv";
  private static final String FIRST_1071 = V + "first-1071-rows_crlf.csv";
  private static final String RETAIL_II = "online-retail-ii/online_retail_II_2009-2010.csv";

  private record Read(FileValidator.Report report, List<PurchaseEvent> events) {}

  private static Read read(String relative, int keep) {
    Path file = Fixtures.sharedData(relative);
    CsvLayout layout = LayoutDetector.detect(file, CsvOptions.detect(LONDON));
    List<PurchaseEvent> events = new ArrayList<>();
    FileValidator.Report r =
        FileValidator.validate(
            file,
            layout,
            LONDON,
            e -> {
              if (events.size() < keep) {
                events.add(e);
              }
            });
    assertThat(r.complete()).as(r.error()).isTrue();
    assertThat(r.rows()).isEqualTo(r.accepted() + r.rejected());
    return new Read(r, events);
  }

  /**
   * Data lines, counted independently: line breaks, plus a last line without one, minus the header.
   */
  private static long dataLines(String relative) throws IOException {
    byte[] b = Files.readAllBytes(Fixtures.sharedDataPath(relative));
    long breaks = 0;
    for (byte x : b) {
      if (x == '\n') {
        breaks++;
      }
    }
    boolean unterminated = b.length > 0 && b[b.length - 1] != '\n';
    return breaks + (unterminated ? 1 : 0) - 1;
  }

  @Test
  void theDayFirstFileHas39529GoodRowsAndItsCutOffLastLineIsOneReject() throws IOException {
    Read r = read(DAYFIRST, Integer.MAX_VALUE);
    long lines = dataLines(DAYFIRST);

    assertThat(lines).isEqualTo(39_530);
    assertThat(r.report().rows()).isEqualTo(lines);
    assertThat(r.report().accepted()).isEqualTo(39_529);
    assertThat(r.report().rejectedByReason()).isEqualTo(Map.of("truncated last line", 1L));
    assertThat(r.report().firstRejects())
        .extracting(Reject::message)
        .containsExactly(
            "dayfirst-dates_iso8859-1_truncated-last-line_39529rows.csv line "
                + (lines + 1)
                + ": '539650,84347,R' is cut off: the file ends after 3 of 8 fields, without a"
                + " line break");
    assertThat(r.report().layout().dates().why())
        .isEqualTo("day first: line 26,734 has '13/12/2010 09:02', 13 > 12");
    assertThat(r.report().layout().charset().name()).isEqualTo("ISO-8859-1");
    // Day first: every date is in December 2010 (01/12/2010 .. 20/12/2010).
    assertThat(r.events())
        .allSatisfy(e -> assertThat(e.invoiceDate().getMonthValue()).isEqualTo(12));
    assertThat(r.events()).anySatisfy(e -> assertThat(e.description()).contains("\u00a3"));
  }

  @Test
  void theSemicolonFilesTwoDateLayoutsBothParseAndNaIsNoCustomer() throws IOException {
    Read r = read(SEMICOLON, Integer.MAX_VALUE);

    assertThat(r.report().rows()).isEqualTo(dataLines(SEMICOLON)).isEqualTo(5_000);
    assertThat(r.report().accepted()).isEqualTo(5_000);
    assertThat(r.report().layout().separator()).isEqualTo(';');
    assertThat(r.report().layout().columns().ignored()).containsExactly("X.1", "X");
    assertThat(r.report().layout().dates().seen()).containsExactly("M/d/yyyy H:mm", "M/d/yy H:mm");
    assertThat(r.events())
        .allSatisfy(e -> assertThat(e.invoiceDate().getYear()).isBetween(2010, 2011));
    // Line 2: 12/06/2010 10:08 is 6 December 2010 (invoice 537240 is of that day).
    assertThat(r.events().get(0).invoiceDate().toLocalDateTime().toString())
        .isEqualTo("2010-12-06T10:08");
    assertThat(r.events().get(0).customerId()).isNull();
    assertThat(r.events().get(1).invoiceDate().toLocalDateTime().toString())
        .isEqualTo("2011-02-20T11:39");
    assertThat(r.events().stream().filter(e -> e.customerId() == null).count()).isEqualTo(1_792);
  }

  @Test
  void theTwoDigitYearFileLandsIn2010And2011AndKeepsItsLastLine() throws IOException {
    Read r = read(TWO_DIGIT, Integer.MAX_VALUE);

    assertThat(r.report().rows()).isEqualTo(dataLines(TWO_DIGIT)).isEqualTo(28_492);
    assertThat(r.report().accepted()).isEqualTo(28_492);
    assertThat(r.report().layout().columns().ignored()).containsExactly("TotalPrice");
    assertThat(r.events())
        .allSatisfy(e -> assertThat(e.invoiceDate().getYear()).isBetween(2010, 2011));
    assertThat(r.events().get(r.events().size() - 1).stockCode()).isEqualTo("21985");
  }

  @Test
  void theIsoFileReadsDecimalCustomerIdsAsWholeNumbers() throws IOException {
    Read r = read(ISO, 1);

    assertThat(r.report().rows()).isEqualTo(dataLines(ISO)).isEqualTo(10_000);
    assertThat(r.report().accepted()).isEqualTo(10_000);
    assertThat(r.events().get(0).customerId()).isEqualTo("17850");
  }

  @Test
  void theFullFileAndOnlineRetailIiAreReadWithoutAReject() throws IOException {
    Read full = read(FULL, 0);
    Read two = read(RETAIL_II, 0);

    assertThat(full.report().rows()).isEqualTo(dataLines(FULL)).isEqualTo(541_909);
    assertThat(full.report().accepted()).isEqualTo(541_909);
    assertThat(two.report().rows()).isEqualTo(dataLines(RETAIL_II)).isEqualTo(525_461);
    assertThat(two.report().accepted()).isEqualTo(525_461);
    assertThat(two.report().layout().columns().renamed())
        .containsExactly("Invoice=InvoiceNo", "Price=UnitPrice", "Customer ID=CustomerID");
    assertThat(two.report().layout().charset().name()).isEqualTo("UTF-8");
  }

  @Test
  void variantsThatStartAtTheFilesBeginningAgreeWithItFieldByFieldOnTheFirst1071Rows() {
    List<PurchaseEvent> full = read(FULL, 1071).events();
    for (String variant : List.of(FIRST_1071, DAYFIRST, TWO_DIGIT, ISO)) {
      List<PurchaseEvent> events = read(variant, 1071).events();
      assertThat(events).as(variant).hasSize(1071);
      // The ISO export (pandas) stripped spaces around descriptions and wrote prices as floats
      // (18.0 for 18); nothing else differs.
      boolean normalized = variant.equals(ISO);
      for (int i = 0; i < 1071; i++) {
        assertThat(withoutSource(events.get(i), normalized))
            .as(variant + " row " + (i + 1))
            .isEqualTo(withoutSource(full.get(i), normalized));
      }
    }
  }

  /** An event with the parts that name its file (id, source) made equal. */
  private static PurchaseEvent withoutSource(PurchaseEvent e, boolean normalized) {
    return new PurchaseEvent(
        "-",
        e.invoiceNo(),
        e.stockCode(),
        normalized && e.description() != null ? e.description().strip() : e.description(),
        e.quantity(),
        e.invoiceDate(),
        normalized ? e.unitPrice().stripTrailingZeros() : e.unitPrice(),
        e.customerId(),
        e.country(),
        new dev.pep.event.SourcePosition("-", e.source().line()));
  }
}
