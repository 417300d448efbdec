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
   * Stores {@code events} (all from {@code partition}) and moves the partition's offset from {@code
   * expectedNext} (-1: none stored yet) to {@code newNext}, in one transaction.
   *
   * @throws StaleOffsetException the stored offset is not {@code expectedNext}: another consumer
   *     owns the partition now, or an earlier commit landed; nothing was written
   * @throws SinkException the database failed; whether the batch landed is unknown until {@link
   *     #storedOffsets} is read again
   */
  WriteResult write(
      String group,
      String topic,
      int partition,
      long expectedNext,
      long newNext,
      List<StoredEvent> events);

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
}
