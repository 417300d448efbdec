package dev.pep.sink;

import static dev.pep.event.EventSchema.STORED_COLUMN_LIST;

import dev.pep.config.Secrets;
import dev.pep.event.EventSchema;
import dev.pep.event.PurchaseEvent;
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
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL: {@code COPY ... FROM STDIN} straight into the events table, or, when a batch holds an
 * id already stored, into a temporary staging table per session. Both statements name their columns
 * ({@link EventSchema#STORED_COLUMNS}), so a table's own column order does not matter.
 */
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
  public Direct loadDirect(Connection c, String eventsTable, List<StoredEvent> events)
      throws SQLException {
    Savepoint before = c.setSavepoint();
    try {
      copy(c, eventsTable, events);
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
      c.rollback(before);
      return Direct.REFUSED;
    }
    c.releaseSavepoint(before);
    return Direct.LOADED;
  }

  @Override
  public void stage(Connection c, String eventsTable, List<StoredEvent> events)
      throws SQLException {
    copy(c, STAGING, events);
  }

  /**
   * Streams the rows to the server while encoding them, a block at a time, so the server parses and
   * inserts one block while the next is encoded. An error of the server (e.g. a unique violation)
   * is reported by the end of the COPY, with its SQLState.
   */
  private static void copy(Connection c, String table, List<StoredEvent> events)
      throws SQLException {
    CopyIn copy =
        c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn("COPY " + table + " (" + STORED_COLUMN_LIST + ") FROM STDIN (FORMAT text)");
    try {
      CopyText out = new CopyText(copy);
      for (StoredEvent se : events) {
        out.row(se);
      }
      out.flush();
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy(); // do not leave the connection in COPY mode
      }
    }
  }

  /**
   * Rows in COPY's text format, encoded straight to UTF-8 bytes (backslash escapes, \N for null)
   * and handed to the COPY in blocks; a date, and a file name, is encoded once for the run of rows
   * that share it.
   */
  private static final class CopyText {
    private static final int BLOCK = 64 * 1024;

    private final CopyIn copy;
    private byte[] buf = new byte[BLOCK + 4096];
    private int len;
    private OffsetDateTime lastDate;
    private byte[] lastDateText;
    private String lastFile;
    private byte[] lastFileText;

    CopyText(CopyIn copy) {
      this.copy = copy;
    }

    /** One row, its values in the order of {@link EventSchema#STORED_COLUMNS}. */
    void row(StoredEvent se) throws SQLException {
      PurchaseEvent e = se.event();
      text(e.eventId()).tab();
      text(e.invoiceNo()).tab();
      text(e.stockCode()).tab();
      text(e.description()).tab();
      ascii(Integer.toString(e.quantity())).tab();
      date(e.invoiceDate()).tab();
      ascii(e.unitPrice().toPlainString()).tab();
      text(e.customerId()).tab();
      text(e.country()).tab();
      file(e.source().file()).tab();
      ascii(Long.toString(e.source().line())).tab();
      ascii(Integer.toString(se.partition())).tab();
      ascii(Long.toString(se.offset())).newline();
      if (len >= BLOCK) {
        flush();
      }
    }

    void flush() throws SQLException {
      if (len > 0) {
        copy.writeToCopy(buf, 0, len);
        len = 0;
      }
    }

    private CopyText file(String f) {
      if (!f.equals(lastFile)) {
        int start = len;
        text(f);
        lastFile = f;
        lastFileText = Arrays.copyOfRange(buf, start, len);
        return this;
      }
      return bytes(lastFileText);
    }

    private CopyText bytes(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, len, b.length);
      len += b.length;
      return this;
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
      return bytes(lastDateText);
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
  }

  @Override
  public String insertFromStaging(String eventsTable) {
    // DO NOTHING also skips a row that repeats one inserted earlier by the same statement.
    return "INSERT INTO "
        + eventsTable
        + " ("
        + STORED_COLUMN_LIST
        + ") SELECT "
        + STORED_COLUMN_LIST
        + " FROM "
        + STAGING
        + " ON CONFLICT ("
        + EventSchema.Field.EVENT_ID.column()
        + ") DO NOTHING";
  }

  @Override
  public void clearStaging(Connection c, String eventsTable) {
    // ON COMMIT DELETE ROWS
  }

  @Override
  public String describe() {
    return "postgres " + Secrets.hideUrlPassword(url);
  }
}
