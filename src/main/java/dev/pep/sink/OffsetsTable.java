package dev.pep.sink;

import dev.pep.sink.Sink.StoredOffset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The SQL on the offsets table of a {@link JdbcSink}: a partition's next offset per consumer group
 * and topic, read, deleted, and moved by compare-and-set ({@link #claim}) inside the transaction
 * that stores the partition's rows, which is what makes delivery exactly once. Runs on the
 * connection it is given and leaves reconnecting and the messages of failures to the sink.
 */
final class OffsetsTable {
  private final String offsets;

  /**
   * @param table the offsets table's name, already checked ({@link
   *     dev.pep.config.SinkConfig#requireTable})
   */
  OffsetsTable(String table) {
    this.offsets = table;
  }

  /**
   * A move of a partition's offset from {@code expectedNext} (-1: none stored yet) to {@code
   * newNext}, stored with {@code topicId} when it is not null.
   */
  record Claim(
      String group, String topic, String topicId, int partition, long expectedNext, long newNext) {}

  /** Partition → stored position, for the partitions of {@code topic} stored for {@code group}. */
  Map<Integer, StoredOffset> positions(Connection c, String group, String topic)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT kafka_partition, next_offset, topic_id FROM "
                + offsets
                + " WHERE consumer_group = ? AND topic = ?")) {
      ps.setString(1, group);
      ps.setString(2, topic);
      Map<Integer, StoredOffset> m = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          m.put(rs.getInt(1), new StoredOffset(rs.getLong(2), rs.getString(3)));
        }
      }
      return m;
    }
  }

  /** Deletes the partition's row if it is still {@code stored}; true when it did. */
  boolean forget(Connection c, String group, String topic, int partition, StoredOffset stored)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM "
                + offsets
                + " WHERE consumer_group = ? AND topic = ? AND kafka_partition = ?"
                + " AND next_offset = ? AND "
                + (stored.topicId() == null ? "topic_id IS NULL" : "topic_id = ?"))) {
      ps.setString(1, group);
      ps.setString(2, topic);
      ps.setInt(3, partition);
      ps.setLong(4, stored.next());
      if (stored.topicId() != null) {
        ps.setString(5, stored.topicId());
      }
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * Moves the stored offset as {@code claim} says in the transaction of {@code c}, or rolls it back
   * and throws {@link StaleOffsetException} when it is no longer {@code claim.expectedNext()}.
   */
  void claim(Connection c, Claim claim) throws SQLException {
    if (move(c, claim) != 1) {
      c.rollback();
      throw new StaleOffsetException(
          "The stored offset of "
              + claim.topic()
              + "-"
              + claim.partition()
              + " (group "
              + claim.group()
              + ") is no longer "
              + claim.expectedNext()
              + ": another consumer wrote it; this batch was not written");
    }
  }

  /**
   * The compare-and-set. With a topic id, a row stored for another topic id is not the expected
   * one; a row stored without an id (before ids were kept) is, and gets the id.
   */
  private int move(Connection c, Claim claim) throws SQLException {
    String group = claim.group();
    String topic = claim.topic();
    String topicId = claim.topicId();
    int partition = claim.partition();
    long expectedNext = claim.expectedNext();
    long newNext = claim.newNext();
    if (expectedNext < 0) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO "
                  + offsets
                  + " (consumer_group, topic, kafka_partition, next_offset, topic_id)"
                  + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, group);
        ps.setString(2, topic);
        ps.setInt(3, partition);
        ps.setLong(4, newNext);
        ps.setString(5, topicId);
        return ps.executeUpdate();
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + offsets
                + " SET next_offset = ?, updated_at = CURRENT_TIMESTAMP"
                + (topicId == null ? "" : ", topic_id = ?")
                + " WHERE consumer_group = ? AND topic = ? AND kafka_partition = ?"
                + " AND next_offset = ?"
                + (topicId == null ? "" : " AND (topic_id IS NULL OR topic_id = ?)"))) {
      int i = 1;
      ps.setLong(i++, newNext);
      if (topicId != null) {
        ps.setString(i++, topicId);
      }
      ps.setString(i++, group);
      ps.setString(i++, topic);
      ps.setInt(i++, partition);
      ps.setLong(i++, expectedNext);
      if (topicId != null) {
        ps.setString(i, topicId);
      }
      return ps.executeUpdate();
    }
  }
}
