package dev.pep.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL server's view of one consumer's connections, found by the {@code ApplicationName}
 * the test put in the consumer's JDBC URL: what they are doing, and a way to kill them ({@code
 * pg_terminate_backend}), as an administrator or a failing network would. Holds one connection of
 * its own; not thread-safe.
 */
final class PgBackends implements AutoCloseable {
  /** One backend of the consumer as {@code pg_stat_activity} shows it. */
  record Backend(int pid, String state, String query, boolean inTransaction) {
    /**
     * True while it is inside a transaction that writes and has not begun to commit: killed now,
     * the transaction is rolled back.
     */
    boolean writing() {
      // pg_stat_activity shows a transaction for any running statement, so the statement says
      // whether it is a sink write: the offset row's compare-and-set, the COPY, the insert.
      String q = query.trim().toUpperCase(java.util.Locale.ROOT);
      return inTransaction
          && (q.startsWith("UPDATE") || q.startsWith("INSERT") || q.startsWith("COPY"))
          && !q.contains("SCHEMA_HISTORY");
    }

    /** True while it runs a COMMIT. */
    boolean committing() {
      return "active".equals(state) && query.trim().equalsIgnoreCase("COMMIT");
    }

    @Override
    public String toString() {
      return pid + " " + state + (inTransaction ? " in transaction" : "") + " '" + query + "'";
    }
  }

  private final Connection admin;
  private final String application;

  PgBackends(String url, String application) throws SQLException {
    this.admin = DriverManager.getConnection(url);
    this.application = application;
  }

  /** The JDBC URL a consumer must use for its connections to be found here. */
  static String urlFor(String url, String application) {
    return url + (url.contains("?") ? "&" : "?") + "ApplicationName=" + application;
  }

  List<Backend> list() throws SQLException {
    List<Backend> out = new ArrayList<>();
    try (PreparedStatement ps =
        admin.prepareStatement(
            "SELECT pid, coalesce(state, ''), coalesce(left(query, 60), ''),"
                + " xact_start IS NOT NULL FROM pg_stat_activity WHERE application_name = ?"
                + " AND pid <> pg_backend_pid()")) {
      ps.setString(1, application);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Backend(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)));
        }
      }
    }
    return out;
  }

  /** Kills the backend; true if it was still there. */
  boolean terminate(Backend b) throws SQLException {
    try (PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
      ps.setInt(1, b.pid());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  /** Sum of the offsets the group has stored: how far the consumer has come (0 before any). */
  long progress(String offsetsTable, String group) {
    try (PreparedStatement ps =
        admin.prepareStatement(
            "SELECT coalesce(sum(next_offset), 0) FROM "
                + offsetsTable
                + " WHERE consumer_group = ?")) {
      ps.setString(1, group);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      return 0; // the table does not exist yet
    }
  }

  @Override
  public void close() throws SQLException {
    admin.close();
  }
}
