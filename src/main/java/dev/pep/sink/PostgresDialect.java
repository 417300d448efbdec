package dev.pep.sink;

import static dev.pep.event.EventSchema.STORED_COLUMN_LIST;

import dev.pep.config.Secrets;
import dev.pep.event.EventSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
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
            .copyIn("COPY " + table + " (" + STORED_COLUMN_LIST + ") FROM STDIN (FORMAT binary)");
    try {
      CopyBinary out = new CopyBinary(copy::writeToCopy);
      for (StoredEvent se : events) {
        out.row(se);
      }
      out.end();
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy(); // do not leave the connection in COPY mode
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

  @Override
  public Sink.RowEncoder rowEncoder() {
    return new CopyBinary.Rows();
  }
}
