package dev.pep.sink;

import static dev.pep.event.EventSchema.Field.UNIT_PRICE;

import dev.pep.retry.Backoff;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database sink (DuckDB or PostgreSQL, by its {@link Dialect}). Each {@link #write} is one
 * transaction: compare-and-set of the partition's offset row first ({@link OffsetsTable}; in
 * PostgreSQL the update also locks the row, so two consumers cannot both pass it), then a bulk
 * load: straight into the events table when the dialect can and no id of the batch is stored yet,
 * otherwise into staging and one set-based insert that skips event ids already stored. A lost
 * connection is re-opened on the next call ({@link JdbcSession}); every failure, a failed reconnect
 * included, is a {@link SinkException}.
 */
final class JdbcSink implements Sink {
  private static final Logger log = LoggerFactory.getLogger(JdbcSink.class);

  /** Decimal places of unit_price in the schema; {@link #refusal} names prices with more. */
  static final int PRICE_SCALE = UNIT_PRICE.sqlColumn().type().scale();

  /** Digits of unit_price in the schema; {@link #refusal} names larger prices. */
  static final int PRICE_PRECISION = UNIT_PRICE.sqlColumn().type().precision();

  private final Dialect dialect;
  private final String events;
  private final OffsetsTable offsets;
  private final JdbcSession session;

  JdbcSink(Dialect dialect, String eventsTable, String offsetsTable) {
    this.dialect = dialect;
    this.events = dev.pep.config.SinkConfig.requireTable(eventsTable, "PEP_EVENTS_TABLE");
    String offsetsName = dev.pep.config.SinkConfig.requireTable(offsetsTable, "PEP_OFFSETS_TABLE");
    this.offsets = new OffsetsTable(offsetsName);
    this.session = new JdbcSession(dialect, events, offsetsName);
  }

  @Override
  public Map<Integer, Long> storedOffsets(String group, String topic) {
    Map<Integer, Long> m = new HashMap<>();
    storedPositions(group, topic).forEach((p, s) -> m.put(p, s.next()));
    return m;
  }

  @Override
  public Map<Integer, StoredOffset> storedPositions(String group, String topic) {
    try {
      return offsets.positions(session.readOnly(), group, topic);
    } catch (SQLException e) {
      session.discard();
      throw new SinkException(
          "Cannot read the stored offsets from " + dialect.describe() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean forget(String group, String topic, int partition, StoredOffset stored) {
    try {
      return offsets.forget(session.readOnly(), group, topic, partition, stored);
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
    OffsetsTable.Claim claim =
        new OffsetsTable.Claim(group, topic, topicId, partition, expectedNext, newNext);
    return inTransaction(
        claim,
        () -> "Writing " + batch.size() + " events to " + dialect.describe(),
        c -> {
          int inserted = 0;
          if (!batch.isEmpty()) {
            Dialect.Direct direct = dialect.loadDirect(c, events, batch);
            if (direct == Dialect.Direct.ABORTED) {
              c.rollback();
              offsets.claim(c, claim);
            }
            inserted = direct == Dialect.Direct.LOADED ? batch.size() : viaStaging(c, batch);
          }
          return new WriteResult(inserted, batch.size() - inserted);
        });
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
    return inTransaction(
        new OffsetsTable.Claim(group, topic, topicId, partition, expectedNext, newNext),
        () ->
            "Upserting "
                + rows.size()
                + " rows into "
                + table.table(events)
                + " of "
                + dialect.describe(),
        c -> {
          int upserted =
              rows.isEmpty() ? 0 : AggregateUpserts.apply(c, events, partition, table, rows);
          return new WriteResult(upserted, rows.size() - upserted);
        });
  }

  /** What a transaction does after its claim on the offset, on the transaction's connection. */
  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * One transaction: {@code claim} on the offsets table first, then {@code work}, then the commit.
   * A {@link StaleOffsetException} of the claim passes through (the claim rolled back); any {@link
   * SQLException} rolls back, discards the session and is a {@link SinkException} saying "{@code
   * whatFailed} failed".
   */
  private <T> T inTransaction(OffsetsTable.Claim claim, Supplier<String> whatFailed, Work<T> work) {
    Connection c;
    try {
      c = session.get();
      c.setAutoCommit(false);
    } catch (SQLException e) {
      session.discard();
      throw new SinkException("Cannot reach " + dialect.describe() + ": " + e.getMessage(), e);
    }
    try {
      offsets.claim(c, claim);
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the connection is gone; the next call reconnects
      }
      session.discard();
      throw new SinkException(whatFailed.get() + " failed: " + e.getMessage(), e);
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

  @Override
  public RowEncoder rowEncoder() {
    return dialect.rowEncoder();
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
