package dev.pep.aggregate;

import dev.pep.config.PepException;
import dev.pep.kafka.KafkaClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Whether a Kafka Streams application has processed its input up to given offsets, all the way
 * through: the events topic and then its own repartition topics, whose records are the events on
 * their way to the aggregates. The committed offsets are read first and the ends second, so a
 * record a stage wrote before its offsets were read is counted by the next stage's end; when every
 * committed offset covers its end, the output topics hold everything below {@code until}.
 *
 * <p>The application commits the offset after the last record it processed, so a partition whose
 * tail is a transaction marker (or aborted records) stays short of the log end: such a partition
 * counts when a read_committed reader finds no record between the two.
 */
final class CaughtUp {
  private CaughtUp() {}

  static boolean of(
      KafkaClients kafka, Admin admin, String applicationId, Map<TopicPartition, Long> until) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(applicationId)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      Map<TopicPartition, Long> ends = new HashMap<>(until);
      List<String> internal =
          admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
              .filter(t -> t.startsWith(applicationId + "-") && t.endsWith("-repartition"))
              .toList();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (TopicDescription d :
          admin.describeTopics(internal).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
        d.partitions()
            .forEach(
                p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
      }
      admin
          .listOffsets(latest)
          .all()
          .get(30, TimeUnit.SECONDS)
          .forEach((tp, r) -> ends.put(tp, r.offset()));
      Map<TopicPartition, long[]> short_ = new HashMap<>();
      for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
        OffsetAndMetadata o = committed.get(e.getKey());
        long at = o == null ? 0 : o.offset();
        if (at < e.getValue()) {
          short_.put(e.getKey(), new long[] {at, e.getValue()});
        }
      }
      return short_.isEmpty() || nothingBetween(kafka, short_);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      throw new PepException(
          "Cannot read how far "
              + applicationId
              + " has got from Kafka at "
              + kafka.bootstrapServers()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** True when a read_committed reader finds no record in any partition's [from, to). */
  private static boolean nothingBetween(KafkaClients kafka, Map<TopicPartition, long[]> ranges) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pep-aggregate-caught-up");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            kafka.consumer(p), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.assign(List.copyOf(ranges.keySet()));
      ranges.forEach((tp, r) -> c.seek(tp, r[0]));
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < deadline) {
        for (var r : c.poll(Duration.ofMillis(100))) {
          if (r.offset() < ranges.get(new TopicPartition(r.topic(), r.partition()))[1]) {
            return false;
          }
        }
        if (ranges.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue()[1])) {
          return true;
        }
      }
      return false;
    }
  }
}
