package dev.pep.metrics;

import dev.pep.config.SinkConfig;
import dev.pep.config.SinkType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads the consumer's offsets table (PEP_OFFSETS_TABLE) on a connection of its own, the offsets
 * pep trusts: the next offset each group stored per partition with its rows, and when that row was
 * last moved ({@code updated_at}, set by every offset compare-and-set). Read-only; not thread-safe.
 * A DuckDB file opened by this process is shared with the sink (DuckDB's JDBC driver keeps one
 * database per file in a process); from another process it is opened read-only.
 */
public final class OffsetsTable implements AutoCloseable {
  /** One stored offset: the next offset {@code group} reads from {@code topic}'s partition. */
  public record Row(
      String group, String topic, int partition, long nextOffset, Instant updatedAt) {}

  private final SinkConfig sink;
  private final boolean readOnly;
  private Connection connection;

  /**
   * @param readOnly open a DuckDB file read-only (for a process that does not hold the sink)
   * @throws IllegalArgumentException the sink holds no offsets (JSON lines)
   */
  public OffsetsTable(SinkConfig sink, boolean readOnly) {
    if (sink.sink() == SinkType.JSONL) {
      throw new IllegalArgumentException("the jsonl sink stores no offsets");
    }
    this.sink = sink;
    this.readOnly = readOnly;
  }

  /** A name for messages, without secrets. */
  public String describe() {
    return sink.sink() == SinkType.DUCKDB
        ? "duckdb " + sink.duckdbFile()
        : "postgres " + dev.pep.config.Secrets.hideUrlPassword(sink.dbUrl());
  }

  /**
   * The stored offsets of {@code topic}, of one group or (null) of every group, by group and
   * partition. A table not created yet reads as empty.
   *
   * @throws SQLException the database cannot be reached or read; the next call reconnects
   */
  public List<Row> read(String group, String topic) throws SQLException {
    String sql =
        "SELECT consumer_group, kafka_partition, next_offset, updated_at FROM "
            + SinkConfig.requireTable(sink.offsetsTable(), "PEP_OFFSETS_TABLE")
            + " WHERE topic = ?"
            + (group == null ? "" : " AND consumer_group = ?")
            + " ORDER BY consumer_group, kafka_partition";
    try {
      Connection c = connection();
      if (!tableExists(c)) {
        return List.of();
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, topic);
        if (group != null) {
          ps.setString(2, group);
        }
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Timestamp t = rs.getTimestamp(4);
            rows.add(
                new Row(
                    rs.getString(1),
                    topic,
                    rs.getInt(2),
                    rs.getLong(3),
                    t == null ? null : t.toInstant()));
          }
        }
        return rows;
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
  }

  private boolean tableExists(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
                + (sink.sink() == SinkType.POSTGRES
                    ? " AND table_schema = ANY (current_schemas(false))"
                    : ""))) {
      ps.setString(1, sink.offsetsTable());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getLong(1) > 0;
      }
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      Properties p = new Properties();
      String url;
      if (sink.sink() == SinkType.DUCKDB) {
        url = "jdbc:duckdb:" + sink.duckdbFile().toAbsolutePath();
        if (readOnly) {
          p.setProperty("duckdb.read_only", "true");
        }
      } else {
        url = sink.dbUrl();
        if (sink.dbPassword() != null && !sink.dbPassword().isEmpty()) {
          p.setProperty("password", sink.dbPassword());
        }
        p.setProperty("ApplicationName", "pep-metrics");
        // A stopped server must fail a probe in seconds, not hang it.
        p.setProperty("connectTimeout", "3");
        p.setProperty("loginTimeout", "3");
        p.setProperty("socketTimeout", "5");
      }
      connection = DriverManager.getConnection(url, p);
      if (sink.sink() == SinkType.POSTGRES) {
        connection.setReadOnly(true);
      }
    }
    return connection;
  }

  @Override
  public void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // closing a broken connection: nothing to do
      }
      connection = null;
    }
  }
}
