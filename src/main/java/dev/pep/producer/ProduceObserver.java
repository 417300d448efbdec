package dev.pep.producer;

import dev.pep.event.Reject;
import org.apache.kafka.clients.producer.Producer;

/**
 * Told what a {@link CsvProducer} run does, for monitoring. Every method has an empty default, and
 * {@link #NONE} (the default of a run) does nothing, so a run without an observer behaves as
 * before. Called on the sending thread (never concurrently for one run); an implementation must be
 * quick and must not throw.
 */
public interface ProduceObserver {
  /** Observes nothing. */
  ProduceObserver NONE = new ProduceObserver() {};

  /** A transactional producer was created (one per attempt); it is closed after {@link #closed}. */
  default void opened(Producer<?, ?> producer) {}

  /** The producer {@link #opened} is about to be closed. */
  default void closed(Producer<?, ?> producer) {}

  /**
   * {@code rows} more rows were read and handled (sent, skipped after a checkpoint or rejected).
   */
  default void rowsRead(long rows) {}

  /** {@code events} more events were handed to the producer. */
  default void sent(long events) {}

  /** A row was rejected and written to the rejects file. */
  default void rejected(Reject reject) {}

  /**
   * A transaction committed, holding {@code events} events and a checkpoint.
   *
   * @param nanos how long the commit took
   */
  default void committed(long events, long nanos) {}

  /** The open transaction was aborted. */
  default void aborted() {}
}
