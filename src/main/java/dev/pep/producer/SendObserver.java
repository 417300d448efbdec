package dev.pep.producer;

/**
 * Told of each acknowledged send, for measurements ({@code pep bench}). Called on the producer's
 * network thread, once per record, so an implementation must be cheap and must not block; it is
 * never called concurrently for one {@link CsvProducer} run, and its state may be read once {@link
 * CsvProducer#run} has returned (the producer is closed by then).
 */
@FunctionalInterface
public interface SendObserver {
  /**
   * @param latencyNanos from just before {@code send} to the acknowledgement's callback ({@link
   *     System#nanoTime()})
   */
  void acknowledged(long latencyNanos);
}
