package dev.pep.metrics;

import dev.pep.config.SinkConfig;
import dev.pep.config.SinkType;
import dev.pep.kafka.KafkaClients;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Asks the cluster and the database how the pipeline stands: the topic's end offsets (last stable
 * offsets, as a {@code read_committed} consumer sees them), the offsets the database stores for the
 * group, and so the lag per partition; and whether each answered. Answers are kept for a second, so
 * frequent scrapes cost one round trip. Thread-safe.
 */
public final class PipelineProbe implements AutoCloseable {
  private static final long FRESH_NANOS = 1_000_000_000L;
  private static final long TIMEOUT_SECONDS = 3;

  /**
   * A partition's position: the end offset, the offset the database stores (-1: none yet), and the
   * lag, {@code end − max(stored, start)}.
   */
  public record PartitionLag(int partition, long start, long end, long stored) {
    public long lag() {
      return Math.max(0, end - Math.max(stored, start));
    }
  }

  /**
   * What the last probe found.
   *
   * @param clusterProblem why the cluster did not answer, or null
   * @param databaseProblem why the database did not answer, or null (also when there is none)
   * @param partitions each partition's lag, by partition; empty when either did not answer or the
   *     lag is not known (no database)
   */
  public record Snapshot(
      String clusterProblem, String databaseProblem, Map<Integer, PartitionLag> partitions) {}

  private final KafkaClients kafka;
  private final String topic;
  private final String group;
  private final OffsetsTable offsets;
  private Admin admin;
  private Snapshot last = new Snapshot("not asked yet", null, Map.of());
  private long lastAt = Long.MIN_VALUE;

  /**
   * @param group the consumer group whose lag is measured, or null (producing only)
   * @param sink the sink holding the group's offsets, or null (producing only, or a sink without
   *     offsets: no lag, no database check)
   */
  public PipelineProbe(KafkaClients kafka, String topic, String group, SinkConfig sink) {
    this.kafka = kafka;
    this.topic = topic;
    this.group = group;
    this.offsets =
        group != null && sink != null && sink.sink() != SinkType.JSONL
            ? new OffsetsTable(sink, false)
            : null;
  }

  public String topic() {
    return topic;
  }

  public String group() {
    return group;
  }

  /** True when the probe measures lag (a group and a sink that stores its offsets). */
  public boolean measuresLag() {
    return offsets != null;
  }

  /** The last snapshot, asked again when it is older than a second. */
  public synchronized Snapshot snapshot() {
    long now = System.nanoTime();
    if (lastAt != Long.MIN_VALUE && now - lastAt < FRESH_NANOS) {
      return last;
    }
    last = ask();
    lastAt = System.nanoTime();
    return last;
  }

  /** Asks again now, however fresh the last answer is. */
  public synchronized Snapshot refresh() {
    last = ask();
    lastAt = System.nanoTime();
    return last;
  }

  /** The last snapshot taken, without asking again (for gauges read during a scrape). */
  synchronized Snapshot lastSnapshot() {
    return last;
  }

  private Snapshot ask() {
    Map<Integer, long[]> ends;
    try {
      ends = endOffsets();
    } catch (ExecutionException e) {
      return new Snapshot(
          "Kafka at " + kafka.bootstrapServers() + ": " + message(e.getCause()), null, Map.of());
    } catch (TimeoutException e) {
      return new Snapshot(
          "Kafka at "
              + kafka.bootstrapServers()
              + " did not answer within "
              + TIMEOUT_SECONDS
              + " s",
          null,
          Map.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Snapshot("interrupted", null, Map.of());
    }
    if (offsets == null) {
      return new Snapshot(null, null, Map.of());
    }
    Map<Integer, Long> stored = new HashMap<>();
    try {
      for (OffsetsTable.Row r : offsets.read(group, topic)) {
        stored.put(r.partition(), r.nextOffset());
      }
    } catch (SQLException e) {
      return new Snapshot(null, offsets.describe() + ": " + message(e), Map.of());
    }
    Map<Integer, PartitionLag> lags = new TreeMap<>();
    ends.forEach(
        (p, se) -> lags.put(p, new PartitionLag(p, se[0], se[1], stored.getOrDefault(p, -1L))));
    return new Snapshot(null, null, lags);
  }

  /** Partition → {start, end} of the topic, read_committed. */
  private Map<Integer, long[]> endOffsets()
      throws ExecutionException, TimeoutException, InterruptedException {
    if (admin == null) {
      admin =
          Admin.create(
              kafka.admin(
                  Map.of(
                      AdminClientConfig.CLIENT_ID_CONFIG,
                      "pep-metrics",
                      AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                      (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS),
                      AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                      (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS))));
    }
    return offsets(admin, topic, TIMEOUT_SECONDS);
  }

  /** Partition → {start, end} (read_committed) of {@code topic}; empty when it does not exist. */
  static Map<Integer, long[]> offsets(Admin admin, String topic, long timeoutSeconds)
      throws ExecutionException, TimeoutException, InterruptedException {
    Map<String, TopicDescription> d;
    try {
      d =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
        return Map.of();
      }
      throw e;
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    d.get(topic)
        .partitions()
        .forEach(
            p -> {
              latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
              earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
            });
    ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
    var ends = admin.listOffsets(latest, committed).all().get(timeoutSeconds, TimeUnit.SECONDS);
    var starts = admin.listOffsets(earliest, committed).all().get(timeoutSeconds, TimeUnit.SECONDS);
    Map<Integer, long[]> out = new TreeMap<>();
    ends.forEach(
        (tp, info) -> out.put(tp.partition(), new long[] {starts.get(tp).offset(), info.offset()}));
    return out;
  }

  private static String message(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(java.time.Duration.ofSeconds(2));
    }
    if (offsets != null) {
      offsets.close();
    }
  }
}
