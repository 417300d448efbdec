package dev.pep.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** What differs between the database sinks: connecting, and bulk-loading a batch into staging. */
interface Dialect {
  /** The migrations folder name, e.g. "postgres". */
  String name();

  Connection connect() throws SQLException;

  /**
   * Serializes schema migrations between processes, inside the migration's transaction (two
   * consumers starting together must not both create the tables).
   */
  void lockForMigration(Connection c) throws SQLException;

  /** Creates this session's staging table (empty, same columns as the events table). */
  void prepareSession(Connection c, String eventsTable) throws SQLException;

  /**
   * Makes the schema the session just migrated and prepared durable on its own, before any batch is
   * written (DuckDB: a checkpoint). Nothing to do where the database's log replays everything.
   */
  default void settleSchema(Connection c) throws SQLException {}

  /** The staging table's name in this session. */
  String stagingTable(String eventsTable);

  /** What {@link #loadDirect} did. */
  enum Direct {
    /** Every event is in the events table. */
    LOADED,
    /** An id is stored already (or repeated): the transaction is as it was; go through staging. */
    REFUSED,
    /**
     * An id is stored already (or repeated), and the database aborted the whole transaction (it has
     * no savepoints): roll it back and start it again through staging.
     */
    ABORTED
  }

  /**
   * Bulk-loads {@code events} straight into the events table, inside the caller's transaction, when
   * none of their ids is stored yet (the common case: a duplicate comes only from a file produced
   * again). When one is, the caller goes through staging ({@link Direct}). A dialect without this
   * fast path refuses at once.
   */
  default Direct loadDirect(Connection c, String eventsTable, List<StoredEvent> events)
      throws SQLException {
    return Direct.REFUSED;
  }

  /** Bulk-loads {@code events} into the staging table, inside the caller's transaction. */
  void stage(Connection c, String eventsTable, List<StoredEvent> events) throws SQLException;

  /**
   * The statement that moves staging into the events table, skipping event ids already stored (or
   * repeated within the batch); its update count is the number of rows inserted. It names its
   * columns, so the tables' own column order does not matter.
   */
  String insertFromStaging(String eventsTable);

  /** Empties the staging table before the transaction commits (when it does not by itself). */
  void clearStaging(Connection c, String eventsTable) throws SQLException;

  /** A description without secrets. */
  String describe();

  /** See {@link Sink#rowEncoder}: null unless the dialect loads rows as it encodes them itself. */
  default Sink.RowEncoder rowEncoder() {
    return null;
  }
}
