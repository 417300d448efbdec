package dev.pep.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.consumer.Postgres;
import dev.pep.event.PurchaseEvent;
import dev.pep.event.SourcePosition;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL sink's binary COPY stores every value as the server reads it back: prices of every
 * shape numeric's base-10000 digits take (zero, below one, negative, whole ten-thousands, the
 * column's widest), instants before and after PostgreSQL's epoch in any offset, text with COPY's
 * special characters and outside ASCII, nulls.
 */
class PostgresBinaryCopyIT {
  private static final String[] PRICES = {
    "0",
    "0.000",
    "0.001",
    "0.5",
    "2.55",
    "1.250",
    "-11062.06",
    "10000",
    "50000.002",
    "38970",
    "1E+2",
    "-0.001",
    "123456789.999",
    "-999999999.999",
    "100000000",
    "0.01",
    "9999.999"
  };

  private static final String[] DATES = {
    "2010-12-01T08:26:00Z",
    "2011-06-01T10:00:00+01:00",
    "1999-12-31T23:59:59.5+01:00",
    "2000-01-01T00:00:00Z",
    "1970-01-01T00:00:00.000001-08:00"
  };

  private static final String[] TEXTS = {
    "WHITE HANGING HEART T-LIGHT HOLDER",
    "tab\there",
    "back\\slash",
    "new\nline\r",
    "café £3 ✓",
    "emoji 😀 end",
    "\\N",
    ""
  };

  @Test
  void everyValueComesBackAsItWasSent() throws Exception {
    String url = Postgres.requireUrl();
    String table = Postgres.freshTables("binary_copy_it");
    List<StoredEvent> batch = new ArrayList<>();
    for (int i = 0; i < PRICES.length * DATES.length; i++) {
      String text = TEXTS[i % TEXTS.length];
      batch.add(
          new StoredEvent(
              new PurchaseEvent(
                  "0123456789abcdef:" + (i + 2),
                  "53636" + i,
                  "S" + text,
                  i % 3 == 0 ? null : text,
                  i % 2 == 0 ? -i : i * 1000,
                  OffsetDateTime.parse(DATES[i % DATES.length]),
                  new BigDecimal(PRICES[i % PRICES.length]),
                  i % 4 == 0 ? null : "1785" + i,
                  "Country " + text,
                  new SourcePosition(i < 40 ? "Online Retail.csv" : "café.csv", i + 2)),
              i % 3,
              10_000_000_000L + i));
    }
    try {
      try (JdbcSink sink =
          new JdbcSink(new PostgresDialect(url, null), table, table + "_offsets")) {
        Sink.WriteResult r = sink.write("g", "t", null, 0, -1, batch.size(), batch);
        assertThat(r.inserted()).isEqualTo(batch.size());
        // The same rows again, around one new one: through staging, the same encoding.
        List<StoredEvent> again = new ArrayList<>(batch.subList(0, 3));
        StoredEvent extra = batch.get(5);
        again.add(
            new StoredEvent(
                new PurchaseEvent(
                    "0123456789abcdef:999",
                    extra.event().invoiceNo(),
                    extra.event().stockCode(),
                    extra.event().description(),
                    extra.event().quantity(),
                    extra.event().invoiceDate(),
                    new BigDecimal("-0.5"),
                    extra.event().customerId(),
                    extra.event().country(),
                    new SourcePosition("other.csv", 999)),
                1,
                7));
        Sink.WriteResult r2 = sink.write("g", "t", null, 0, batch.size(), batch.size() + 4, again);
        assertThat(r2.inserted()).isEqualTo(1);
        assertThat(r2.duplicates()).isEqualTo(3);
        batch.add(again.get(3));
      }
      List<String> expected = new ArrayList<>();
      for (StoredEvent se : batch) {
        expected.add(describe(se));
      }
      List<String> stored = new ArrayList<>();
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT event_id, invoice_no, stock_code, description, quantity,"
                      + " invoice_date, unit_price, customer_id, country, source_file,"
                      + " source_line, kafka_partition, kafka_offset FROM "
                      + table)) {
        while (rs.next()) {
          stored.add(
              String.join(
                  "|",
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  String.valueOf(rs.getString(4)),
                  String.valueOf(rs.getInt(5)),
                  rs.getObject(6, OffsetDateTime.class).toInstant().toString(),
                  rs.getBigDecimal(7).toPlainString(),
                  String.valueOf(rs.getString(8)),
                  rs.getString(9),
                  rs.getString(10),
                  String.valueOf(rs.getLong(11)),
                  String.valueOf(rs.getInt(12)),
                  String.valueOf(rs.getLong(13))));
        }
      }
      assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
    } finally {
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + table + ", " + table + "_offsets");
      }
    }
  }

  /** A row as the database should hold it: the price at the column's scale, the instant. */
  private static String describe(StoredEvent se) {
    PurchaseEvent e = se.event();
    return String.join(
        "|",
        e.eventId(),
        e.invoiceNo(),
        e.stockCode(),
        String.valueOf(e.description()),
        String.valueOf(e.quantity()),
        e.invoiceDate().toInstant().toString(),
        e.unitPrice().setScale(JdbcSink.PRICE_SCALE).toPlainString(),
        String.valueOf(e.customerId()),
        e.country(),
        e.source().file(),
        String.valueOf(e.source().line()),
        String.valueOf(se.partition()),
        String.valueOf(se.offset()));
  }
}
