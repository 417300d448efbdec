package dev.pep.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventJsonTest {
  private static final PurchaseEvent WINTER = FieldValues.FULL;

  private static final PurchaseEvent SUMMER_WITHOUT_OPTIONALS =
      new PurchaseEvent(
          "0123456789abcdef:77",
          "A563186",
          "B",
          null,
          1,
          OffsetDateTime.of(2011, 8, 12, 14, 51, 0, 0, ZoneOffset.ofHours(1)),
          new BigDecimal("-11062.06"),
          null,
          "United Kingdom",
          new SourcePosition("Online Retail.csv", 77));

  @Test
  void writesTheDocumentedJson() {
    String json = new String(new EventJson().write(WINTER), StandardCharsets.UTF_8);

    assertThat(json)
        .isEqualTo(
            "{\"event_id\":\"0123456789abcdef:2\",\"invoice_no\":\"536365\","
                + "\"stock_code\":\"85123A\",\"description\":\"WHITE HANGING HEART T-LIGHT"
                + " HOLDER\",\"quantity\":6,\"invoice_date\":\"2010-12-01T08:26:00Z\","
                + "\"unit_price\":2.55,\"customer_id\":\"17850\",\"country\":\"United Kingdom\","
                + "\"source_file\":\"Online Retail.csv\",\"source_line\":2}");
  }

  @Test
  void writesAbsentValuesAsNullAndTheSummerOffset() {
    String json =
        new String(new EventJson().write(SUMMER_WITHOUT_OPTIONALS), StandardCharsets.UTF_8);

    assertThat(json)
        .contains("\"description\":null")
        .contains("\"customer_id\":null")
        .contains("\"invoice_date\":\"2011-08-12T14:51:00+01:00\"")
        .contains("\"unit_price\":-11062.06");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.1", "2.10", "2.100", "0", "0.00", "-0.01", "1E+3", "1E-9", "1000"})
  void writesEachPriceAsWrittenWhateverCameBefore(String price) {
    // One writer for all: it remembers the prices it wrote, and 2.1 must not come out as 2.10.
    String json =
        new String(SHARED.write(withPrice(new BigDecimal(price))), StandardCharsets.UTF_8);

    assertThat(json).contains("\"unit_price\":" + new BigDecimal(price) + ",");
  }

  private static final EventJson SHARED = new EventJson();

  private static PurchaseEvent withPrice(BigDecimal price) {
    return new PurchaseEvent(
        WINTER.eventId(),
        WINTER.invoiceNo(),
        WINTER.stockCode(),
        WINTER.description(),
        WINTER.quantity(),
        WINTER.invoiceDate(),
        price,
        WINTER.customerId(),
        WINTER.country(),
        WINTER.source());
  }

  @Test
  void readingBackWhatWasWrittenGivesAnEqualEvent() {
    EventJson json = new EventJson();

    assertThat(EventJson.read(json.write(WINTER))).isEqualTo(WINTER);
    assertThat(EventJson.read(json.write(SUMMER_WITHOUT_OPTIONALS)))
        .isEqualTo(SUMMER_WITHOUT_OPTIONALS);
    // The same writer again: its reused buffer and date cache must not leak the previous event.
    assertThat(EventJson.read(json.write(WINTER))).isEqualTo(WINTER);
  }

  @Test
  void aNonAsciiDescriptionSurvivesTheRoundTrip() {
    PurchaseEvent pound =
        new PurchaseEvent(
            "0123456789abcdef:3",
            "536365",
            "POST",
            "POSTAGE \u00a31 \"FRAGILE\"",
            1,
            OffsetDateTime.of(2010, 12, 1, 8, 26, 0, 0, ZoneOffset.UTC),
            new BigDecimal("18"),
            "12583",
            "France",
            new SourcePosition("Online Retail.csv", 3));

    assertThat(EventJson.read(new EventJson().write(pound))).isEqualTo(pound);
  }

  @Test
  void aPriceWithATrailingZeroKeepsItsScale() {
    PurchaseEvent e =
        new PurchaseEvent(
            "0123456789abcdef:4",
            "C536379",
            "D",
            "Discount",
            -1,
            OffsetDateTime.of(2010, 12, 1, 9, 41, 0, 0, ZoneOffset.UTC),
            new BigDecimal("27.50"),
            "14527",
            "United Kingdom",
            new SourcePosition("Online Retail.csv", 4));

    assertThat(EventJson.read(new EventJson().write(e))).isEqualTo(e);
  }

  @Test
  void readingSomethingThatIsNotAnEventSaysWhy() {
    assertThatThrownBy(() -> EventJson.read("[1]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a JSON object");
    assertThatThrownBy(() -> EventJson.read("{oops".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not JSON: ");
    String withoutQuantity =
        new String(new EventJson().write(WINTER), StandardCharsets.UTF_8)
            .replace("\"quantity\":6,", "");
    assertThatThrownBy(() -> EventJson.read(withoutQuantity.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("field quantity is missing");
  }

  /**
   * The reader takes pep's own JSON by a fast path and everything else by a general parser: a bad
   * record gets the general parser's message either way, including one that looks like pep's.
   */
  @Test
  void aBadRecordInPepsShapeGetsTheSameMessageAsAnyOther() {
    String json = new String(new EventJson().write(WINTER), StandardCharsets.UTF_8);
    EventJson.Reader reader = new EventJson.Reader();

    assertThatThrownBy(() -> reader.read(bytes(json.replace("\"536365\"", "\"\""))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invoiceNo must not be empty");
    assertThatThrownBy(
            () -> reader.read(bytes(json.replace("\"quantity\":6", "\"quantity\":null"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("field quantity is missing");
    assertThatThrownBy(() -> reader.read(bytes(json.replace("2010-12-01", "2010-13-01"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a malformed field: Text '2010-13-01T08:26:00Z' could not be parsed: Invalid value"
                + " for MonthOfYear (valid values 1 - 12): 13");
    assertThatThrownBy(() -> reader.read(bytes(json.replace("2.55", "2.5x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not JSON: Unexpected character ('x' (code 120))");
    assertThatThrownBy(
            () -> reader.read(bytes(json.replace("\"source_line\":2", "\"source_line\":0"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("line must be >= 1, was 0");
    // And the reader goes on reading good records after them.
    assertThat(reader.read(bytes(json))).isEqualTo(WINTER);
  }

  @Test
  void pepsJsonWithAnEscapeOrOtherSpacingReadsTheSameAsWithout() {
    String json = new String(new EventJson().write(WINTER), StandardCharsets.UTF_8);
    EventJson.Reader reader = new EventJson.Reader();

    assertThat(reader.read(bytes(json.replace("HEART", "HE\\u0041RT")))).isEqualTo(WINTER);
    assertThat(reader.read(bytes(json.replace(",\"", ", \"")))).isEqualTo(WINTER);
    assertThat(
            reader.read(
                bytes(json.replace("\"quantity\":6,", "").replace("}", ",\"quantity\":6}"))))
        .isEqualTo(WINTER);
  }

  @Test
  void theEventIdIsReadFromTheValueWhateverItsShape() {
    String json = new String(new EventJson().write(WINTER), StandardCharsets.UTF_8);
    String id = WINTER.eventId();

    assertThat(EventJson.eventIdBytes(bytes(json))).isEqualTo(bytes(id));
    // An escape in the id, spacing, the id after other fields: the general parser's way.
    String escaped =
        json.replace(
            id,
            id.substring(0, 3) + String.format("\\u%04x", (int) id.charAt(3)) + id.substring(4));
    assertThat(escaped).contains("\\u00");
    assertThat(EventJson.eventIdBytes(bytes(escaped))).isEqualTo(bytes(id));
    assertThat(EventJson.eventIdBytes(bytes(json.replace("{\"event_id\":", "{ \"event_id\" : "))))
        .isEqualTo(bytes(id));
    assertThat(
            EventJson.eventIdBytes(bytes("{\"a\":[1,{\"event_id\":\"x\"}],\"event_id\":\"é:2\"}")))
        .isEqualTo(bytes("é:2"));
    // Nothing that is an id.
    assertThat(EventJson.eventIdBytes(bytes("{\"event_id\":null}"))).isNull();
    assertThat(EventJson.eventIdBytes(bytes("{\"event_id\":12}"))).isNull();
    assertThat(EventJson.eventIdBytes(bytes("{\"invoice_no\":\"1\"}"))).isNull();
    assertThat(EventJson.eventIdBytes(bytes("not json"))).isNull();
    assertThat(EventJson.eventIdBytes(bytes("{\"event_id\":\"unterminated"))).isNull();
    assertThat(EventJson.eventIdBytes(null)).isNull();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
