package dev.pep.consumer;

import dev.pep.config.PepException;
import dev.pep.event.EventJson;
import dev.pep.event.PurchaseEvent;
import dev.pep.kafka.KafkaClients;
import dev.pep.sink.Sink;
import dev.pep.sink.SinkException;
import dev.pep.sink.StaleOffsetException;
import dev.pep.sink.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer-group member that writes the topic's events into a {@link Sink}, one transaction per
 * partition batch. With a sink that holds offsets, it resumes from the sink's offsets (read on
 * every assignment), never from Kafka's; Kafka's committed offsets are written only so that lag can
 * be monitored. Runs on the calling thread until a stop condition; not thread-safe.
 *
 * <p>A record that is not a valid event goes to the dead-letter topic and the consumer goes on. A
 * database failure is retried with backoff (one that retrying cannot fix stops the run after {@link
 * #LASTING_ERROR_ATTEMPTS} attempts, with nothing of the batch stored), and the offset row tells
 * whether an interrupted commit landed, so nothing is skipped and nothing is stored twice.
 */
public final class SinkConsumer {
  private static final Logger log = LoggerFactory.getLogger(SinkConsumer.class);
  private static final long MAX_BACKOFF_MILLIS = 10_000;

  /**
   * Attempts at a write whose error retrying will not fix ({@link SinkException#willNotPass}, e.g.
   * the table was dropped) before the run stops with it; a passing error (connection lost, server
   * restarting) is retried for as long as it lasts.
   */
  static final int LASTING_ERROR_ATTEMPTS = 3;

  /**
   * When to stop, besides Ctrl-C.
   *
   * @param untilIdle stop after no record arrived for this long and nothing is left to read (null:
   *     never)
   * @param maxEvents stop after this many records (0: no limit)
   * @param untilOffsets stop once every listed partition has been read up to its offset (null: not
   *     used)
   */
  public record StopWhen(
      Duration untilIdle, long maxEvents, Map<TopicPartition, Long> untilOffsets) {}

  /**
   * How long the group waits for a silent member, and for one that does not poll, before it gives
   * the member's partitions to the others (Kafka's {@code session.timeout.ms} and {@code
   * max.poll.interval.ms}). A member that comes back after that finds its stored offsets moved: the
   * offset compare-and-set refuses its stale batch.
   */
  public record GroupTimeouts(int sessionTimeoutMs, int maxPollIntervalMs) {
    /** Kafka's own defaults. */
    public static final GroupTimeouts KAFKA_DEFAULTS = new GroupTimeouts(45_000, 300_000);
  }

  /**
   * Receives progress about once a second once records arrive, and once at the end; called on the
   * consuming thread. {@code elapsedNanos} counts from the first record (at the end: to the end of
   * the last write, as the summary's rate does).
   */
  @FunctionalInterface
  public interface Listener {
    void onProgress(long read, long written, long duplicates, long elapsedNanos);
  }

  private final KafkaClients kafka;
  private final String topic;
  private final String group;
  private final Sink sink;
  private final GroupTimeouts timeouts;
  private final DeadLetters deadLetters;
  private final EventJson.Reader json = new EventJson.Reader();
  private final Map<TopicPartition, Long> expected = new HashMap<>();
  private final Map<TopicPartition, Long> generation = new HashMap<>();
  // One write at a time runs here while the consuming thread polls and parses the next batch.
  private final java.util.concurrent.ExecutorService writer =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "pep-sink-writer");
            t.setDaemon(true);
            return t;
          });
  private java.util.concurrent.Future<Outcome> inFlight;
  private Pending pending;
  private long lastWriteEnded = Long.MIN_VALUE;
  private KafkaConsumer<byte[], byte[]> consumer;
  private long read;
  private long written;
  private long duplicates;
  private long stale;
  private long retries;
  private volatile BooleanSupplier stopRequested = () -> false;

  /** A member of {@code group} on a cluster without security settings (tests, tools). */
  public SinkConsumer(String bootstrap, String topic, String group, Sink sink) {
    this(KafkaClients.plain(bootstrap), topic, group, sink, GroupTimeouts.KAFKA_DEFAULTS);
  }

  public SinkConsumer(
      KafkaClients kafka, String topic, String group, Sink sink, GroupTimeouts timeouts) {
    this.kafka = kafka;
    this.topic = topic;
    this.group = group;
    this.sink = sink;
    this.timeouts = timeouts;
    this.deadLetters = new DeadLetters(kafka, topic);
  }

  /** Consumes until {@code when} or {@code stop} says so; returns the summary. */
  public ConsumeSummary run(StopWhen when, Listener listener, BooleanSupplier stop) {
    stopRequested = stop;
    long start = System.nanoTime();
    long lastRecord = start;
    // The rate is measured from the first record to the end of the last write: joining the group
    // and waiting for --until-idle are not throughput.
    long firstRecord = -1;
    long nextProgress = start;
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(properties())) {
      consumer = c;
      c.subscribe(List.of(topic), new Rebalance());
      while (!stop.getAsBoolean()) {
        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(200));
        long now = System.nanoTime();
        if (!records.isEmpty()) {
          lastRecord = now;
          if (firstRecord < 0) {
            firstRecord = now;
          }
          Map<TopicPartition, Long> generations = new HashMap<>(generation);
          for (TopicPartition tp : records.partitions()) {
            handle(tp, records.records(tp), generations.getOrDefault(tp, 0L), stop);
          }
          commitForMonitoring();
        } else {
          storeSkippedOffsets(stop);
        }
        if (now >= nextProgress && firstRecord >= 0) {
          nextProgress = now + 1_000_000_000L;
          listener.onProgress(read, written, duplicates, now - firstRecord);
        }
        if (done(when, now - lastRecord)) {
          // The last write may still be running, or may move an offset back: settle it first.
          awaitInFlight();
          if (done(when, now - lastRecord)) {
            break;
          }
        }
      }
      awaitInFlight();
      double seconds =
          firstRecord < 0 || lastWriteEnded < firstRecord
              ? 0
              : (lastWriteEnded - firstRecord) / 1e9;
      listener.onProgress(read, written, duplicates, (long) (seconds * 1e9));
      long lag = lag();
      commitForMonitoring();
      return new ConsumeSummary(
          topic,
          group,
          sink.describe(),
          read,
          written,
          duplicates,
          deadLetters.count(),
          stale,
          retries,
          seconds,
          lag);
    } finally {
      writer.shutdownNow();
      deadLetters.close();
      consumer = null;
    }
  }

  private Map<String, Object> properties() {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pep-consumer");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, timeouts.sessionTimeoutMs());
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, timeouts.maxPollIntervalMs());
    // Large polls make large transactions: fewer commits per event.
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50_000);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return kafka.consumer(p);
  }

  private void handle(
      TopicPartition tp,
      List<ConsumerRecord<byte[], byte[]>> records,
      long polledGeneration,
      BooleanSupplier stop) {
    List<StoredEvent> events = new ArrayList<>(records.size());
    for (ConsumerRecord<byte[], byte[]> r : records) {
      try {
        PurchaseEvent e = json.read(r.value());
        Header id = r.headers().lastHeader(dev.pep.event.EventSchema.HEADER_EVENT_ID);
        if (id != null && !e.eventId().equals(new String(id.value(), StandardCharsets.UTF_8))) {
          throw new IllegalArgumentException("the event-id header differs from the value's");
        }
        String refusal = sink.refusal(e);
        if (refusal != null) {
          throw new IllegalArgumentException(refusal);
        }
        events.add(new StoredEvent(e, r.partition(), r.offset()));
      } catch (RuntimeException bad) {
        deadLetters.send(r, bad.getMessage());
      }
    }
    deadLetters.flush(); // before the offset moves past them
    // The position, not last offset + 1: transaction markers leave gaps.
    long newNext = consumer.position(tp);
    // Parsing overlapped the previous write; its outcome decides whether this batch still holds.
    awaitInFlight();
    if (!expected.containsKey(tp) || generation.getOrDefault(tp, 0L) != polledGeneration) {
      return; // revoked, or the partition was re-positioned: these records will be read again
    }
    long expectedNext = expected.get(tp);
    int count = records.size();
    pending = new Pending(tp, expectedNext, newNext, count);
    inFlight = writer.submit(() -> write(tp, expectedNext, newNext, events, stop));
  }

  /**
   * Stores how far a partition has been read when its last offsets held nothing for us: a
   * transaction's commit marker (a capped poll returns the records before it, and the next poll
   * passes it and returns none), aborted records. Without this the stored offset would stay before
   * them: nothing lost, but the database would show a lag that is not there, and a restart would
   * read them again. Runs on a poll that returned nothing, so at most once per gap.
   */
  private void storeSkippedOffsets(BooleanSupplier stop) {
    if (!sink.holdsOffsets()) {
      return;
    }
    awaitInFlight();
    for (TopicPartition tp : consumer.assignment()) {
      Long next = expected.get(tp);
      if (next != null && consumer.position(tp) > Math.max(next, 0)) {
        handle(tp, List.of(), generation.getOrDefault(tp, 0L), stop);
      }
    }
  }

  /** A write handed to the writer thread. */
  private record Pending(TopicPartition tp, long expectedNext, long newNext, int records) {}

  /**
   * What a write came to, and when it ended ({@code System.nanoTime()}); applied on the consuming
   * thread.
   */
  private record Outcome(
      Sink.WriteResult result,
      boolean landedBefore,
      Long resyncTo,
      int retries,
      boolean stale,
      long ended) {
    Outcome(
        Sink.WriteResult result, boolean landedBefore, Long resyncTo, int retries, boolean stale) {
      this(result, landedBefore, resyncTo, retries, stale, System.nanoTime());
    }
  }

  /** Waits for the write in flight, if any, and applies its outcome (counts, offsets, seeks). */
  private void awaitInFlight() {
    if (inFlight == null) {
      return;
    }
    Outcome o;
    try {
      o = inFlight.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PepException("Interrupted while writing to " + sink.describe(), e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re
          ? re
          : new PepException("Writing to " + sink.describe() + " failed", e.getCause());
    } finally {
      inFlight = null;
    }
    Pending w = pending;
    lastWriteEnded = o.ended();
    retries += o.retries();
    if (o.stale()) {
      stale++;
    }
    if (o.resyncTo() == null) {
      expected.put(w.tp(), w.newNext());
      read += w.records();
      if (o.result() != null) {
        written += o.result().inserted();
        duplicates += o.result().duplicates();
      }
      return;
    }
    long to = o.resyncTo();
    generation.merge(w.tp(), 1L, Long::sum);
    if (!consumer.assignment().contains(w.tp())) {
      return;
    }
    expected.put(w.tp(), to);
    if (to < 0) {
      consumer.seekToBeginning(List.of(w.tp()));
    } else {
      consumer.seek(w.tp(), to);
    }
    log.info(
        "{}: stored offset {} (expected {}), reading from there", w.tp(), to, w.expectedNext());
  }

  /** Runs on the writer thread: the sink write with its retries; touches no consumer state. */
  private Outcome write(
      TopicPartition tp,
      long expectedNext,
      long newNext,
      List<StoredEvent> events,
      BooleanSupplier stop) {
    long backoff = 100;
    int attempts = 0;
    while (true) {
      try {
        Sink.WriteResult r =
            sink.write(group, topic, tp.partition(), expectedNext, newNext, events);
        return new Outcome(r, false, null, attempts, false);
      } catch (StaleOffsetException e) {
        log.warn("{}", e.getMessage());
        return settle(tp, newNext, attempts, true);
      } catch (SinkException e) {
        attempts++;
        if (e.willNotPass() && attempts >= LASTING_ERROR_ATTEMPTS) {
          throw new PepException(
              String.format(
                  "Writing to %s failed %d times with an error retrying will not fix (SQLSTATE"
                      + " %s): %s. Nothing of %s from offset %d on was stored by this batch;"
                      + " fix the database and run again: the consumer resumes from the offsets"
                      + " stored in it.",
                  sink.describe(),
                  attempts,
                  e.sqlState(),
                  e.getCause() != null ? e.getCause().getMessage() : e.getMessage(),
                  tp,
                  Math.max(0, expectedNext)),
              e);
        }
        log.warn("{}; retrying in {} ms", e.getMessage(), backoff);
        if (stop.getAsBoolean()) {
          throw new PepException("Stopped while the sink was failing: " + e.getMessage(), e);
        }
        sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        // Did the interrupted commit land? The offset row says.
        try {
          Long stored = sink.storedOffsets(group, topic).get(tp.partition());
          long s = stored == null ? -1 : stored;
          if (s == newNext) {
            log.info("The interrupted commit of {} landed (offset {})", tp, newNext);
            return new Outcome(null, true, null, attempts, false);
          }
          if (s != expectedNext) {
            return new Outcome(null, false, s, attempts, false);
          }
        } catch (SinkException again) {
          log.warn("{}", again.getMessage());
        }
      }
    }
  }

  /** The sink's offset moved under us: either this batch landed, or read from the stored one. */
  private Outcome settle(TopicPartition tp, long newNext, int attempts, boolean stale) {
    Long stored = storedOffsets().get(tp.partition());
    if (stored != null && stored == newNext) {
      return new Outcome(null, true, null, attempts, stale);
    }
    return new Outcome(null, false, stored == null ? -1 : stored, attempts, stale);
  }

  /**
   * The sink's offsets, read again after a backoff while the database is failing (any thread: it
   * touches no consumer state).
   */
  private Map<Integer, Long> storedOffsets() {
    long backoff = 100;
    while (true) {
      try {
        return sink.storedOffsets(group, topic);
      } catch (SinkException e) {
        if (stopRequested.getAsBoolean()) {
          throw new PepException("Stopped while the sink was failing: " + e.getMessage(), e);
        }
        log.warn("{}; retrying in {} ms", e.getMessage(), backoff);
        sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      }
    }
  }

  private boolean done(StopWhen when, long idleNanos) {
    if (when.maxEvents() > 0 && read >= when.maxEvents()) {
      return true;
    }
    if (when.untilOffsets() != null && !consumer.assignment().isEmpty()) {
      boolean all = true;
      for (Map.Entry<TopicPartition, Long> e : when.untilOffsets().entrySet()) {
        if (consumer.assignment().contains(e.getKey())
            && consumer.position(e.getKey()) < e.getValue()) {
          all = false;
        }
      }
      if (all && consumer.assignment().containsAll(when.untilOffsets().keySet())) {
        return true;
      }
    }
    return when.untilIdle() != null
        && idleNanos >= when.untilIdle().toNanos()
        && !consumer.assignment().isEmpty()
        && lag() == 0;
  }

  private long lag() {
    if (consumer.assignment().isEmpty()) {
      return 0;
    }
    long lag = 0;
    for (Map.Entry<TopicPartition, Long> e :
        consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(10)).entrySet()) {
      lag += Math.max(0, e.getValue() - consumer.position(e.getKey()));
    }
    return lag;
  }

  private void commitForMonitoring() {
    Map<TopicPartition, OffsetAndMetadata> m = new HashMap<>();
    expected.forEach(
        (tp, o) -> {
          if (o >= 0) {
            m.put(tp, new OffsetAndMetadata(o));
          }
        });
    if (!m.isEmpty()) {
      consumer.commitAsync(m, null);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WakeupException();
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      awaitInFlight();
      if (!sink.holdsOffsets()) {
        for (TopicPartition tp : partitions) {
          expected.put(tp, -1L);
        }
        return;
      }
      Map<Integer, Long> stored = storedOffsets();
      for (TopicPartition tp : partitions) {
        generation.merge(tp, 1L, Long::sum);
        Long o = stored.get(tp.partition());
        if (o == null) {
          consumer.seekToBeginning(List.of(tp));
          expected.put(tp, -1L);
        } else {
          consumer.seek(tp, o);
          expected.put(tp, o);
        }
      }
      log.info("Assigned {}; resuming from the sink's offsets {}", partitions, stored);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      awaitInFlight();
      partitions.forEach(expected::remove);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      awaitInFlight();
      partitions.forEach(expected::remove);
    }
  }
}
