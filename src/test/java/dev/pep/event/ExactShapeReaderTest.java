package dev.pep.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExactShapeReaderTest {
  private static final PurchaseEvent WINTER = FieldValues.FULL;

  private static final String WINTER_JSON = json(WINTER);

  private static String json(PurchaseEvent e) {
    return new String(new EventJson().write(e), StandardCharsets.UTF_8);
  }

  private static PurchaseEvent read(String json) {
    return new ExactShapeReader().read(json.getBytes(StandardCharsets.UTF_8));
  }

  private static PurchaseEvent withPrice(String price) {
    return new PurchaseEvent(
        "0123456789abcdef:9",
        "C536379",
        "D",
        null,
        -12,
        OffsetDateTime.of(2011, 8, 12, 14, 51, 0, 0, ZoneOffset.ofHours(1)),
        new BigDecimal(price),
        null,
        "EIRE",
        new SourcePosition("Online Retail.csv", 123_456_789_012L));
  }

  @Test
  void readsWhatPepWritesExactly() {
    PurchaseEvent read = read(WINTER_JSON);

    assertThat(read).isEqualTo(WINTER);
    assertThat(read.unitPrice().scale()).isEqualTo(2);
  }

  @ParameterizedTest
  @CsvSource({
    "2.55, 255, 2",
    "27.50, 2750, 2",
    "18, 18, 0",
    "0, 0, 0",
    "0.001, 1, 3",
    "-11062.06, -1106206, 2",
    "123456789012345678, 123456789012345678, 0",
    "0.12345678901234567, 12345678901234567, 17"
  })
  void readsPricesWithTheirScaleAsWritten(String price, long unscaled, int scale) {
    PurchaseEvent e = withPrice(price);

    PurchaseEvent read = read(json(e));

    assertThat(read).isEqualTo(e);
    assertThat(read.unitPrice()).isEqualTo(BigDecimal.valueOf(unscaled, scale));
    assertThat(read.description()).isNull();
    assertThat(read.customerId()).isNull();
    assertThat(read.quantity()).isEqualTo(-12);
    assertThat(read.source().line()).isEqualTo(123_456_789_012L);
  }

  @Test
  void aRunOfRowsSharingAnInvoiceCustomerDateCountryAndFileReadsEachRowsOwnValues() {
    ExactShapeReader reader = new ExactShapeReader();
    PurchaseEvent summer = withPrice("1.25");
    PurchaseEvent later =
        new PurchaseEvent(
            "0123456789abcdef:10",
            "536366",
            "22633",
            "HAND WARMER UNION JACK",
            6,
            OffsetDateTime.of(2010, 12, 1, 8, 28, 0, 0, ZoneOffset.UTC),
            new BigDecimal("1.85"),
            "17850",
            "United Kingdom",
            new SourcePosition("Online Retail II.csv", 10));

    PurchaseEvent noCustomer =
        new PurchaseEvent(
            "0123456789abcdef:11",
            "C536379",
            "D",
            "Discount",
            -1,
            later.invoiceDate(),
            new BigDecimal("27.50"),
            null,
            "France",
            later.source());

    for (PurchaseEvent e :
        new PurchaseEvent[] {
          WINTER, WINTER, summer, later, noCustomer, noCustomer, later, WINTER, noCustomer, summer
        }) {
      assertThat(reader.read(json(e).getBytes(StandardCharsets.UTF_8))).isEqualTo(e);
    }
  }

  /** Valid JSON or not, each is left to the general parser, which gives its verdict. */
  @Test
  void leavesEveryOtherShapeToTheGeneralParser() {
    String[] others = {
      WINTER_JSON.replace("HEART", "HE\\u0041RT"), // an escape
      WINTER_JSON.replace("HEART", "HE\\\"ART"),
      WINTER_JSON.replace("HEART", "H\u00c9ART"), // non-ASCII
      WINTER_JSON.replace("HEART", "HE\tART"), // a control character
      WINTER_JSON.replace(",\"quantity\"", ", \"quantity\""), // whitespace
      WINTER_JSON.replace("{", "{ "),
      WINTER_JSON + " ",
      WINTER_JSON + "{}", // trailing content
      WINTER_JSON.substring(0, WINTER_JSON.length() - 1), // truncated
      WINTER_JSON.substring(0, WINTER_JSON.indexOf("\"unit_price\"")),
      WINTER_JSON.replace("\"quantity\":6,", "").replace("}", ",\"quantity\":6}"), // reordered
      WINTER_JSON.replace("{", "{\"later\":1,"), // a field of a later version
      WINTER_JSON.replace("\"quantity\":6", "\"quantity\":null"), // null where required
      WINTER_JSON.replace("\"quantity\":6", "\"quantity\":\"6\""),
      WINTER_JSON.replace("\"quantity\":6", "\"quantity\":06"), // a leading zero
      WINTER_JSON.replace("\"quantity\":6", "\"quantity\":6.0"),
      WINTER_JSON.replace("\"quantity\":6", "\"quantity\":1234567890"), // may not fit an int
      WINTER_JSON.replace("\"quantity\":6", "\"quantity\":-"),
      WINTER_JSON.replace("2.55", "2.55E+1"), // an exponent
      WINTER_JSON.replace("2.55", "2."),
      WINTER_JSON.replace("2.55", ".55"),
      WINTER_JSON.replace("2.55", "02.55"),
      WINTER_JSON.replace("2.55", "\"2.55\""),
      WINTER_JSON.replace("2.55", "1234567890123456789"), // beyond a long's 18 safe digits
      WINTER_JSON.replace("2.55", "1234567890.123456789"),
      WINTER_JSON.replace("2010-12-01T08:26:00Z", "2010-12-01T08:26:00.5Z"),
      WINTER_JSON.replace("2010-12-01T08:26:00Z", "2010-13-01T08:26:00Z"), // out of range
      WINTER_JSON.replace("\"536365\"", "\"\""), // the event refuses an empty invoice number
      WINTER_JSON.replace("\"source_line\":2", "\"source_line\":0"),
      WINTER_JSON.replace("\"description\":\"", "\"description\":nul\"")
    };
    for (String other : others) {
      assertThat(read(other)).as(other).isNull();
    }
  }

  @Test
  void aBadDateInTheRightShapeIsNotRememberedForTheNextRow() {
    ExactShapeReader reader = new ExactShapeReader();
    byte[] bad = WINTER_JSON.replace("2010-12-01", "2010-02-30").getBytes(StandardCharsets.UTF_8);

    assertThat(reader.read(bad)).isNull();
    assertThat(reader.read(bad)).isNull(); // not a cached value: read again, refused again
    assertThat(reader.read(WINTER_JSON.getBytes(StandardCharsets.UTF_8))).isEqualTo(WINTER);
  }

  @Test
  void aFaultOfItsOwnIsNotTakenForABadRecord() {
    ExactShapeReader reader = new ExactShapeReader();

    assertThatThrownBy(() -> reader.read(null)).isInstanceOf(NullPointerException.class);
  }
}
