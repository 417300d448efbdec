package dev.pep.sink;

import static dev.pep.event.EventSchema.Field.UNIT_PRICE;

import dev.pep.retry.Backoff;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database sink (DuckDB or PostgreSQL, by its {@link Dialect}). Each {@link #write} is one
 * transaction: compare-and-set of the partition's offset row first (in PostgreSQL the update also
 * locks the row, so two consumers cannot both pass it), then a bulk load: straight into the events
 * table when the dialect can and no id of the batch is stored yet, otherwise into staging and one
 * set-based insert that skips event ids already stored. A lost connection is re-opened on the next
 * call ({@link JdbcSession}); every failure, a failed reconnect included, is a {@link
 * SinkException}.
 */
final class JdbcSink implements Sink {
  private static final Logger log = LoggerFactory.getLogger(JdbcSink.class);

  /** Decimal places of unit_price in the schema; {@link #refusal} names prices with more. */
  static final int PRICE_SCALE = UNIT_PRICE.sqlColumn().type().scale();

  /** Digits of unit_price in the schema; {@link #refusal} names larger prices. */
  static final int PRICE_PRECISION = UNIT_PRICE.sqlColumn().type().precision();

  private final Dialect dialect;
  private final String events;
  private final String offsets;
  private final JdbcSession session;

  JdbcSink(Dialect dialect, String eventsTable, String offsetsTable) {
    this.dialect = dialect;
    this.events = dev.pep.config.SinkConfig.requireTable(eventsTable, "PEP_EVENTS_TABLE");
    this.offsets = dev.pep.config.SinkConfig.requireTable(offsetsTable, "PEP_OFFSETS_TABLE");
    this.session = new JdbcSession(dialect, events, offsets);
  }

  @Override
  public Map<Integer, Long> storedOffsets(String group, String topic) {
    Map<Integer, Long> m = new HashMap<>();
    storedPositions(group, topic).forEach((p, s) -> m.put(p, s.next()));
    return m;
  }

