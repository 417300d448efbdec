package dev.pep.consumer;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Told what a {@link SinkConsumer} run does, for monitoring. Every method has an empty default, and
 * {@link #NONE} (the default) does nothing, so a run without an observer behaves as before. {@link
 * #batchWritten} runs on the sink writer's thread, the others on the consuming thread; an
 * implementation must be thread-safe, quick, and must not throw.
 */
public interface ConsumeObserver {
  /** Observes nothing. */
  ConsumeObserver NONE = new ConsumeObserver() {};

  /** The group member's Kafka consumer was created; it is closed after {@link #closed}. */
  default void opened(Consumer<?, ?> consumer) {}

  /** The consumer {@link #opened} is about to be closed. */
  default void closed(Consumer<?, ?> consumer) {}

  /**
   * A batch's outcome was applied, counted as the run's summary counts it.
   *
   * @param records records the batch covered, dead letters included
   * @param written events the sink stored
   * @param duplicates events the sink skipped because it held their id
   */
  default void applied(TopicPartition tp, int records, long written, long duplicates) {}

  /**
   * One write into the sink (one database transaction, retries included) ended.
   *
   * @param nanos how long it took
   */
  default void batchWritten(TopicPartition tp, long nanos) {}

  /** A record was sent to the dead-letter topic. */
  default void deadLettered() {}
}
