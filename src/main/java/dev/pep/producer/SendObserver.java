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
   * @param sentNanos {@link System#nanoTime()} just before {@code send}
   * @param ackedNanos {@link System#nanoTime()} in the acknowledgement's callback
   */
  void acknowledged(long sentNanos, long ackedNanos);
}
