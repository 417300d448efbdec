package dev.pep.sink;

import java.util.List;
import java.util.Map;

/**
 * Where consumed events land. The contract that makes delivery exactly once: {@link #write} stores
 * a batch of one partition's events <em>and</em> that partition's next offset atomically, with a
 * compare-and-set on the offset, and {@link #storedOffsets} is where a consumer resumes. Events are
 * unique by event id: one already stored is skipped and counted, not stored twice.
 *
 * <p>Not thread-safe: one consumer thread per sink. A sink that cannot hold offsets (JSON lines)
 * returns none, and its consumer falls back to Kafka's committed offsets (at least once).
 */
public interface Sink extends AutoCloseable {

  /** Partition → next offset to read, for the partitions of {@code topic} this sink has seen. */
  Map<Integer, Long> storedOffsets(String group, String topic);

  /**
   * Partition → next offset to read and the id of the topic it was read from, in one read. A sink
   * that keeps no topic ids answers with {@link #storedOffsets} and null ids.
   */
  default Map<Integer, StoredOffset> storedPositions(String group, String topic) {
    Map<Integer, StoredOffset> m = new java.util.HashMap<>();
    storedOffsets(group, topic).forEach((p, next) -> m.put(p, new StoredOffset(next, null)));
    return m;
  }

  /**
   * Deletes the stored offset of {@code partition} if it is still {@code stored}: the topic it was
   * read from was deleted (the topic under that name now has another id), and the partition is to
   * be read from its beginning. Returns false, changing nothing, when the row moved meanwhile.
   */
  default boolean forget(String group, String topic, int partition, StoredOffset stored) {
    return false;
  }

  /**
   * Stores {@code events} (all from {@code partition}) and moves the partition's offset from {@code
   * expectedNext} (-1: none stored yet) to {@code newNext}, in one transaction. With a {@code
   * topicId} (Kafka's id of the topic the events were read from), the offset is stored with it, and
   * a row stored for another topic id does not match {@code expectedNext}.
   *
   * @throws StaleOffsetException the stored offset is not {@code expectedNext}: another consumer
   *     owns the partition now, or an earlier commit landed; nothing was written
   * @throws SinkException the database failed; whether the batch landed is unknown until {@link
   *     #storedOffsets} is read again
   */
  WriteResult write(
      String group,
      String topic,
      String topicId,
      int partition,
      long expectedNext,
      long newNext,
      List<StoredEvent> events);

  /** {@link #write} without a topic id: the stored id, if any, is kept (tools and tests). */
  default WriteResult write(
      String group,
      String topic,
      int partition,
      long expectedNext,
      long newNext,
      List<StoredEvent> events) {
    return write(group, topic, null, partition, expectedNext, newNext, events);
  }

  /**
   * Upserts rows of an aggregate's output topic into its {@link AggregateTable} (all from {@code
   * partition}, in offset order) and moves the partition's offset, in one transaction, with the
   * compare-and-set of {@link #write}.
   *
   * @throws StaleOffsetException the stored offset is not {@code expectedNext}; nothing was written
   * @throws SinkException the database failed, or this sink has no tables (jsonl)
   */
  default WriteResult upsert(
      String group,
      String topic,
      String topicId,
      int partition,
      long expectedNext,
      long newNext,
      AggregateTable table,
      List<AggregateTable.Row> rows) {
    throw new SinkException(
        describe() + " has no tables for the aggregates: use the duckdb or postgres sink", null);
  }

  /**
   * An encoder of record values straight into this sink's rows, for a sink that stores them without
   * an event object per row (PostgreSQL's binary {@code COPY}); null for the others. The consumer
   * then hands {@link #write} {@link StoredEvent#encoded} rows for the values it encoded, and event
   * objects for the rest. A new encoder per call, for one thread.
   */
  default RowEncoder rowEncoder() {
    return null;
  }

  /** See {@link #rowEncoder}. */
  @FunctionalInterface
  interface RowEncoder {
    /**
     * The row of the event {@code json} holds, read from {@code partition} at {@code offset}; null
     * when it is not encoded this way (not in pep's exact JSON, or a value the sink would refuse):
     * the caller then reads it the general way, which says why a record is bad.
     */
    byte[] encode(byte[] json, int partition, long offset);
  }

  /**
   * Why this sink cannot store {@code event} exactly (e.g. more decimal places than its column), or
   * null when it can. Such an event goes to the dead-letter topic instead of failing the batch.
   */
  default String refusal(dev.pep.event.PurchaseEvent event) {
    return null;
  }

  /** True when offsets live in the sink (exactly once); false for sinks without transactions. */
  boolean holdsOffsets();

  /** What the sink holds, for the end-of-run report; null for sinks that cannot be queried. */
  SinkReport report();

  /** A name for messages, e.g. "duckdb .pep/events.duckdb" (no secrets). */
  String describe();

  @Override
  void close();

  /**
   * @param inserted events stored by this batch
   * @param duplicates events skipped because their id was already stored
   */
  record WriteResult(int inserted, int duplicates) {}

  /**
   * A partition's stored position.
   *
   * @param next the next offset to read
   * @param topicId Kafka's id of the topic the offset was read from; null when it was stored
   *     without one (by a pep before topic ids were kept)
   */
  record StoredOffset(long next, String topicId) {}
}
