package dev.pep.sink;

import dev.pep.event.PurchaseEvent;

/**
 * An event with the Kafka position it was read from: as an event object, or, for a sink that gave
 * the consumer a {@link Sink.RowEncoder}, as the row that encoder made of the record's value (then
 * {@code event} is null).
 *
 * @param row the sink's own encoding of the event and its position; null for an event object
 */
public record StoredEvent(PurchaseEvent event, int partition, long offset, byte[] row) {

  public StoredEvent(PurchaseEvent event, int partition, long offset) {
    this(event, partition, offset, null);
  }

  /** An event its sink's encoder made a row of. */
  public static StoredEvent encoded(byte[] row, int partition, long offset) {
    return new StoredEvent(null, partition, offset, row);
  }
}
