package dev.pep.sink;

import dev.pep.config.PepException;
import java.sql.SQLException;
import java.util.Set;

/**
 * The sink's database failed. Most failures pass (connection lost, server restarting, disk full,
 * deadlock) and are retried with backoff; {@link #willNotPass} tells those that retrying cannot fix
 * (a table dropped, a constraint or a value the schema refuses, a wrong password).
 */
public class SinkException extends PepException {
  private static final long serialVersionUID = 1L;

  /**
   * SQLSTATE classes (SQL standard, as PostgreSQL uses them) of errors that the same statement on
   * the same data meets again: data exception, integrity constraint violation, invalid
   * authorization, invalid catalog or schema name, syntax error or access rule violation, feature
   * not supported, with check option violation. Every other class (connection exception,
   * transaction rollback, insufficient resources, operator intervention, system error, ...) and
   * errors without a SQLSTATE count as passing.
   */
  private static final Set<String> LASTING_CLASSES =
      Set.of("22", "23", "28", "3D", "3F", "42", "0A", "44");

  public SinkException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * PostgreSQL's SQLSTATE for a full disk ({@code disk_full}), given here to DuckDB's, which has
   * none: only the operating system's words in its message.
   */
  static final String DISK_FULL = "53100";

  /**
   * The SQLSTATE of the database error behind this one ({@link #DISK_FULL} for DuckDB's full disk),
   * or null.
   */
  public String sqlState() {
    for (Throwable t = getCause(); t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return s.getSQLState();
      }
    }
    return embeddedDiskFull() ? DISK_FULL : null;
  }

  /**
   * True when retrying the same write cannot succeed (see {@link #LASTING_CLASSES}), and when the
   * filesystem of an embedded database's file (DuckDB) is full: no server or operator is working on
   * it, and the consumer's reads of it keep succeeding, so waiting would not end. A PostgreSQL
   * server's full disk ({@code 53100}) stays passing: the consumer waits for it, up to its limit.
   */
  public boolean willNotPass() {
    String state = sqlState();
    return state != null
        && state.length() >= 2
        && (LASTING_CLASSES.contains(state.substring(0, 2)) || embeddedDiskFull());
  }

  private boolean embeddedDiskFull() {
    for (Throwable t = getCause(); t != null; t = t.getCause()) {
      if (t instanceof SQLException s
          && s.getSQLState() == null
          && s.getMessage() != null
          && s.getMessage().contains("No space left on device")) {
        return true;
      }
    }
    return false;
  }
}
