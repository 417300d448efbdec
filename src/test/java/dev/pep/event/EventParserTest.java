package dev.pep.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pep.Fixtures;
import dev.pep.csv.CsvSource;
import dev.pep.csv.RawRecord;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Parses mixed-rows.csv: five good rows and one of each kind of bad row. */
class EventParserTest {
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final String FILE = "mixed-rows.csv";
  private static SourceIdentity identity;
  private static final Map<Long, PurchaseEvent> events = new TreeMap<>();
  private static final Map<Long, Reject> rejects = new TreeMap<>();

  @BeforeAll
  static void parseFixture() {
    Path file = Fixtures.fixture(FILE);
    identity = SourceIdentity.of(file);
    try (CsvSource source = CsvSource.open(file, StandardCharsets.ISO_8859_1, ',')) {
      EventParser parser = new EventParser(identity, source.layout(), "M/d/yyyy H:mm", LONDON);
      while (source.hasNext()) {
        RawRecord r = source.next();
        try {
          events.put(r.line(), parser.parse(r));
        } catch (BadRowException e) {
          assertThat(e.getMessage()).isEqualTo(e.reject().message());
          rejects.put(r.line(), e.reject());
        }
      }
    }
  }

  @Test
  void everyRowIsAnEventOrARejectAtItsLine() {
    assertThat(events).containsOnlyKeys(2L, 3L, 10L, 11L, 12L);
    assertThat(rejects).containsOnlyKeys(4L, 5L, 6L, 7L, 8L, 9L);
  }

  @Test
  void eachBadRowHasTheExactMessage() {
    assertThat(rejects.values())
        .extracting(Reject::message)
        .containsExactly(
            FILE + " line 4: has 7 fields, expected 8 as in the header",
            FILE + " line 5: is an empty line",
            FILE + " line 6, column Quantity: 'six' is not a whole number",
            FILE + " line 7, column UnitPrice: '1,2x' is not a decimal number",
            FILE
                + " line 8, column InvoiceDate: '2010-12-01 08:45' is not a date in the layout"
                + " M/d/yyyy H:mm",
            FILE + " line 9, column InvoiceNo: '' is empty; a value is required");
  }

  @Test
  void aRejectCarriesColumnValueAndTheRowAsRead() {
    Reject price = rejects.get(7L);
    assertThat(price.position()).isEqualTo(new SourcePosition(FILE, 7));
    assertThat(price.column()).isEqualTo("UnitPrice");
    assertThat(price.value()).isEqualTo("1,2x");
    assertThat(price.reason()).isEqualTo("is not a decimal number");
    assertThat(price.fields())
        .containsExactly(
            "536369",
            "21756",
            "BATH BUILDING BLOCK WORD",
            "3",
            "12/1/2010 8:35",
            "1,2x",
            "13047",
            "United Kingdom");

    Reject fieldCount = rejects.get(4L);
    assertThat(fieldCount.column()).isNull();
    assertThat(fieldCount.fields()).hasSize(7);
  }

  @Test
  void aGoodRowBecomesATypedEvent() {
    assertThat(events.get(2L))
        .isEqualTo(
            new PurchaseEvent(
                identity.eventId(2),
                "536365",
                "85123A",
                "WHITE HANGING HEART T-LIGHT HOLDER",
                6,
                OffsetDateTime.of(2010, 12, 1, 8, 26, 0, 0, ZoneOffset.UTC),
                new BigDecimal("2.55"),
                "17850",
                "United Kingdom",
                new SourcePosition(FILE, 2)));
  }

  @Test
  void aWinterDateIsUtcAndASummerDateIsBritishSummerTime() {
    assertThat(events.get(2L).invoiceDate().toString()).isEqualTo("2010-12-01T08:26Z");
    assertThat(events.get(11L).invoiceDate())
        .isEqualTo(OffsetDateTime.of(2011, 6, 1, 10, 0, 0, 0, ZoneOffset.ofHours(1)));
    assertThat(events.get(11L).invoiceDate().toString()).isEqualTo("2011-06-01T10:00+01:00");
  }

  @Test
  void aSpreadsheetStyleCustomerIdLosesItsDotZero() {
    assertThat(events.get(3L).customerId()).isEqualTo("17850");
  }

