package dev.pep.sink;

import dev.pep.config.PepException;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's one database session: opened (and the schema migrated) once, re-opened on the next use
 * after it was lost or {@link #discard}ed. A reconnect the dialect refuses for a reason of its own
 * (the DuckDB file held by another process, its directory not writable) is a {@link SinkException}
 * like a refused PostgreSQL connection, so the consumer's retry path handles both alike. Not
 * thread-safe.
 */
final class JdbcSession implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JdbcSession.class);

  private final Dialect dialect;
  private final String events;
  private Connection connection;

  /**
   * Opens the first session and applies the migrations.
   *
   * @throws SinkException the database cannot be opened or migrated
   */
  JdbcSession(Dialect dialect, String eventsTable, String offsetsTable) {
    this.dialect = dialect;
    this.events = eventsTable;
    try {
      Connection c = dialect.connect();
      Migrations.apply(c, dialect, eventsTable, offsetsTable);
      dialect.prepareSession(c, eventsTable);
      dialect.settleSchema(c);
      connection = c;
    } catch (SQLException e) {
      throw new SinkException("Cannot open " + dialect.describe() + ": " + e.getMessage(), e);
    } catch (IllegalStateException e) {
      // A migration missing from the jar or unreadable: name the database it was meant for.
      throw new SinkException("Cannot migrate " + dialect.describe() + ": " + e.getMessage(), e);
    }
  }

  /** The live connection, re-opened when it was lost. */
  Connection get() throws SQLException {
    if (connection == null || !connection.isValid(5)) {
      discard();
      log.warn("Reconnecting to {}", dialect.describe());
      connection = reconnect();
    }
    return connection;
  }

  /**
   * The connection in auto-commit mode: a read left inside a transaction would stay "idle in
   * transaction" until the next write, holding its snapshot and locks.
   */
  Connection readOnly() throws SQLException {
    Connection c = get();
    c.setAutoCommit(true);
    return c;
  }

  private Connection reconnect() throws SQLException {
    Connection c;
    try {
      c = dialect.connect();
    } catch (SinkException e) {
      throw e;
    } catch (PepException e) {
      throw new SinkException(
          "Cannot reconnect to " + dialect.describe() + ": " + e.getMessage(), e);
    }
    try {
      dialect.prepareSession(c, events);
      return c;
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  /** Closes a connection that failed; the next {@link #get} opens another. */
  void discard() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing a broken connection
      }
      connection = null;
    }
  }

  @Override
  public void close() {
    discard();
  }
}
