package dev.pep.event;

import dev.pep.event.EventSchema.Field;
import java.time.OffsetDateTime;

/**
 * One event's JSON as pep writes it, read in place: where each text field's characters lie in the
 * bytes, and its numbers and date parsed, without an event object or a string per field. For a sink
 * that stores the bytes as they are (PostgreSQL's binary {@code COPY}); the text is printable ASCII
 * with nothing escaped, so its bytes are its UTF-8. Anything else is not read here ({@link #read}
 * answers false) and goes the general way, {@link EventJson.Reader}, which says why a record is
 * bad. One thread at a time; what {@link #read} found holds until the next call.
 */
public final class EventBytes {
  private final ExactShapeReader reader = new ExactShapeReader();

  /**
   * Reads {@code json}; false when it is not in pep's exact shape or holds a value an event refuses
   * (then nothing below is valid).
   */
  public boolean read(byte[] json) {
    return reader.scan(json);
  }

  /** The bytes read. */
  public byte[] json() {
    return reader.json();
  }

  /** Where {@code f}'s characters begin in {@link #json()}, or -1 when it is null. A text field. */
  public int start(Field f) {
    return reader.start(f);
  }

  /** Where {@code f}'s characters end (exclusive); -1 when it is null. A text field. */
  public int end(Field f) {
    return reader.end(f);
  }

  public int quantity() {
    return (int) reader.quantity();
  }

  /** The invoice date; the same instance for rows that repeat its bytes. */
  public OffsetDateTime invoiceDate() {
    return reader.date();
  }

  /** The unit price's digits as a whole number: the price is this times 10^-{@link #priceScale}. */
  public long priceUnscaled() {
    return reader.priceUnscaled();
  }

  /** The unit price's decimal places as written. */
  public int priceScale() {
    return reader.priceScale();
  }

  public long sourceLine() {
    return reader.line();
  }
}
