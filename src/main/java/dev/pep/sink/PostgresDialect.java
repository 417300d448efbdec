package dev.pep.sink;

import dev.pep.event.PurchaseEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Properties;
import org.postgresql.PGConnection;

/** PostgreSQL: a temporary staging table per session, filled with {@code COPY ... FROM STDIN}. */
final class PostgresDialect implements Dialect {
  private static final String STAGING = "pep_staging";

  private final String url;
  private final String password;

  PostgresDialect(String url, String password) {
    this.url = url;
    this.password = password;
  }

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public Connection connect() throws SQLException {
    Properties p = new Properties();
    if (password != null) {
      p.setProperty("password", password);
    }
    p.setProperty("ApplicationName", "pep");
    return DriverManager.getConnection(url, p);
  }

  @Override
  public void lockForMigration(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_xact_lock(7303140)"); // any constant of pep's own
    }
  }

  @Override
  public void prepareSession(Connection c, String eventsTable) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TEMP TABLE IF NOT EXISTS "
              + STAGING
              + " (LIKE "
              + eventsTable
              + ") ON COMMIT DELETE ROWS");
    }
  }

  @Override
  public String stagingTable(String eventsTable) {
    return STAGING;
  }

  @Override
  public void stage(Connection c, String eventsTable, List<StoredEvent> events)
      throws SQLException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(events.size() * 256);
    StringBuilder line = new StringBuilder(256);
    for (StoredEvent se : events) {
      PurchaseEvent e = se.event();
      line.setLength(0);
      text(line, e.eventId()).append('\t');
      text(line, e.invoiceNo()).append('\t');
      text(line, e.stockCode()).append('\t');
      text(line, e.description()).append('\t');
      line.append(e.quantity()).append('\t');
      line.append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(e.invoiceDate())).append('\t');
      line.append(e.unitPrice().toPlainString()).append('\t');
      text(line, e.customerId()).append('\t');
      text(line, e.country()).append('\t');
      text(line, e.source().file()).append('\t');
      line.append(e.source().line()).append('\t');
      line.append(se.partition()).append('\t');
      line.append(se.offset()).append('\n');
      byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
      buf.write(bytes, 0, bytes.length);
    }
    try {
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(
              "COPY " + STAGING + " FROM STDIN (FORMAT text)",
              new ByteArrayInputStream(buf.toByteArray()));
    } catch (IOException e) {
      throw new SQLException("COPY into " + STAGING + " failed: " + e.getMessage(), e);
    }
  }

  /** Appends {@code v} in COPY's text format: backslash escapes, \N for null. */
  private static StringBuilder text(StringBuilder sb, String v) {
    if (v == null) {
      return sb.append("\\N");
    }
    for (int i = 0; i < v.length(); i++) {
      char ch = v.charAt(i);
      switch (ch) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(ch);
      }
    }
    return sb;
  }

  @Override
  public String insertFromStaging(String eventsTable) {
    // DO NOTHING also skips a row that repeats one inserted earlier by the same statement.
    return "INSERT INTO "
        + eventsTable
        + " SELECT * FROM "
        + STAGING
        + " ON CONFLICT (event_id) DO NOTHING";
  }

  @Override
  public void clearStaging(Connection c, String eventsTable) {
    // ON COMMIT DELETE ROWS
  }

  @Override
  public String describe() {
    return "postgres " + url.replaceAll("(?i)(password=)[^&]*", "$1[hidden]");
  }
}
