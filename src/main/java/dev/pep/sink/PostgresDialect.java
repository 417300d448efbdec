package dev.pep.sink;

import dev.pep.event.PurchaseEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.postgresql.PGConnection;

/** PostgreSQL: a temporary staging table per session, filled with {@code COPY ... FROM STDIN}. */
final class PostgresDialect implements Dialect {
  private static final String STAGING = "pep_staging";
  private static final String UNIQUE_VIOLATION = "23505";

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

  /**
   * {@code COPY} straight into the events table inside a savepoint: one pass over the rows instead
   * of two (staging, then {@code INSERT ... SELECT}). A stored or repeated event id makes the
   * primary key refuse the COPY (unique_violation); the savepoint is rolled back and the batch goes
   * through staging, which skips and counts the duplicates.
   */
  @Override
  public boolean loadDirect(Connection c, String eventsTable, List<StoredEvent> events)
      throws SQLException {
    Savepoint before = c.setSavepoint();
    try {
      copy(c, eventsTable, events);
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
      c.rollback(before);
      return false;
    }
    c.releaseSavepoint(before);
    return true;
  }

  @Override
  public void stage(Connection c, String eventsTable, List<StoredEvent> events)
      throws SQLException {
    copy(c, STAGING, events);
  }

  private static void copy(Connection c, String table, List<StoredEvent> events)
      throws SQLException {
    CopyText out = new CopyText(events.size() * 200);
    for (StoredEvent se : events) {
      PurchaseEvent e = se.event();
      out.text(e.eventId()).tab();
      out.text(e.invoiceNo()).tab();
      out.text(e.stockCode()).tab();
      out.text(e.description()).tab();
      out.ascii(Integer.toString(e.quantity())).tab();
      out.date(e.invoiceDate()).tab();
      out.ascii(e.unitPrice().toPlainString()).tab();
      out.text(e.customerId()).tab();
      out.text(e.country()).tab();
      out.text(e.source().file()).tab();
      out.ascii(Long.toString(e.source().line())).tab();
      out.ascii(Integer.toString(se.partition())).tab();
      out.ascii(Long.toString(se.offset())).newline();
    }
    try {
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn("COPY " + table + " FROM STDIN (FORMAT text)", out.stream());
    } catch (IOException e) {
      throw new SQLException("COPY into " + table + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Rows in COPY's text format, encoded straight to UTF-8 bytes (backslash escapes, \N for null); a
   * date is formatted once for the run of rows that share it.
   */
  private static final class CopyText {
    private byte[] buf;
    private int len;
    private OffsetDateTime lastDate;
    private byte[] lastDateText;

    CopyText(int capacity) {
      buf = new byte[Math.max(capacity, 1024)];
    }

    CopyText tab() {
      return put((byte) '\t');
    }

    CopyText newline() {
      return put((byte) '\n');
    }

    CopyText ascii(String s) {
      ensure(s.length());
      for (int i = 0; i < s.length(); i++) {
        buf[len++] = (byte) s.charAt(i);
      }
      return this;
    }

    CopyText date(OffsetDateTime d) {
      if (!d.equals(lastDate)) {
        lastDate = d;
        lastDateText =
            DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(d).getBytes(StandardCharsets.US_ASCII);
      }
      ensure(lastDateText.length);
      System.arraycopy(lastDateText, 0, buf, len, lastDateText.length);
      len += lastDateText.length;
      return this;
    }

    CopyText text(String v) {
      if (v == null) {
        return ascii("\\N");
      }
      ensure(v.length() * 4);
      for (int i = 0; i < v.length(); i++) {
        char ch = v.charAt(i);
        switch (ch) {
          case '\\' -> escape('\\');
          case '\t' -> escape('t');
          case '\n' -> escape('n');
          case '\r' -> escape('r');
          default -> {
            if (ch < 0x80) {
              buf[len++] = (byte) ch;
            } else {
              int end = Character.isHighSurrogate(ch) && i + 1 < v.length() ? i + 2 : i + 1;
              byte[] b = v.substring(i, end).getBytes(StandardCharsets.UTF_8);
              System.arraycopy(b, 0, buf, len, b.length);
              len += b.length;
              i = end - 1;
            }
          }
        }
      }
      return this;
    }

    private void escape(char c) {
      buf[len++] = '\\';
      buf[len++] = (byte) c;
    }

    private CopyText put(byte b) {
      ensure(1);
      buf[len++] = b;
      return this;
    }

    private void ensure(int extra) {
      if (len + extra > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
      }
    }

    ByteArrayInputStream stream() {
      return new ByteArrayInputStream(buf, 0, len);
    }
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
