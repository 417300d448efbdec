package dev.pep.consumer;

import dev.pep.config.PepException;
import dev.pep.kafka.KafkaClients;
import dev.pep.retry.Backoff;
import dev.pep.sink.AggregateTable;
import dev.pep.sink.Sink;
import dev.pep.sink.SinkException;
import dev.pep.sink.StaleOffsetException;
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
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer-group member that writes the compacted output topics of {@code pep aggregate} into
 * their {@link AggregateTable}s, through the sink's exactly-once path: each partition's batch is
 * one transaction that upserts its rows by key and moves the partition's offset in the offsets
 * table (compare-and-set), and a member resumes from those stored offsets, never from Kafka's. The
 * topics are changelogs (each value is a key's whole aggregate, not a delta), so the table row of a
 * key is its last value. Reads {@code read_committed}: only what the aggregator's transactions
 * committed. Runs on the calling thread; not thread-safe.
 *
 * <p>A record that is not an aggregate row (a tombstone, other JSON) is logged with its
 * topic-partition@offset and passed over. A database failure that passes is retried with backoff
 * from the stored offset; one that cannot pass, or {@link #ATTEMPTS} failures in a row, stop the
 * run with a message naming the table, the topic and the database.
 */
public final class AggregateTableConsumer {
  private static final Logger log = LoggerFactory.getLogger(AggregateTableConsumer.class);

  /** Failed writes in a row before the run gives up (with backoff to 5 s: about a minute). */
  static final int ATTEMPTS = 15;

  /**
   * @param read records read
   * @param upserted table rows written (a key's several values in one batch count once)
   * @param skipped records that were not aggregate rows
   */
  public record Summary(long read, long upserted, long skipped) {}

  private final KafkaClients kafka;
  private final Map<String, AggregateTable> tables;
  private final String group;
  private final Sink sink;
  private final Map<TopicPartition, Long> expected = new HashMap<>();
  private KafkaConsumer<byte[], byte[]> consumer;
  private long read;
  private long upserted;
  private long skipped;

  /**
   * @param tables output topic → its table
   * @param group the Kafka consumer group, and the group of the stored offsets
   */
  public AggregateTableConsumer(
      KafkaClients kafka, Map<String, AggregateTable> tables, String group, Sink sink) {
    this.kafka = kafka;
    this.tables = Map.copyOf(tables);
    this.group = group;
    this.sink = sink;
  }

  /**
   * Consumes until {@code stop} says so or, with {@code until}, every listed partition is stored up
   * to its offset. {@code check} runs on every poll (the aggregator's health: it throws to end the
   * run).
   *
   * @throws PepException the run failed, naming where
   */
  public Summary run(Map<TopicPartition, Long> until, BooleanSupplier stop, Runnable check) {
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(properties())) {
      consumer = c;
      c.subscribe(List.copyOf(tables.keySet()), new Rebalance());
      while (!stop.getAsBoolean()) {
        check.run();
        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(200));
        for (TopicPartition tp : records.partitions()) {
          handle(tp, records.records(tp));
        }
        if (records.isEmpty()) {
          // A transaction's commit marker after the last record: store that it was passed.
          for (TopicPartition tp : c.assignment()) {
            Long next = expected.get(tp);
            if (next != null && c.position(tp) > Math.max(next, 0)) {
              handle(tp, List.of());
            }
          }
          if (until != null && reached(until)) {
            break;
          }
        }
      }
      return new Summary(read, upserted, skipped);
    } catch (KafkaException | IllegalStateException e) {
      throw new PepException(
          "Consuming the aggregate topics "
              + String.join(", ", tables.keySet())
              + " (group "
              + group
              + ") from Kafka at "
              + kafka.bootstrapServers()
              + " failed: "
              + e.getMessage(),
          e);
    } finally {
      consumer = null;
    }
  }

  private boolean reached(Map<TopicPartition, Long> until) {
    for (Map.Entry<TopicPartition, Long> e : until.entrySet()) {
      if (e.getValue() > 0 && expected.getOrDefault(e.getKey(), -1L) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private Map<String, Object> properties() {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pep-aggregate-tables");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50_000);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return kafka.consumer(p);
  }

  private void handle(TopicPartition tp, List<ConsumerRecord<byte[], byte[]>> records) {
    Long next = expected.get(tp);
    if (next == null) {
      return; // revoked meanwhile: read again by its new owner
    }
    AggregateTable table = tables.get(tp.topic());
    List<AggregateTable.Row> rows = new ArrayList<>(records.size());
    for (ConsumerRecord<byte[], byte[]> r : records) {
      try {
        rows.add(table.row(r.offset(), r.value()));
      } catch (IllegalArgumentException e) {
        skipped++;
        log.warn(
            "Not an aggregate row, left out of {}: {}-{}@{}: {}",
            table.name(),
            tp.topic(),
            tp.partition(),
            r.offset(),
            e.getMessage());
      }
    }
    // The position, not last offset + 1: transaction markers leave gaps.
    long newNext = consumer.position(tp);
    Backoff backoff = Backoff.doubling(100, 5_000);
    for (int attempt = 1; ; attempt++) {
      try {
        Sink.WriteResult w =
            sink.upsert(group, tp.topic(), null, tp.partition(), next, newNext, table, rows);
        expected.put(tp, newNext);
        read += records.size();
        upserted += w.inserted();
        return;
      } catch (StaleOffsetException e) {
        // Another member wrote it (or our last commit landed unseen): go on from what is stored.
        log.info("{}; reading {} again from the stored offset", e.getMessage(), tp);
        resync(List.of(tp));
        return;
      } catch (SinkException e) {
        if (e.willNotPass() || attempt >= ATTEMPTS) {
          throw new PepException(
              "Writing "
                  + tp.topic()
                  + "-"
                  + tp.partition()
                  + " into its table failed"
                  + (e.willNotPass() ? "" : " " + attempt + " times")
                  + ": "
                  + e.getMessage(),
              e);
        }
        log.warn("{}; retrying in {} ms", e.getMessage(), backoff.nextMillis());
        try {
          backoff.pause();
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
        // The failed commit may have landed: the stored offset says.
        Long stored = storedNext(tp);
        if (stored != null && stored == newNext) {
          expected.put(tp, newNext);
          read += records.size();
          return;
        }
        if (stored == null ? next >= 0 : stored != next) {
          resync(List.of(tp));
          return;
        }
      }
    }
  }

  private Long storedNext(TopicPartition tp) {
    Sink.StoredOffset s = sink.storedPositions(group, tp.topic()).get(tp.partition());
    return s == null ? null : s.next();
  }

  /** Seeks each partition to its stored offset (its beginning when none is stored). */
  private void resync(Collection<TopicPartition> partitions) {
    Map<String, Map<Integer, Sink.StoredOffset>> stored = new HashMap<>();
    for (TopicPartition tp : partitions) {
      Sink.StoredOffset s =
          stored
              .computeIfAbsent(tp.topic(), t -> sink.storedPositions(group, t))
              .get(tp.partition());
      if (s == null) {
        consumer.seekToBeginning(List.of(tp));
        expected.put(tp, -1L);
      } else {
        consumer.seek(tp, s.next());
        expected.put(tp, s.next());
      }
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      resync(partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      partitions.forEach(expected::remove);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      partitions.forEach(expected::remove);
    }
  }
}