  @Test
  void emptyDescriptionAndCustomerIdBecomeNull() {
    PurchaseEvent e = events.get(10L);
    assertThat(e.description()).isNull();
    assertThat(e.customerId()).isNull();
    assertThat(e.unitPrice()).isEqualTo(new BigDecimal("0"));
  }

  @Test
  void unitPriceIsTheExactDecimalAsWritten() {
    assertThat(events.get(3L).unitPrice()).isEqualTo(new BigDecimal("1.85"));
    assertThat(events.get(11L).unitPrice()).isEqualTo(new BigDecimal("2.08"));
    assertThat(events.get(12L).unitPrice()).isEqualTo(new BigDecimal("27.5"));
    assertThat(events.get(12L).unitPrice().scale()).isEqualTo(1);
  }

  @Test
  void aCancellationKeepsItsInvoiceNoAndNegativeQuantity() {
    PurchaseEvent e = events.get(12L);
    assertThat(e.invoiceNo()).isEqualTo("C536379");
    assertThat(e.quantity()).isEqualTo(-1);
  }

  @Test
  void eventIdsAreTheFileIdentityAndTheLine() {
    assertThat(events.values())
        .extracting(PurchaseEvent::eventId)
        .containsExactly(
            identity.hash() + ":2",
            identity.hash() + ":3",
            identity.hash() + ":10",
            identity.hash() + ":11",
            identity.hash() + ":12");
  }

  @Test
  void aCustomerIdThatIsNotAWholeNumberIsRejected() {
    EventParser parser = parser();
    RawRecord r =
        new RawRecord(
            2,
            List.of(
                "536365",
                "85123A",
                "X",
                "6",
                "12/1/2010 8:26",
                "2.55",
                "17850.5",
                "United Kingdom"),
            RawRecord.End.LINE_BREAK);

    assertThatThrownBy(() -> parser.parse(r))
        .isInstanceOf(BadRowException.class)
        .hasMessage("f.csv line 2, column CustomerID: '17850.5' is not a whole number");
  }

  @Test
  void aBlankStockCodeOrCountryIsRejected() {
    EventParser parser = parser();
    RawRecord stock =
        new RawRecord(
            3,
            List.of("536365", " ", "X", "6", "12/1/2010 8:26", "2.55", "", "United Kingdom"),
            RawRecord.End.LINE_BREAK);
    RawRecord country =
        new RawRecord(
            4,
            List.of("536365", "85123A", "X", "6", "12/1/2010 8:26", "2.55", "", ""),
            RawRecord.End.LINE_BREAK);

    assertThatThrownBy(() -> parser.parse(stock))
        .hasMessage("f.csv line 3, column StockCode: ' ' is empty; a value is required");
    assertThatThrownBy(() -> parser.parse(country))
        .hasMessage("f.csv line 4, column Country: '' is empty; a value is required");
  }

  @Test
  void aDateIsParsedAgainAfterAnotherDateWasCached() {
    // The parser caches the last date text; a different text must not get the cached value.
    EventParser parser = parser();
    PurchaseEvent a = parser.parse(row(2, "12/1/2010 8:26"));
    PurchaseEvent b = parser.parse(row(3, "12/1/2010 8:26"));
    PurchaseEvent c = parser.parse(row(4, "7/4/2011 13:05"));

    assertThat(b.invoiceDate()).isEqualTo(a.invoiceDate());
    assertThat(c.invoiceDate().toString()).isEqualTo("2011-07-04T13:05+01:00");
  }

  @Test
  void anImpossibleDayOfMonthIsRejected() {
    EventParser parser = parser();

    assertThatThrownBy(() -> parser.parse(row(2, "2/30/2011 10:00")))
        .hasMessage(
            "f.csv line 2, column InvoiceDate: '2/30/2011 10:00' is not a date in the layout"
                + " M/d/yyyy H:mm");
  }

  private static RawRecord row(long line, String date) {
    return new RawRecord(
        line,
        List.of("536365", "85123A", "X", "6", date, "2.55", "17850", "United Kingdom"),
        RawRecord.End.LINE_BREAK);
  }

  private static EventParser parser() {
    SourceIdentity id = new SourceIdentity("f.csv", 1, "0123456789abcdef");
    dev.pep.csv.ColumnLayout layout =
        dev.pep.csv.ColumnLayout.fromHeader("f.csv", dev.pep.csv.Column.headers());
    return new EventParser(id, layout, "M/d/yyyy H:mm", LONDON);
  }
}
