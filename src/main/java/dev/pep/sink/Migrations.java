package dev.pep.sink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema migrations: SQL scripts under {@code db/migration/<dialect>/} applied in order,
 * once each, recorded in {@code pep_schema_history} (per set of table names). A small runner of our
 * own rather than Flyway because Flyway has no DuckDB support and the sinks must share one
 * mechanism; the scripts stay plain SQL with {@code ${events}} / {@code ${offsets}} placeholders.
 * The events table they make has the columns of {@link dev.pep.event.EventSchema#STORED_COLUMNS}
 * (StoredColumnsIT reads it back from both databases).
 */
final class Migrations {
  /** Every migration, oldest first; a new one is appended, never edited. */
  static final List<String> SCRIPTS =
      List.of(
          "V1__events_and_offsets",
          "V2__event_id_bytewise",
          "V3__offsets_topic_id",
          "V4__aggregate_tables");

  private Migrations() {}

  static void apply(Connection c, Dialect dialect, String events, String offsets)
      throws SQLException {
    apply(c, dialect, events, offsets, SCRIPTS.size());
  }

  /**
   * Applies the first {@code versions} migrations only: the schema an earlier pep made (tests of
   * the upgrade).
   */
  static void apply(Connection c, Dialect dialect, String events, String offsets, int versions)
      throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      dialect.lockForMigration(c);
      s.execute(
          "CREATE TABLE IF NOT EXISTS pep_schema_history (scope VARCHAR(200) NOT NULL,"
              + " version INTEGER NOT NULL, script VARCHAR(200) NOT NULL,"
              + " applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,"
              + " PRIMARY KEY (scope, version))");
      String scope = events + "/" + offsets;
      for (int i = 0; i < versions; i++) {
        int version = i + 1;
        if (applied(c, scope, version)) {
          continue;
        }
        String sql =
            load(dialect.name(), SCRIPTS.get(i))
                .replace("${events}", events)
                .replace("${offsets}", offsets);
        for (String statement : sql.split(";\\s*(\\r?\\n|$)")) {
          if (!statement.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"))) {
            s.execute(statement);
          }
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO pep_schema_history (scope, version, script) VALUES (?, ?, ?)")) {
          ps.setString(1, scope);
          ps.setInt(2, version);
          ps.setString(3, SCRIPTS.get(i));
          ps.executeUpdate();
        }
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  private static boolean applied(Connection c, String scope, int version) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM pep_schema_history WHERE scope = ? AND version = ?")) {
      ps.setString(1, scope);
      ps.setInt(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static String load(String dialect, String script) {
    String path = "/db/migration/" + dialect + "/" + script + ".sql";
    try (InputStream in = Migrations.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Migration " + path + " is missing from the pep jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read migration " + path, e);
    }
  }
}
