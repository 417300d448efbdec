package dev.pep.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pep.event.PurchaseEvent;
import dev.pep.event.SourcePosition;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** A tally is exact and does not depend on the order its events arrive in; its keys and JSON. */
class TallyTest {
  private static PurchaseEvent event(
      int line, String invoice, String description, int quantity, String date, String price) {
    return new PurchaseEvent(
        "abc:" + line,
        invoice,
        "85123A",
        description,
        quantity,
        OffsetDateTime.parse(date),
        new BigDecimal(price),
        null,
        "United Kingdom",
        new SourcePosition("f.csv", line));
  }

  private static final List<PurchaseEvent> EVENTS =
      List.of(
          event(2, "536365", "WHITE HANGING HEART", 6, "2011-06-01T08:26:00+01:00", "2.55"),
          event(3, "536365", "CREAM HANGING HEART", 3, "2011-06-01T08:26:00+01:00", "0.001"),
          event(4, "C536379", null, -1, "2011-06-30T23:59:00+01:00", "27.5"),
          event(5, "536380", "WHITE HANGING HEART", 10, "2011-06-15T10:00:00+01:00", "0.1"));

  @Test
  void anyOrderGivesTheSameExactTally() {
    Tally inOrder = Tally.EMPTY;
    for (PurchaseEvent e : EVENTS) {
      inOrder = inOrder.add(e, true);
    }
    // 6 × 2.55 + 3 × 0.001 − 1 × 27.5 + 10 × 0.1
    assertThat(inOrder.revenue()).isEqualByComparingTo("-11.197");
    assertThat(inOrder.quantity()).isEqualTo(18);
    assertThat(inOrder.lines()).isEqualTo(4);
    assertThat(inOrder.invoices()).containsExactly("536365", "536380", "C536379");
    assertThat(inOrder.description()).isEqualTo("CREAM HANGING HEART");
    Random random = new Random(17);
    for (int i = 0; i < 20; i++) {
      List<PurchaseEvent> shuffled = new ArrayList<>(EVENTS);
      Collections.shuffle(shuffled, random);
      Tally t = Tally.EMPTY;
      for (PurchaseEvent e : shuffled) {
        t = t.add(e, true);
      }
      assertThat(t).isEqualTo(inOrder);
    }
  }

  @Test
  void theWindowIsTheLocalDayOrMonthTheEventCarries() {
    PurchaseEvent lastOfJune = EVENTS.get(2); // 23:59 in London is 22:59 UTC, still June
    assertThat(Aggregate.COUNTRY_DAY.key(lastOfJune)).isEqualTo("United Kingdom|2011-06-30");
    assertThat(Aggregate.PRODUCT_MONTH.key(lastOfJune)).isEqualTo("85123A|2011-06");
    assertThat(Aggregate.RETURNS_COUNTRY_MONTH.counts(lastOfJune)).isTrue();
    assertThat(Aggregate.RETURNS_COUNTRY_MONTH.counts(EVENTS.get(0))).isFalse();
    assertThat(Aggregate.RETURNS_COUNTRY_MONTH.topic("purchase-events"))
        .isEqualTo("purchase-events.agg.returns-country-month");
  }

  @Test
  void theStoredTallyAndTheOutputValueKeepEveryDigit() throws IOException {
    Tally t = Tally.EMPTY;
    for (PurchaseEvent e : EVENTS) {
      t = t.add(e, true);
    }
    try (Serde<Tally> serde = AggregateJson.tallySerde()) {
      Tally back = serde.deserializer().deserialize("s", serde.serializer().serialize("s", t));
      assertThat(back).isEqualTo(t);
      assertThat(back.revenue().toPlainString()).isEqualTo(t.revenue().toPlainString());
    }
    JsonNode v =
        new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .readTree(
                AggregateJson.value(Aggregate.RETURNS_COUNTRY_MONTH, "United Kingdom|2011-06", t));
    assertThat(v.get("country").asText()).isEqualTo("United Kingdom");
    assertThat(v.get("month").asText()).isEqualTo("2011-06");
    assertThat(v.get("invoices").asInt()).isEqualTo(3);
    assertThat(v.get("value").decimalValue()).isEqualByComparingTo("-11.197");
  }
}
