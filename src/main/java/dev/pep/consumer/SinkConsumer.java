package dev.pep.consumer;

import dev.pep.config.PepException;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.Topics;
import dev.pep.sink.Sink;
import dev.pep.sink.StoredEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer-group member that writes the topic's events into a {@link Sink}, one transaction per
 * partition batch. With a sink that holds offsets, it resumes from the sink's offsets (read on
 * every assignment), never from Kafka's; Kafka's committed offsets are written only so that lag can
 * be monitored. Runs on the calling thread until a stop condition; not thread-safe.
 *
 * <p>A record that is not a valid event, or that the sink refuses as data, goes to the dead-letter
 * topic and the consumer goes on ({@link RecordDecoder}); any other failure stops the run. A
 * database failure is retried with backoff (one that retrying cannot fix stops the run after {@link
 * BatchWriter#LASTING_ERROR_ATTEMPTS} attempts, with nothing of the batch stored), and the offset
 * row tells whether an interrupted commit landed, so nothing is skipped and nothing is stored twice
 * ({@link BatchWriter}). Every failure leaves as a {@link PepException} naming the topic and group.
 */
public final class SinkConsumer {
  private static final Logger log = LoggerFactory.getLogger(SinkConsumer.class);
  private static final int MAX_POLL_RECORDS = 20_000;
  private static final int PARTITION_FETCH_BYTES = 2 << 20;
  private static final int FETCH_BYTES = 8 << 20;

  /**
   * When to stop, besides Ctrl-C.
   *
   * @param untilIdle stop after no record arrived for this long and nothing is left to read (null:
   *     never)
   * @param maxEvents stop after this many records (0: no limit)
   * @param untilOffsets stop once every listed partition has been read up to its offset (null: not
   *     used)
   * @param untilOffsetsOnceKnown as {@code untilOffsets}, for offsets known only while the consumer
   *     runs (e.g. once a producer beside it has finished): asked on every poll, null until then
   *     (the supplier itself null: not used)
   */
  public record StopWhen(
      Duration untilIdle,
      long maxEvents,
      Map<TopicPartition, Long> untilOffsets,
      Supplier<Map<TopicPartition, Long>> untilOffsetsOnceKnown) {
    public StopWhen(Duration untilIdle, long maxEvents, Map<TopicPartition, Long> untilOffsets) {
      this(untilIdle, maxEvents, untilOffsets, null);
    }

    /** The offsets to read up to, as far as they are known now (null: none). */
    Map<TopicPartition, Long> offsets() {
      return untilOffsets != null
          ? untilOffsets
          : untilOffsetsOnceKnown == null ? null : untilOffsetsOnceKnown.get();
    }
  }

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

    /**
     * Newly assigned partitions whose stored offsets belonged to a deleted topic of the same name:
     * they are read from their beginning. Called on the consuming thread.
     */
    default void onTopicReplaced(List<TopicReplaced> partitions) {}

    /**
     * Called about once a second while a write waits for a database that has been failing for
     * {@code failingNanos} (down, restarting): {@code reason} is its last error.
     */
    default void onDatabaseWait(long failingNanos, String reason) {}
  }

  private final KafkaClients kafka;
  // One admin client for the run's topic-id lookups (one per assignment); closed when it ends.
  private final Topics.Session topicIds;
  private final String topic;
  private final String group;
  private final Sink sink;
  private final GroupTimeouts timeouts;
  private final RecordDecoder decoder;
  private final DeadLetters deadLetters;
  private final Positions positions = new Positions();
  // Writes run on the writer's thread (one at a time, one more may wait behind it) while this
  // thread polls and decodes the next.
  private BatchWriter writer;
  private long lastWriteEnded = Long.MIN_VALUE;
  private KafkaConsumer<byte[], byte[]> consumer;
  private long read;
  private long written;
  private long duplicates;
  private long stale;
  private long retries;
  private final List<TopicReplaced> replaced = new ArrayList<>();
  private Listener listener;
  private Duration databaseWaitLimit;
  private ConsumeObserver observer = ConsumeObserver.NONE;
  private RangeCheck check;

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
    this.decoder = new RecordDecoder(sink);
    this.deadLetters = new DeadLetters(kafka, topic);
    this.topicIds = Topics.session(kafka);
  }

  /** Tells {@code o} what the run does (batches, dead letters, its Kafka consumer). */
  public SinkConsumer observe(ConsumeObserver o) {
    this.observer = java.util.Objects.requireNonNull(o, "observer");
    deadLetters.observe(o);
    return this;
  }

  /** Counts the records of {@code check}'s range as they are read (null: none). */
  public SinkConsumer check(RangeCheck check) {
    this.check = check;
    return this;
  }

  /**
   * As {@link #run}, on a thread of its own ({@code pep-sink-consumer}): the future ends with the
   * summary, or with the run's failure.
   */
  public CompletableFuture<ConsumeSummary> start(
      StopWhen when, Listener listener, BooleanSupplier stop) {
    CompletableFuture<ConsumeSummary> done = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                done.complete(run(when, listener, stop));
              } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
              }
            },
            "pep-sink-consumer");
    t.setDaemon(true);
    t.start();
    return done;
  }

  /**
   * How long a database that fails in a way that passes (down, restarting) is waited for before the
   * run ends with {@link DatabaseDownException} (null or zero: for as long as it lasts, the
   * default).
   */
  public SinkConsumer waitForDatabaseAtMost(Duration limit) {
    this.databaseWaitLimit = limit;
    return this;
  }

  /**
   * Consumes until {@code when} or {@code stop} says so; returns the summary. Call once.
   *
   * @throws PepException the run failed; the message says where (the record, the sink, the topic
   *     and group) and what
   */
  public ConsumeSummary run(StopWhen when, Listener listener, BooleanSupplier stop) {
    try {
      return consume(new StopRules(when), listener, stop);
    } catch (KafkaException | IllegalStateException e) {
      throw failed(e);
    }
  }

  private ConsumeSummary consume(StopRules rules, Listener listener, BooleanSupplier stop) {
    long start = System.nanoTime();
    long lastRecord = start;
    // The rate is measured from the first record to the end of the last write: joining the group
    // and waiting for --until-idle are not throughput.
    long firstRecord = -1;
    long nextProgress = start;
    this.listener = listener;
    writer = new BatchWriter(sink, group, topic, stop, observer);
    writer.waitLimit(databaseWaitLimit);
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(properties())) {
      consumer = c;
      observer.opened(c);
      c.subscribe(
          List.of(topic),
          new Rebalance(
              c,
              sink,
              writer,
              positions,
              topicIds,
              topic,
              group,
              this::awaitInFlight,
              r -> {
                replaced.addAll(r);
                listener.onTopicReplaced(r);
              }));
      while (!stop.getAsBoolean()) {
        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(200));
        long now = System.nanoTime();
        if (!records.isEmpty()) {
          lastRecord = now;
          if (firstRecord < 0) {
            firstRecord = now;
          }
          Map<TopicPartition, Long> generations = positions.generations();
          for (TopicPartition tp : records.partitions()) {
            handle(tp, records.records(tp), generations.getOrDefault(tp, 0L));
          }
          positions.commitForMonitoring(c);
        } else {
          storeSkippedOffsets();
        }
        if (now >= nextProgress && firstRecord >= 0) {
          nextProgress = now + 1_000_000_000L;
          listener.onProgress(read, written, duplicates, now - firstRecord);
        }
        if (rules.done(c, read, now - lastRecord)) {
          // The last write may still be running, or may move an offset back: settle it first.
          awaitInFlight();
          if (rules.done(c, read, now - lastRecord)) {
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
      long lag = StopRules.lag(c);
      positions.commitForMonitoring(c);
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
          lag,
          replaced);
    } finally {
      if (consumer != null) {
        observer.closed(consumer);
      }
      writer.close();
      deadLetters.close();
      topicIds.close();
      consumer = null;
    }
  }

  /**
   * A Kafka client's failure (or a state it refused) as our own: the failure of ours inside it when
   * a callback (the rebalance listener) threw one, otherwise a message naming the topic, the group
   * and the cluster.
   */
  private PepException failed(RuntimeException e) {
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PepException ours) {
        return ours;
      }
      root = t;
    }
    return new PepException(
        String.format(
            "Consuming %s (group %s) from Kafka at %s failed: %s",
            topic,
            group,
            kafka.bootstrapServers(),
            root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage()),
        e);
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
    // Large polls make large transactions: fewer commits per event. What they may hold is bounded
    // by bytes too (the README's "Memory" says what bounds each buffer): a poll hands over only
    // what was fetched, at most FETCH_BYTES per request and PARTITION_FETCH_BYTES per partition,
    // as stored (lz4: about a quarter of the JSON).
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, PARTITION_FETCH_BYTES);
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_BYTES);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return kafka.consumer(p);
  }

  private void handle(
      TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records, long polledGeneration) {
    List<StoredEvent> events = decoder.decode(records, deadLetters::send);
    deadLetters.flush(); // before the offset moves past them
    // The position, not last offset + 1: transaction markers leave gaps.
    long newNext = consumer.position(tp);
    // Decoding overlapped the writes outstanding; their outcomes decide whether this batch still
    // holds. One may stay outstanding: this batch then waits behind it on the writer thread.
    while (writer.oldestDone() || writer.outstanding() >= BatchWriter.MAX_OUTSTANDING) {
      settleOldest();
    }
    Long stored = positions.expected(tp);
    if (stored == null || positions.generation(tp) != polledGeneration) {
      return; // revoked, or the partition was re-positioned: these records will be read again
    }
    Long pending = writer.pendingNext(tp);
    long expectedNext = pending != null ? pending : stored;
    if (check != null) {
      check.read(tp, expectedNext, newNext, records);
    }
    writer.submit(tp, expectedNext, newNext, events, records.size());
  }

  /**
   * Stores how far a partition has been read when its last offsets held nothing for us: a
   * transaction's commit marker (a capped poll returns the records before it, and the next poll
   * passes it and returns none), aborted records. Without this the stored offset would stay before
   * them: nothing lost, but the database would show a lag that is not there, and a restart would
   * read them again. Runs on a poll that returned nothing, so at most once per gap.
   */
  private void storeSkippedOffsets() {
    if (!sink.holdsOffsets()) {
      return;
    }
    awaitInFlight();
    for (TopicPartition tp : consumer.assignment()) {
      Long next = positions.expected(tp);
      if (next != null && consumer.position(tp) > Math.max(next, 0)) {
        handle(tp, List.of(), positions.generation(tp));
      }
    }
  }

  /** Waits for every write outstanding and applies their outcomes (counts, offsets, seeks). */
  private void awaitInFlight() {
    while (writer.outstanding() > 0) {
      settleOldest();
    }
  }

  /** Waits for the oldest write outstanding and applies its outcome. */
  private void settleOldest() {
    BatchWriter.Settled w =
        writer.await(
            () -> {
              long failing = writer.failingForNanos();
              if (failing > 0) {
                listener.onDatabaseWait(failing, writer.lastFailure());
              }
            });
    if (w == null || w.skipped()) {
      return; // skipped: the write before it re-positioned the partition
    }
    lastWriteEnded = w.ended();
    retries += w.retries();
    if (w.stale()) {
      stale++;
    }
    if (w.resyncTo() == null) {
      positions.advanced(w.tp(), w.newNext());
      read += w.records();
      if (w.result() != null) {
        written += w.result().inserted();
        duplicates += w.result().duplicates();
      }
      observer.applied(
          w.tp(),
          w.records(),
          w.result() == null ? 0 : w.result().inserted(),
          w.result() == null ? 0 : w.result().duplicates());
    } else {
      positions.resync(consumer, w.tp(), w.resyncTo(), w.expectedNext());
    }
  }
}
