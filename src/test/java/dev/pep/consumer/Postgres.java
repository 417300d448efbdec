package dev.pep.consumer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pep.config.ConfigLoader;
import dev.pep.config.SinkConfig;
import dev.pep.sink.Sink;
import dev.pep.sink.Sinks;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The real PostgreSQL server of the integration tests: {@code PEP_TEST_POSTGRES_URL}, by default
 * the local one. When none answers the tests are skipped, except under {@code CI=true}, where they
 * fail: CI must prove the PostgreSQL sink.
 */
public final class Postgres {
  public static final String URL =
      System.getenv()
          .getOrDefault(
              "PEP_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  private Postgres() {}

  public static String requireUrl() {
    try (Connection c = DriverManager.getConnection(URL)) {
      return URL;
    } catch (SQLException e) {
      String why = "PostgreSQL at " + URL + " does not answer: " + e.getMessage();
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(why + " (CI=true: the PostgreSQL tests must run)", e);
      }
      assumeTrue(false, "Skipped: " + why);
      return null;
    }
  }

  /** A table name no earlier run used; its tables are dropped first if they exist. */
  public static String freshTables(String prefix) throws SQLException {
    String table = prefix + "_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    try (Connection c = DriverManager.getConnection(URL);
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table + ", " + table + "_offsets");
    }
    return table;
  }

  /** The postgres sink at {@code url}, tables {@code table} and {@code table_offsets}. */
  public static SinkConfig sinkConfig(Path dir, String url, String table) {
    Map<String, String> flags =
        Map.of(
            "PEP_SINK",
            "postgres",
            "PEP_DB_URL",
            url,
            "PEP_EVENTS_TABLE",
            table,
            "PEP_OFFSETS_TABLE",
            table + "_offsets");
    return ConfigLoader.load(new ConfigLoader.Sources(null, dir, Map.of(), flags)).toSinkConfig();
  }

  /**
   * Creates pep's own tables {@code table} and {@code table_offsets} (by opening the sink, which
   * runs the migrations), with a deferred trigger on the offsets table that sleeps {@code seconds}
   * for each offset row a transaction wrote, at COMMIT: the consumer's commits then last, so a
   * fault can land inside one, and a load takes long enough for a fault to land before it is
   * written.
   */
  public static void createTablesWithSlowCommits(Path dir, String url, String table, double seconds)
      throws SQLException {
    try (Sink sink = Sinks.open(sinkConfig(dir, url, table))) {
      sink.describe(); // opening ran the migrations
    }
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE FUNCTION "
              + table
              + "_slow() RETURNS trigger LANGUAGE plpgsql AS"
              + " $$ BEGIN PERFORM pg_sleep("
              + seconds
              + "); RETURN NULL; END $$");
      s.execute(
          "CREATE CONSTRAINT TRIGGER "
              + table
              + "_slow AFTER INSERT OR UPDATE ON "
              + table
              + "_offsets DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "
              + table
              + "_slow()");
    }
  }

  /** Rows in {@code table}; 0 while it does not exist yet. */
  public static long count(String url, String table) {
    try (Connection c = DriverManager.getConnection(url)) {
      return Long.parseLong(scalar(c, "SELECT count(*) FROM " + table));
    } catch (SQLException e) {
      return 0; // not created yet
    }
  }

  /** The first column of the first row of {@code sql}, as text. */
  public static String scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
