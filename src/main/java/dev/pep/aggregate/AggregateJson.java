package dev.pep.aggregate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The JSON of the aggregates: a tally in its state store, and the value of an output record. Money
 * is written as an exact decimal number (never through a double).
 */
final class AggregateJson {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private AggregateJson() {}

  /** A tally's serde for the state stores and their changelogs. */
  static Serde<Tally> tallySerde() {
    return Serdes.serdeFrom(
        (topic, t) -> write(t),
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try {
            return JSON.readValue(bytes, Tally.class);
          } catch (IOException e) {
            throw new UncheckedIOException("Not a tally in " + topic, e);
          }
        });
  }

  /**
   * The output value of {@code a} for {@code key}:
   *
   * <ul>
   *   <li>country-day: {@code country, day, revenue, quantity, lines, invoices}
   *   <li>product-month: {@code stock_code, month, description, revenue, quantity, lines}
   *   <li>returns-country-month: {@code country, month, lines, invoices, quantity, value}
   * </ul>
   */
  static byte[] value(Aggregate a, String key, Tally t) {
    int bar = key.lastIndexOf(Aggregate.SEPARATOR);
    String group = key.substring(0, bar);
    String window = key.substring(bar + 1);
    ObjectNode n = JSON.createObjectNode();
    switch (a) {
      case COUNTRY_DAY -> {
        n.put("country", group);
        n.put("day", window);
        n.put("revenue", t.revenue());
        n.put("quantity", t.quantity());
        n.put("lines", t.lines());
        n.put("invoices", t.invoices().size());
      }
      case PRODUCT_MONTH -> {
        n.put("stock_code", group);
        n.put("month", window);
        n.put("description", t.description());
        n.put("revenue", t.revenue());
        n.put("quantity", t.quantity());
        n.put("lines", t.lines());
      }
      case RETURNS_COUNTRY_MONTH -> {
        n.put("country", group);
        n.put("month", window);
        n.put("lines", t.lines());
        n.put("invoices", t.invoices().size());
        n.put("quantity", t.quantity());
        n.put("value", t.revenue());
      }
    }
    return write(n);
  }

  private static byte[] write(Object o) {
    try {
      return JSON.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
