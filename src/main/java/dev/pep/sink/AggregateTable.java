package dev.pep.sink;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables of the aggregates {@code pep aggregate} keeps (migration V4), one per compacted output
 * topic: {@code <events table>_agg_<name>}. A row is the last value of one key of its topic,
 * upserted by the key columns — the group and the calendar window (a day, or a month as its first
 * day) — in the same transaction as the topic's offset. The columns are the fields of the topic's
 * JSON value, by name, so the value is read without knowing the aggregate.
 */
public enum AggregateTable {
  /** Per country and day: revenue, quantity, lines, distinct invoices. */
  COUNTRY_DAY(
      "country_day",
      List.of(col("country", Type.TEXT), col("day", Type.DAY)),
      List.of(
          col("revenue", Type.DECIMAL),
          col("quantity", Type.BIGINT),
          col("lines", Type.BIGINT),
          col("invoices", Type.BIGINT))),
  /** Per stock code and month: description, revenue, quantity, lines. */
  PRODUCT_MONTH(
      "product_month",
      List.of(col("stock_code", Type.TEXT), col("month", Type.MONTH)),
      List.of(
          col("description", Type.TEXT),
          col("revenue", Type.DECIMAL),
          col("quantity", Type.BIGINT),
          col("lines", Type.BIGINT))),
  /** Return lines per country and month: lines, distinct invoices, quantity, value. */
  RETURNS_COUNTRY_MONTH(
      "returns_country_month",
      List.of(col("country", Type.TEXT), col("month", Type.MONTH)),
      List.of(
          col("lines", Type.BIGINT),
          col("invoices", Type.BIGINT),
          col("quantity", Type.BIGINT),
          col("value", Type.DECIMAL)));

  /** How a JSON field becomes a column value. */
  enum Type {
    TEXT,
    /** {@code yyyy-MM-dd} → DATE. */
    DAY,
    /** {@code yyyy-MM} → DATE, the month's first day. */
    MONTH,
    DECIMAL,
    BIGINT
  }

  /** A column and how it is read from the JSON value. */
  record Column(String name, Type type) {}

  /**
   * One record of an output topic as a row.
   *
   * @param offset the record's offset in its partition (stored as kafka_offset)
   * @param key the key columns' values, in {@link #keys()} order (a date as {@code yyyy-MM-dd})
   * @param values the other columns' values in {@link #measures()} order; null for a tombstone,
   *     which deletes the row
   */
  public record Row(long offset, List<Object> key, List<Object> values) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final String suffix;
  private final List<Column> keys;
  private final List<Column> measures;

  AggregateTable(String suffix, List<Column> keys, List<Column> measures) {
    this.suffix = suffix;
    this.keys = keys;
    this.measures = measures;
  }

  private static Column col(String name, Type type) {
    return new Column(name, type);
  }

  /** The table's name beside events table {@code eventsTable}. */
  public String table(String eventsTable) {
    return eventsTable + "_agg_" + suffix;
  }

  List<Column> keys() {
    return keys;
  }

  List<Column> measures() {
    return measures;
  }

  /**
   * The row of an output record's value ({@code null}: a tombstone, which needs the key columns
   * from elsewhere and is refused here).
   *
   * @throws IllegalArgumentException the value is not this aggregate's JSON; the message names the
   *     field
   */
  public Row row(long offset, byte[] json) {
    JsonNode n;
    try {
      n = json == null ? null : JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage());
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return new Row(offset, read(n, keys), read(n, measures));
  }

  private static List<Object> read(JsonNode n, List<Column> columns) {
    List<Object> out = new ArrayList<>(columns.size());
    for (Column c : columns) {
      JsonNode v = n.get(c.name());
      if (v == null) {
        throw new IllegalArgumentException("no field " + c.name());
      }
      if (v.isNull()) {
        out.add(null);
        continue;
      }
      out.add(
          switch (c.type()) {
            case TEXT -> v.asText();
            case DAY -> java.time.LocalDate.parse(v.asText()).toString();
            case MONTH -> java.time.YearMonth.parse(v.asText()).atDay(1).toString();
            case DECIMAL -> {
              if (!v.isNumber()) {
                throw new IllegalArgumentException(c.name() + " is not a number: " + v);
              }
              // Jackson reads 1E+1 for 10: the drivers refuse a negative scale.
              java.math.BigDecimal d = v.decimalValue();
              yield d.scale() < 0 ? d.setScale(0) : d;
            }
            case BIGINT -> {
              if (!v.canConvertToLong()) {
                throw new IllegalArgumentException(c.name() + " is not an integer: " + v);
              }
              yield v.longValue();
            }
          });
    }
    return out;
  }
}
