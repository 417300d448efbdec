package dev.pep.kafka;

import dev.pep.config.PepException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a range of a topic without a consumer group (assign + seek), with {@code read_committed}
 * isolation: used to check what a run wrote. Not thread-safe; one instance per reading.
 */
public final class TopicReader implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final KafkaClients kafka;

  public TopicReader(KafkaClients kafka, String topic) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pep-reader");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    this.consumer =
        new KafkaConsumer<>(
            kafka.consumer(p), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.topic = topic;
    this.kafka = kafka;
  }

  /** The topic's partitions. */
  public List<TopicPartition> partitions() {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
    } catch (KafkaException e) {
      throw failed("list the partitions of", e);
    }
    if (infos == null || infos.isEmpty()) {
      throw new PepException("Topic " + topic + " does not exist");
    }
    List<TopicPartition> tps = new ArrayList<>();
    for (PartitionInfo i : infos) {
      tps.add(new TopicPartition(topic, i.partition()));
    }
    tps.sort(java.util.Comparator.comparingInt(TopicPartition::partition));
    return tps;
  }

  /**
   * The next offset to be written in each partition: the log end, transactions still open or not.
   * Right after a producer commits, its transaction markers may not be written yet, so the last
   * stable offset a read_committed reader sees can still be short of what was committed; {@link
   * #read} up to the log end waits for them.
   */
  public Map<TopicPartition, Long> endOffsets() {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pep-reader-ends");
    Map<String, Object> props = kafka.consumer(p);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    try (KafkaConsumer<byte[], byte[]> ends =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      return new HashMap<>(ends.endOffsets(partitions(), Duration.ofSeconds(15)));
    } catch (KafkaException e) {
      throw failed("read the end offsets of", e);
    }
  }

  /**
   * Hands every record from {@code from} (inclusive) up to {@code to} (exclusive) per partition to
   * {@code handler}; partitions missing from {@code from} are read from their beginning. Returns
   * the records read per partition.
   */
  public Map<TopicPartition, Long> read(
      Map<TopicPartition, Long> from,
      Map<TopicPartition, Long> to,
      Consumer<ConsumerRecord<byte[], byte[]>> handler) {
    try {
      return readRange(from, to, handler);
    } catch (KafkaException e) {
      throw failed("read back", e);
    }
  }

  private Map<TopicPartition, Long> readRange(
      Map<TopicPartition, Long> from,
      Map<TopicPartition, Long> to,
      Consumer<ConsumerRecord<byte[], byte[]>> handler) {
    List<TopicPartition> tps = new ArrayList<>(to.keySet());
    consumer.assign(tps);
    Map<TopicPartition, Long> counts = new HashMap<>();
    List<TopicPartition> remaining = new ArrayList<>();
    for (TopicPartition tp : tps) {
      long start = from.getOrDefault(tp, 0L);
      counts.put(tp, 0L);
      if (start < to.get(tp)) {
        consumer.seek(tp, start);
        remaining.add(tp);
      }
    }
    consumer.pause(tps);
    consumer.resume(remaining);
    while (!remaining.isEmpty()) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (r.offset() < to.get(tp)) {
          handler.accept(r);
          counts.merge(tp, 1L, Long::sum);
        }
      }
      // Transaction markers leave gaps, so "done" is the position, not the last offset + 1.
      remaining.removeIf(
          tp -> {
            boolean done = consumer.position(tp) >= to.get(tp);
            if (done) {
              consumer.pause(List.of(tp));
            }
            return done;
          });
    }
    return counts;
  }

  /** A Kafka error in the one error shape: what was being done, the topic and the cluster. */
  private PepException failed(String doing, KafkaException e) {
    return new PepException(
        "Cannot "
            + doing
            + " topic "
            + topic
            + " at "
            + kafka.bootstrapServers()
            + ": "
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()),
        e);
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
