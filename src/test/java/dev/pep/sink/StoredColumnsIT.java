package dev.pep.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pep.consumer.Postgres;
import dev.pep.event.EventSchema;
import dev.pep.event.EventSchema.Field;
import dev.pep.event.EventSchema.SqlType;
import dev.pep.event.FieldValues;
import dev.pep.event.PurchaseEvent;
import dev.pep.event.SourcePosition;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The events table the migrations create, read back from each database (names, order, types,
 * nullability), is {@link EventSchema#STORED_COLUMNS}; and each bulk loader, straight into the
 * table and through staging, puts every field's value in the column of that name.
 */
class StoredColumnsIT {
  /** Another row of the invoice of {@link FieldValues#FULL}, stored only by the second batch. */
  private static final PurchaseEvent THIRD =
      new PurchaseEvent(
          "0123456789abcdef:5",
          "536365",
          "22752",
          "SET 7 BABUSHKA NESTING BOXES",
          3,
          OffsetDateTime.of(2010, 12, 1, 8, 28, 0, 0, ZoneOffset.UTC),
          new BigDecimal("1.25"),
          "17850",
          "United Kingdom",
          new SourcePosition("Online Retail.csv", 5));

  /** The same columns in another order, as a table made by hand or by another tool could be. */
  private static final String SHUFFLED_COLUMNS =
      "kafka_offset bigint NOT NULL, country text NOT NULL, event_id text PRIMARY KEY,"
          + " source_line bigint NOT NULL, invoice_no text NOT NULL,"
          + " unit_price numeric(12,3) NOT NULL, stock_code text NOT NULL,"
          + " quantity integer NOT NULL, description text, kafka_partition integer NOT NULL,"
          + " customer_id text, invoice_date timestamptz NOT NULL, source_file text NOT NULL";

  @TempDir Path tmp;

  /** A column as a database describes it, its type in the schema's (PostgreSQL's) spelling. */
  record Described(String name, String type, boolean nullable) {}

  @Test
  void duckDbsMigrationsCreateTheSchemasColumnsAndTheLoadersFillThemByName() throws Exception {
    Path file = tmp.resolve("schema.duckdb");
    try (JdbcSink sink = new JdbcSink(new DuckDbDialect(file), "events", "events_offsets")) {
      writeTwoBatches(sink);
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file)) {
      assertThat(duckDbColumns(c, "events")).containsExactlyElementsOf(expectedColumns());
      assertStoredByName(c, "events");
    }
  }

  @Test
  void postgresMigrationsCreateTheSchemasColumnsAndTheLoadersFillThemByName() throws Exception {
    String url = Postgres.requireUrl();
    String table = Postgres.freshTables("schema_it");
    try {
      try (JdbcSink sink =
          new JdbcSink(new PostgresDialect(url, null), table, table + "_offsets")) {
        writeTwoBatches(sink);
      }
      try (Connection c = DriverManager.getConnection(url)) {
        assertThat(postgresColumns(c, table)).containsExactlyElementsOf(expectedColumns());
        assertStoredByName(c, table);
      }
    } finally {
      drop(url, table);
    }
  }

  @Test
  void postgresLoadsATableWhoseColumnsAreInAnotherOrder() throws Exception {
    String url = Postgres.requireUrl();
    String table = Postgres.freshTables("schema_it_shuffled");
    try {
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE " + table + " (" + SHUFFLED_COLUMNS + ")");
      }
      try (JdbcSink sink =
          new JdbcSink(new PostgresDialect(url, null), table, table + "_offsets")) {
        writeTwoBatches(sink); // COPY and INSERT ... SELECT name their columns
      }
      try (Connection c = DriverManager.getConnection(url)) {
        assertStoredByName(c, table);
      }
    } finally {
      drop(url, table);
    }
  }

  @Test
  void duckDbRefusesToAppendByPositionIntoATableWhoseColumnsAreInAnotherOrder() throws Exception {
    Path file = tmp.resolve("shuffled.duckdb");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE events ("
              + SHUFFLED_COLUMNS.replace(" text", " VARCHAR").replace("timestamptz", "TIMESTAMPTZ")
              + ")");
    }

    assertThatThrownBy(() -> new JdbcSink(new DuckDbDialect(file), "events", "events_offsets"))
        .isInstanceOf(SinkException.class)
        .hasMessageContaining(
            "the table events has the columns [kafka_offset, country, event_id, source_line,")
        .hasMessageContaining(
            "where pep appends rows of [event_id, invoice_no, stock_code, description, quantity,"
                + " invoice_date, unit_price, customer_id, country, source_file, source_line,"
                + " kafka_partition, kafka_offset]");
  }

  /**
   * Two events straight into the table, then a batch repeating both around a new one (through
   * staging, which skips the two); the report over the three.
   */
  private static void writeTwoBatches(Sink sink) {
    Sink.WriteResult first =
        sink.write(
            "g",
            "t",
            0,
            -1,
            2,
            List.of(
                new StoredEvent(FieldValues.FULL, 0, 0),
                new StoredEvent(FieldValues.WITHOUT_OPTIONALS, 0, 1)));
    Sink.WriteResult second =
        sink.write(
            "g",
            "t",
            0,
            2,
            5,
            List.of(
                new StoredEvent(FieldValues.FULL, 0, 2),
                new StoredEvent(THIRD, 0, 3),
                new StoredEvent(FieldValues.WITHOUT_OPTIONALS, 0, 4)));

    assertThat(first).isEqualTo(new Sink.WriteResult(2, 0));
    assertThat(second).isEqualTo(new Sink.WriteResult(1, 2));
    // 6 × 2.55 - 2 × 3.125 + 3 × 1.25, in two countries, one customer, two invoices
    SinkReport report = sink.report();
    assertThat(report.rows()).isEqualTo(3);
    assertThat(report.distinctInvoices()).isEqualTo(2);
    assertThat(report.distinctCustomers()).isEqualTo(1);
    assertThat(report.distinctCountries()).isEqualTo(2);
    assertThat(report.totalQuantity()).isEqualTo(7);
    assertThat(report.revenue()).isEqualByComparingTo("12.80");
    assertThat(report.topCountries()).hasSize(2);
    assertThat(report.topCountries().get(0).country()).isEqualTo("United Kingdom");
    assertThat(report.topCountries().get(0).revenue()).isEqualByComparingTo("19.05");
    assertThat(report.topCountries().get(1).country()).isEqualTo("France");
    assertThat(report.topCountries().get(1).revenue()).isEqualByComparingTo("-6.25");
  }

  /** The three stored rows, each column read by its name and compared with the event's field. */
  private static void assertStoredByName(Connection c, String table) throws SQLException {
    List<PurchaseEvent> events = List.of(FieldValues.FULL, FieldValues.WITHOUT_OPTIONALS, THIRD);
    long[] offsets = {0, 1, 3};
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY kafka_offset")) {
      for (int i = 0; i < events.size(); i++) {
        assertThat(rs.next()).as("row %d", i).isTrue();
        PurchaseEvent e = events.get(i);
        for (Field f : Field.values()) {
          assertThat(read(rs, f.column(), f.sqlColumn().type()))
              .as("%s of %s", f.column(), e.eventId())
              .isEqualTo(comparable(FieldValues.of(f, e)));
        }
        assertThat(rs.getInt("kafka_partition")).isZero();
        assertThat(rs.getLong("kafka_offset")).isEqualTo(offsets[i]);
      }
      assertThat(rs.next()).isFalse();
    }
  }

  /** The column's value in a form that compares across databases; null for SQL NULL. */
  private static Object read(ResultSet rs, String column, SqlType type) throws SQLException {
    Object v;
    if (type.equals(SqlType.TIMESTAMPTZ)) {
      v = rs.getObject(column, OffsetDateTime.class);
    } else if (type.name().equals("numeric")) {
      v = rs.getBigDecimal(column);
    } else if (type.equals(SqlType.INTEGER)) {
      v = rs.getInt(column);
    } else if (type.equals(SqlType.BIGINT)) {
      v = rs.getLong(column);
    } else {
      v = rs.getString(column);
    }
    return rs.wasNull() ? null : comparable(v);
  }

  /** An instant for a date and time; a decimal without trailing zeros (the column has scale 3). */
  private static Object comparable(Object v) {
    if (v instanceof OffsetDateTime d) {
      return d.toInstant();
    }
    if (v instanceof BigDecimal d) {
      return d.stripTrailingZeros();
    }
    return v;
  }

  private static List<Described> expectedColumns() {
    return EventSchema.STORED_COLUMNS.stream()
        .map(
            c ->
                new Described(
                    c.name(), c.type().toString(), c.nulls() == EventSchema.Nulls.NULLABLE))
        .toList();
  }

  private static List<Described> duckDbColumns(Connection c, String table) throws SQLException {
    List<Described> columns = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns"
                + " WHERE table_name = ? ORDER BY ordinal_position")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // DuckDB's names for PostgreSQL's text and numeric
          String type =
              rs.getString(2)
                  .toLowerCase(Locale.ROOT)
                  .replace("varchar", "text")
                  .replace("decimal", "numeric");
          columns.add(new Described(rs.getString(1), type, rs.getString(3).equals("YES")));
        }
      }
    }
    return columns;
  }

  private static List<Described> postgresColumns(Connection c, String table) throws SQLException {
    List<Described> columns = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT attname, format_type(atttypid, atttypmod), NOT attnotnull FROM pg_attribute"
                + " WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped"
                + " ORDER BY attnum")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(new Described(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
        }
      }
    }
    return columns;
  }

  private static void drop(String url, String table) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table + ", " + table + "_offsets");
    }
  }
}
