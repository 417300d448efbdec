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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

  /**
   * Polls smaller than this are read on the calling thread alone; a larger one is split with the
   * helper thread (handing work over costs more than reading a few thousand records).
   */
  static final int SPLIT_AT = 4_096;

  private final Sink sink;
  private final EventJson.Reader json = new EventJson.Reader();

  /**
   * Reads the JSON of the second half of a large poll while the calling thread reads the first:
   * parsing is most of the consuming thread's work, and the writer thread leaves a core idle
   * meanwhile (measured in docs/benchmarks/consume-vs-copy.md). Created on the first large poll,
   * only where there is more than one processor; a daemon, so it never holds the JVM open. Its own
   * reader: {@link EventJson.Reader} keeps state and serves one thread.
   */
  private ExecutorService helper;

  private final EventJson.Reader helperJson = new EventJson.Reader();

  RecordDecoder(Sink sink) {
    this.sink = sink;
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
    Object[] read = read(records);
    List<StoredEvent> events = new ArrayList<>(records.size());
    for (int i = 0; i < read.length; i++) {
      ConsumerRecord<byte[], byte[]> r = records.get(i);
      PurchaseEvent e;
      if (read[i] instanceof PurchaseEvent event) {
        e = event;
      } else if (read[i] instanceof IllegalArgumentException notAnEvent) {
        // The reader's contract for bytes that are not an event (NumberFormatException included).
        deadLetters.send(r, notAnEvent.getMessage());
        continue;
      } else {
        throw failed("Reading", r, (RuntimeException) read[i]);
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
   * Each record's event, or the exception reading it threw, in order; a large poll read in two
   * halves at once. Dead letters, refusals and failures are then handled in order by the caller.
   */
  private Object[] read(List<ConsumerRecord<byte[], byte[]>> records) {
    Object[] out = new Object[records.size()];
    int half = out.length / 2;
    if (out.length < SPLIT_AT || !splitting()) {
      read(json, records, out, 0, out.length);
      return out;
    }
    Future<?> second = helper.submit(() -> read(helperJson, records, out, half, out.length));
    read(json, records, out, 0, half);
    try {
      second.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      second.cancel(true);
      throw new PepException("Interrupted while reading records of " + records.get(0).topic(), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("reading the JSON of records failed", e.getCause());
    }
    return out; // Future.get: the helper's writes into out happen before this
  }

  private boolean splitting() {
    if (helper == null && Runtime.getRuntime().availableProcessors() > 1) {
      helper =
          Executors.newSingleThreadExecutor(
              task -> {
                Thread t = new Thread(task, "pep-record-reader");
                t.setDaemon(true);
                return t;
              });
    }
    return helper != null;
  }

  private static void read(
      EventJson.Reader reader,
      List<ConsumerRecord<byte[], byte[]>> records,
      Object[] out,
      int from,
      int to) {
    for (int i = from; i < to; i++) {
      try {
        out[i] = reader.read(records.get(i).value());
      } catch (RuntimeException e) {
        out[i] = e;
      }
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
