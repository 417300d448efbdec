package dev.pep.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.event.EventJson;
import dev.pep.event.FieldValues;
import dev.pep.event.PurchaseEvent;
import dev.pep.event.SourcePosition;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL sink's two ways to a {@code COPY} row: from the event object, and straight from
 * the record's JSON ({@link CopyBinary.Rows}). For every event the second takes, it must give the
 * first's bytes; an event it does not take is left to the event path, which refuses or stores it.
 */
class CopyRowsTest {
  private static final int HEADER = 19; // signature, flags, header extension

  private static PurchaseEvent event(
      String id, String invoice, String description, String price, String customer, String file) {
    return new PurchaseEvent(
        "0123456789abcdef:" + id,
        invoice,
        "85123A",
        description,
        -12,
        OffsetDateTime.of(2011, 8, 12, 14, 51, 0, 0, ZoneOffset.ofHours(1)),
        new BigDecimal(price),
        customer,
        "United Kingdom",
        new SourcePosition(file, Long.parseLong(id)));
  }

  /** The bytes the event path writes for {@code e} at {@code partition}/{@code offset}. */
  private static byte[] viaEvent(CopyBinary copy, ByteArrayOutputStream sent, StoredEvent e)
      throws SQLException {
    int before = sent.size();
    copy.row(e);
    copy.flushForTest();
    byte[] all = sent.toByteArray();
    return java.util.Arrays.copyOfRange(all, before, all.length);
  }

  @Test
  void eachRowFromTheJsonIsTheRowOfItsEvent() throws SQLException {
    List<PurchaseEvent> events =
        List.of(
            FieldValues.FULL,
            FieldValues.WITHOUT_OPTIONALS,
            event("3", "536365", "WHITE HANGING HEART", "2.55", "17850", "Online Retail.csv"),
            event("4", "536365", "WHITE METAL LANTERN", "3.39", "17850", "Online Retail.csv"),
            event("5", "C536379", "Discount", "-27.5", null, "Online Retail.csv"),
            event("6", "536380", "", "0", "12583", "other.csv"),
            event("7", "536380", "X", "123456789.125", "12583", "other.csv"),
            event("8", "536381", "Y", "0.001", "12583", "other.csv"),
            event("3", "536365", "WHITE HANGING HEART", "2.55", "17850", "Online Retail.csv"));
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    CopyBinary copy = new CopyBinary((b, off, len) -> sent.write(b, off, len));
    copy.flushForTest(); // the COPY's header
    assertThat(sent.size()).isEqualTo(HEADER);
    CopyBinary.Rows rows = new CopyBinary.Rows();
    int partition = 0;
    for (PurchaseEvent e : events) {
      partition++;
      long offset = 1_000_000_000_000L + partition;
      byte[] direct = rows.encode(new EventJson().write(e), partition, offset);
      byte[] expected = viaEvent(copy, sent, new StoredEvent(e, partition, offset));

      assertThat(direct).as(e.toString()).isEqualTo(expected);
      // and the COPY sends an encoded row as it is
      assertThat(viaEvent(copy, sent, StoredEvent.encoded(direct, partition, offset)))
          .isEqualTo(expected);
    }
  }

  @Test
  void whatTheSinkRefusesOrCannotReadInPlaceIsLeftToTheEventPath() {
    CopyBinary.Rows rows = new CopyBinary.Rows();
    EventJson json = new EventJson();

    // more decimal places than unit_price, more digits than it: refused by the event path
    assertThat(rows.encode(json.write(event("2", "1", "A", "1.2345", "1", "f.csv")), 0, 0))
        .isNull();
    assertThat(rows.encode(json.write(event("2", "1", "A", "1234567890.5", "1", "f.csv")), 0, 0))
        .isNull();
    assertThat(JdbcSink.priceRefusal(new BigDecimal("1.2345"))).isNotNull();
    assertThat(JdbcSink.priceRefusal(new BigDecimal("1234567890.5"))).isNotNull();
    // not printable ASCII, an escape, not pep's JSON, no value
    assertThat(rows.encode(json.write(event("2", "1", "Café", "1", "1", "f.csv")), 0, 0)).isNull();
    assertThat(rows.encode(json.write(event("2", "1", "a \"b\"", "1", "1", "f.csv")), 0, 0))
        .isNull();
    assertThat(rows.encode("{\"event_id\":\"x\"}".getBytes(StandardCharsets.UTF_8), 0, 0)).isNull();
    assertThat(rows.encode(null, 0, 0)).isNull();
    // and a good one after them is still encoded
    assertThat(rows.encode(json.write(event("2", "1", "A", "1.5", "1", "f.csv")), 0, 0))
        .isNotNull();
  }
}