  @Override
  public Map<Integer, StoredOffset> storedPositions(String group, String topic) {
    try (PreparedStatement ps =
        session
            .readOnly()
            .prepareStatement(
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
    } catch (SQLException e) {
      session.discard();
      throw new SinkException(
          "Cannot read the stored offsets from " + dialect.describe() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean forget(String group, String topic, int partition, StoredOffset stored) {
    try (PreparedStatement ps =
        session
            .readOnly()
            .prepareStatement(
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
    } catch (SQLException e) {
      session.discard();
      throw new SinkException(
          "Cannot delete the stored offset of "
              + topic
              + "-"
              + partition
              + " in "
              + dialect.describe()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public WriteResult write(
      String group,
      String topic,
      String topicId,
      int partition,
      long expectedNext,
      long newNext,
      List<StoredEvent> batch) {
    Connection c;
    try {
      c = session.get();
      c.setAutoCommit(false);
    } catch (SQLException e) {
      session.discard();
      throw new SinkException("Cannot reach " + dialect.describe() + ": " + e.getMessage(), e);
    }
    try {
      claim(c, group, topic, topicId, partition, expectedNext, newNext);
      int inserted = 0;
      if (!batch.isEmpty()) {
        Dialect.Direct direct = dialect.loadDirect(c, events, batch);
        if (direct == Dialect.Direct.ABORTED) {
          c.rollback();
          claim(c, group, topic, topicId, partition, expectedNext, newNext);
        }
        inserted = direct == Dialect.Direct.LOADED ? batch.size() : viaStaging(c, batch);
      }
      c.commit();
      return new WriteResult(inserted, batch.size() - inserted);
    } catch (SQLException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the connection is gone; the next call reconnects
      }
      session.discard();
      throw new SinkException(
          "Writing "
              + batch.size()
              + " events to "
              + dialect.describe()
              + " failed: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public WriteResult upsert(
      String group,
      String topic,
      String topicId,
      int partition,
      long expectedNext,
      long newNext,
      AggregateTable table,
      List<AggregateTable.Row> rows) {
    Connection c;
    try {
      c = session.get();
      c.setAutoCommit(false);
    } catch (SQLException e) {
      session.discard();
      throw new SinkException("Cannot reach " + dialect.describe() + ": " + e.getMessage(), e);
    }
    try {
      claim(c, group, topic, topicId, partition, expectedNext, newNext);
      int upserted = rows.isEmpty() ? 0 : AggregateUpserts.apply(c, events, partition, table, rows);
      c.commit();
      return new WriteResult(upserted, rows.size() - upserted);
    } catch (SQLException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the connection is gone; the next call reconnects
      }
      session.discard();
      throw new SinkException(
          "Upserting "
              + rows.size()
              + " rows into "
              + table.table(events)
              + " of "
              + dialect.describe()
              + " failed: "
              + e.getMessage(),
          e);
    }
  }

  /** Stages the batch and inserts the ids not stored yet; returns how many were inserted. */
  private int viaStaging(Connection c, List<StoredEvent> batch) throws SQLException {
    dialect.stage(c, events, batch);
    int inserted;
    try (Statement s = c.createStatement()) {
      inserted = s.executeUpdate(dialect.insertFromStaging(events));
    }
    dialect.clearStaging(c, events);
    return inserted;
  }

  /**
   * Moves the stored offset from {@code expectedNext} to {@code newNext} in the transaction, or
   * rolls it back and throws {@link StaleOffsetException} when it is no longer {@code
   * expectedNext}.
   */
  private void claim(
      Connection c,
      String group,
      String topic,
      String topicId,
      int partition,
      long expectedNext,
      long newNext)
      throws SQLException {
    if (moveOffset(c, group, topic, topicId, partition, expectedNext, newNext) != 1) {
      c.rollback();
      throw new StaleOffsetException(
          "The stored offset of "
              + topic
              + "-"
              + partition
              + " (group "
              + group
              + ") is no longer "
              + expectedNext
              + ": another consumer wrote it; this batch was not written");
    }
  }

  /**
   * The compare-and-set. With a topic id, a row stored for another topic id is not the expected
   * one; a row stored without an id (before ids were kept) is, and gets the id.
   */
  private int moveOffset(
      Connection c,
      String group,
      String topic,
      String topicId,
      int partition,
      long expectedNext,
      long newNext)
      throws SQLException {
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

  @Override
  public String refusal(dev.pep.event.PurchaseEvent e) {
    return priceRefusal(e.unitPrice());
  }

  /** Why {@code price} does not fit unit_price's SQL type exactly, or null when it does. */
  static String priceRefusal(BigDecimal price) {
    if (price.scale() > PRICE_SCALE) {
      return UNIT_PRICE.column()
          + " "
          + price
          + " has more than "
          + PRICE_SCALE
          + " decimal places";
    }
    if (price.precision() - price.scale() > PRICE_PRECISION - PRICE_SCALE) {
      return UNIT_PRICE.column()
          + " "
          + price.toPlainString()
          + " has more than "
          + (PRICE_PRECISION - PRICE_SCALE)
          + " digits before the decimal point";
    }
    return null;
  }

  @Override
  public boolean holdsOffsets() {
    return true;
  }

  /** Attempts at the report's queries when the database fails in a way that passes. */
  static final int REPORT_ATTEMPTS = 5;

  /**
   * The report, its queries retried with backoff (100 ms, doubling) when the database fails in a
   * way that passes, e.g. a connection lost after the last write: the events are stored by then,
   * and the run should not fail on the way to saying so.
   */
  @Override
  public SinkReport report() {
    Backoff backoff = Backoff.doubling(100, Long.MAX_VALUE);
    for (int attempt = 1; ; attempt++) {
      try {
        return queryReport();
      } catch (SinkException e) {
        if (e.willNotPass() || attempt >= REPORT_ATTEMPTS) {
          throw e;
        }
        log.warn("{}; retrying in {} ms", e.getMessage(), backoff.nextMillis());
        try {
          backoff.pause();
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private SinkReport queryReport() {
    try {
      Connection c = session.get();
      c.setAutoCommit(true);
      return ReportQuery.run(c, events);
    } catch (SQLException e) {
      session.discard(); // the next attempt reconnects
      throw new SinkException(
          "Cannot query " + dialect.describe() + " for the report: " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return dialect.describe();
  }

  @Override
  public void close() {
    session.close();
  }
}
