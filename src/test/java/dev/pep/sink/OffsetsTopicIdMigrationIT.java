package dev.pep.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pep.consumer.Postgres;
import dev.pep.sink.Sink.StoredOffset;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration V3 (the topic id beside each stored offset) upgrades a database the previous pep made:
 * the tables are created with migrations V1 and V2 only and an offset row is stored the old way (no
 * topic id); opening the sink of this version adds the column, keeps the row (without an id), and
 * its writes then store the topic id, refuse a row of another topic id, and forget one.
 */
class OffsetsTopicIdMigrationIT {
  private static final int PREVIOUS_VERSIONS = 2;

  @TempDir Path tmp;

  @Test
  void aDuckDbFileOfThePreviousVersionIsUpgraded() throws Exception {
    Path file = tmp.resolve("old.duckdb");
    String url = "jdbc:duckdb:" + file;
    createTheOldWay(new DuckDbDialect(file), url, "events");
    try (JdbcSink sink = new JdbcSink(new DuckDbDialect(file), "events", "events_offsets")) {
      assertUpgraded(sink);
    }
    assertHistory(url, "events");
  }

  @Test
  void aPostgresDatabaseOfThePreviousVersionIsUpgraded() throws Exception {
    String url = Postgres.requireUrl();
    String table = Postgres.freshTables("it_upgrade");
    try {
      createTheOldWay(new PostgresDialect(url, null), url, table);
      try (JdbcSink sink =
          new JdbcSink(new PostgresDialect(url, null), table, table + "_offsets")) {
        assertUpgraded(sink);
      }
      assertHistory(url, table);
    } finally {
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + table + ", " + table + "_offsets");
        s.execute("DELETE FROM pep_schema_history WHERE scope = '" + scope(table) + "'");
      }
    }
  }

  /** The schema of the previous pep (its migrations), and an offset row as it stored one. */
  private static void createTheOldWay(Dialect dialect, String url, String table)
      throws SQLException {
    try (Connection c = dialect.connect()) {
      Migrations.apply(c, dialect, table, table + "_offsets", PREVIOUS_VERSIONS);
    }
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      assertThat(columns(c, table + "_offsets")).doesNotContain("topic_id");
      s.execute(
          "INSERT INTO "
              + table
              + "_offsets (consumer_group, topic, kafka_partition, next_offset)"
              + " VALUES ('g', 't', 0, 42)");
    }
  }

  private static void assertUpgraded(JdbcSink sink) {
    // The old row stays, without an id.
    assertThat(sink.storedPositions("g", "t"))
        .containsExactly(Map.entry(0, new StoredOffset(42, null)));
    assertThat(sink.storedOffsets("g", "t")).containsExactly(Map.entry(0, 42L));

    // The next write from it stores the topic's id.
    sink.write("g", "t", "id-A", 0, 42, 50, List.of());
    assertThat(sink.storedPositions("g", "t"))
        .containsExactly(Map.entry(0, new StoredOffset(50, "id-A")));

    // A writer that read another topic of the same name does not match the row.
    assertThatThrownBy(() -> sink.write("g", "t", "id-B", 0, 50, 60, List.of()))
        .isInstanceOf(StaleOffsetException.class);
    // A write without an id keeps the stored one.
    sink.write("g", "t", 0, 50, 55, List.of());
    assertThat(sink.storedPositions("g", "t"))
        .containsExactly(Map.entry(0, new StoredOffset(55, "id-A")));

    // Forgetting is a compare-and-set too.
    assertThat(sink.forget("g", "t", 0, new StoredOffset(55, "id-B"))).isFalse();
    assertThat(sink.forget("g", "t", 0, new StoredOffset(54, "id-A"))).isFalse();
    assertThat(sink.forget("g", "t", 0, new StoredOffset(55, "id-A"))).isTrue();
    assertThat(sink.storedPositions("g", "t")).isEmpty();
    sink.write("g", "t", "id-B", 0, -1, 7, List.of());
    assertThat(sink.storedPositions("g", "t"))
        .containsExactly(Map.entry(0, new StoredOffset(7, "id-B")));
  }

  /**
   * Each migration recorded once, in order: V1 and V2 by the old schema, V3 and any later one by
   * the upgrade.
   */
  private static void assertHistory(String url, String table) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT version, script FROM pep_schema_history WHERE scope = '"
                    + scope(table)
                    + "' ORDER BY version")) {
      StringBuilder history = new StringBuilder();
      int rows = 0;
      while (rs.next()) {
        rows++;
        assertThat(rs.getInt(1)).as("versions in order, each once: " + history).isEqualTo(rows);
        history.append(rs.getInt(1)).append(' ').append(rs.getString(2)).append(';');
      }
      assertThat(history.toString())
          .startsWith("1 V1__events_and_offsets;2 V2__event_id_bytewise;3 V3__offsets_topic_id;");
    }
  }

  private static String scope(String table) {
    return table + "/" + table + "_offsets";
  }

  private static List<String> columns(Connection c, String table) throws SQLException {
    try (ResultSet rs = c.getMetaData().getColumns(null, null, table, null)) {
      List<String> names = new java.util.ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString("COLUMN_NAME"));
      }
      assertThat(names).as("columns of " + table).contains("next_offset");
      return names;
    }
  }
}
