package dev.pep.consumer;

import dev.pep.config.PepException;
import dev.pep.event.EventJson;
import dev.pep.event.EventSchema;
import dev.pep.event.PurchaseEvent;
import dev.pep.sink.Sink;
import dev.pep.sink.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns a partition's records into the events to store, and decides which records are dead letters:
 * only a record that cannot be decoded into an event (not JSON, a field missing or malformed, an
 * event-id header that differs from the value's) or that the sink refuses as data ({@link
 * Sink#refusal}, e.g. a price wider than its column). Any other exception on the way is a fault of
 * pep or the sink, not of the record: it stops the run, naming the record, instead of sending a
 * good record to the dead-letter topic. One thread at a time (the consuming thread).
 */
final class RecordDecoder {
  /** Where a dead letter goes, with the reason a person reads in its {@code dlq-reason} header. */
  @FunctionalInterface
  interface DeadLetterSink {
    void send(ConsumerRecord<byte[], byte[]> record, String reason);
  }

  private final Sink sink;
  private final EventJson.Reader json = new EventJson.Reader();
  // The sink's own encoding of a record's value, for the records it takes (null: none).
  private final Sink.RowEncoder rows;

  RecordDecoder(Sink sink) {
    this.sink = sink;
    this.rows = sink.rowEncoder();
  }

  /**
   * The events of {@code records} in order, each with its partition and offset; every other record
   * goes to {@code deadLetters}.
   *
   * @throws PepException something other than the record failed (a bug, a sink that cannot answer):
   *     the message names the record's topic-partition@offset
   */
  List<StoredEvent> decode(
      List<ConsumerRecord<byte[], byte[]>> records, DeadLetterSink deadLetters) {
    List<StoredEvent> events = new ArrayList<>(records.size());
    for (ConsumerRecord<byte[], byte[]> r : records) {
      byte[] row = encoded(r);
      if (row != null) {
        events.add(StoredEvent.encoded(row, r.partition(), r.offset()));
        continue;
      }
      PurchaseEvent e;
      try {
        e = json.read(r.value());
      } catch (IllegalArgumentException notAnEvent) {
        // The reader's contract for bytes that are not an event (NumberFormatException included).
        deadLetters.send(r, notAnEvent.getMessage());
        continue;
      } catch (RuntimeException bug) {
        throw failed("Reading", r, bug);
      }
      String refusal = headerMismatch(r, e);
      if (refusal == null) {
        refusal = refusal(r, e);
      }
      if (refusal != null) {
        deadLetters.send(r, refusal);
      } else {
        events.add(new StoredEvent(e, r.partition(), r.offset()));
      }
    }
    return events;
  }

  /**
   * The sink's row for {@code r}, or null to read it as an event: the sink has no encoder, the
   * record has an event-id header (the event path compares it with the value's), or the encoder did
   * not take the value (anything but pep's exact JSON, a value the sink refuses).
   */
  private byte[] encoded(ConsumerRecord<byte[], byte[]> r) {
    if (rows == null || r.headers().lastHeader(EventSchema.HEADER_EVENT_ID) != null) {
      return null;
    }
    try {
      return rows.encode(r.value(), r.partition(), r.offset());
    } catch (RuntimeException bug) {
      throw failed("Encoding", r, bug);
    }
  }

  private static String headerMismatch(ConsumerRecord<byte[], byte[]> r, PurchaseEvent e) {
    Header id = r.headers().lastHeader(EventSchema.HEADER_EVENT_ID);
    if (id != null && !sameId(e.eventId(), id.value())) {
      return "the event-id header differs from the value's";
    }
    return null;
  }

  /**
   * Whether the header's UTF-8 bytes spell {@code eventId}: compared byte by byte while the id is
   * ASCII (pep's ids always are), without decoding a string per record on the hot path.
   */
  static boolean sameId(String eventId, byte[] header) {
    if (header == null) {
      return false;
    }
    int n = eventId.length();
    if (header.length == n) {
      int i = 0;
      while (i < n && eventId.charAt(i) < 0x80 && header[i] == eventId.charAt(i)) {
        i++;
      }
      if (i == n) {
        return true;
      }
      if (eventId.charAt(i) < 0x80 && header[i] >= 0) {
        return false; // an ASCII mismatch
      }
    }
    return eventId.equals(new String(header, StandardCharsets.UTF_8));
  }

  private String refusal(ConsumerRecord<byte[], byte[]> r, PurchaseEvent e) {
    try {
      return sink.refusal(e);
    } catch (PepException ours) {
      throw ours; // already says where and what
    } catch (RuntimeException bug) {
      throw failed("Checking", r, bug);
    }
  }

  private PepException failed(String doing, ConsumerRecord<byte[], byte[]> r, RuntimeException e) {
    return new PepException(
        String.format(
            "%s the record at %s-%d@%d for %s failed with %s: %s. That is a fault of pep or of"
                + " the sink, not of the record, so it was not dead-lettered; its batch was not"
                + " stored, and the next run reads it again.",
            doing,
            r.topic(),
            r.partition(),
            r.offset(),
            sink.describe(),
            e.getClass().getSimpleName(),
            e.getMessage()),
        e);
  }
}
