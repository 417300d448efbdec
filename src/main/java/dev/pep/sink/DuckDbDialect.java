package dev.pep.sink;

import static dev.pep.event.EventSchema.STORED_COLUMN_LIST;

import dev.pep.config.PepException;
import dev.pep.config.Writable;
import dev.pep.event.EventSchema;
import dev.pep.event.EventSchema.SqlColumn;
import dev.pep.event.PurchaseEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * DuckDB, embedded: each batch appended straight into the events table with DuckDB's appender; when
 * an id is stored already, the transaction is started again and the batch goes through a staging
 * table and {@code INSERT … ON CONFLICT DO NOTHING}. One process at a time may open the database
 * file; a second gets a clear error naming the file.
 */
final class DuckDbDialect implements Dialect {
  private final Path file;

  DuckDbDialect(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  @Override
  public String name() {
    return "duckdb";
  }

  @Override
  public Connection connect() throws SQLException {
    Writable.file(file, "PEP_DUCKDB_FILE");
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
    } catch (IOException e) {
      throw new PepException("Cannot create the directory of the DuckDB file " + file + ": " + e);
    }
    try {
      return DriverManager.getConnection("jdbc:duckdb:" + file);
    } catch (SQLException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("lock")) {
        throw new PepException(
            "The DuckDB file "
                + file
                + " is in use by another process (DuckDB allows one process at a time): stop it,"
                + " set PEP_DUCKDB_FILE to another file, or use the postgres sink to consume in"
                + " parallel. DuckDB said: "
                + m.lines().findFirst().orElse(m));
      }
      throw e;
    }
  }

  @Override
  public void lockForMigration(Connection c) {
    // One process per DuckDB file: its file lock already serializes everything.
  }

  /**
   * A checkpoint: writes the migrated schema and the staging table into the database file. Left in
   * the write-ahead log, a process killed before DuckDB's next checkpoint leaves a file DuckDB
   * (1.4.4) cannot open again: replaying the log's {@code ALTER TABLE … ADD COLUMN} (migration V3)
   * fails with "Failure while replaying WAL file … Calling DatabaseManager::GetDefaultDatabase with
   * no default database set". ConsumerKilledMidSinkIT kills consumers that early.
   */
  @Override
  public void settleSchema(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CHECKPOINT");
    }
  }

  @Override
  public void prepareSession(Connection c, String eventsTable) throws SQLException {
    requireStoredColumnOrder(c, eventsTable);
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + stagingTable(eventsTable)
              + " AS SELECT "
              + STORED_COLUMN_LIST
              + " FROM "
              + eventsTable
              + " LIMIT 0");
      s.execute("DELETE FROM " + stagingTable(eventsTable));
    }
  }

  /**
   * DuckDB's appender fills a row by position and cannot name its columns: the events table must
   * have {@link EventSchema#STORED_COLUMNS} in that order (the migrations create it so), or a value
   * could land in another column of its type.
   */
  private static void requireStoredColumnOrder(Connection c, String table) throws SQLException {
    List<String> actual = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT column_name FROM information_schema.columns WHERE table_schema ="
                + " current_schema() AND table_name = ? ORDER BY ordinal_position")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          actual.add(rs.getString(1));
        }
      }
    }
    List<String> expected = EventSchema.STORED_COLUMNS.stream().map(SqlColumn::name).toList();
    if (!actual.equals(expected)) {
      throw new SQLException(
          "the table "
              + table
              + " has the columns "
              + actual
              + ", where pep appends rows of "
              + expected);
    }
  }

  @Override
  public String stagingTable(String eventsTable) {
    return eventsTable + "_staging";
  }

  @Override
  public Direct loadDirect(Connection c, String eventsTable, List<StoredEvent> events)
      throws SQLException {
    try {
      append(c, eventsTable, events);
      return Direct.LOADED;
    } catch (SQLException e) {
      // DuckDB has no SQLSTATE for it, and a refused append aborts the whole transaction.
      String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      if (!m.contains("duplicate key")) {
        throw e;
      }
      return Direct.ABORTED;
    }
  }

  @Override
  public void stage(Connection c, String eventsTable, List<StoredEvent> events)
      throws SQLException {
    append(c, stagingTable(eventsTable), events);
  }

  /**
   * Appends the rows to {@code table} with DuckDB's appender. It flushes before closing: an error
   * (a duplicate key, a full disk) surfaces from the flush, while closing would only abort the
   * transaction, and its COMMIT would then succeed having stored nothing.
   */
  private static void append(Connection c, String table, List<StoredEvent> events)
      throws SQLException {
    try (DuckDBAppender a =
        c.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
      for (StoredEvent se : events) {
        PurchaseEvent e = se.event();
        a.beginRow(); // the values in the order of EventSchema.STORED_COLUMNS
        a.append(e.eventId());
        a.append(e.invoiceNo());
        a.append(e.stockCode());
        nullable(a, e.description());
        a.append(e.quantity());
        a.append(e.invoiceDate());
        a.append(e.unitPrice().setScale(JdbcSink.PRICE_SCALE)); // the column's exact scale
        nullable(a, e.customerId());
        a.append(e.country());
        a.append(e.source().file());
        a.append(e.source().line());
        a.append(se.partition());
        a.append(se.offset());
        a.endRow();
      }
      a.flush();
    }
  }

  private static void nullable(DuckDBAppender a, String v) throws SQLException {
    if (v == null) {
      a.appendNull();
    } else {
      a.append(v);
    }
  }

  @Override
  public String insertFromStaging(String eventsTable) {
    // DuckDB refuses a conflict inside one statement, so repeats within the batch go first.
    String id = EventSchema.Field.EVENT_ID.column();
    return "INSERT INTO "
        + eventsTable
        + " ("
        + STORED_COLUMN_LIST
        + ") SELECT DISTINCT ON ("
        + id
        + ") "
        + STORED_COLUMN_LIST
        + " FROM "
        + stagingTable(eventsTable)
        + " ON CONFLICT ("
        + id
        + ") DO NOTHING";
  }

  @Override
  public void clearStaging(Connection c, String eventsTable) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DELETE FROM " + stagingTable(eventsTable));
    }
  }

  @Override
  public String describe() {
    return "duckdb " + file;
  }
}
