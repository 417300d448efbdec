package dev.pep.producer;

import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every file's last committed checkpoint in the checkpoint topic of an events topic, for {@code pep
 * status}: read once with {@code read_committed} from the start of the topic to its last stable
 * offset. Read-only; one call opens and closes its own consumer.
 */
public final class CheckpointLog {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private CheckpointLog() {}

  /**
   * The last committed checkpoint of each file produced to {@code eventsTopic}, in the order the
   * files were first produced; empty when nothing was produced (no checkpoint topic).
   */
  public static List<Checkpoint> read(KafkaClients kafka, String eventsTopic) {
    String topic = new Checkpoints(kafka, eventsTopic).topic();
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pep-status-checkpoints");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    Map<String, Checkpoint> last = new LinkedHashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.consumer(p))) {
      List<PartitionInfo> infos = consumer.listTopics(READ_TIMEOUT).getOrDefault(topic, List.of());
      List<TopicPartition> partitions =
          infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      if (partitions.isEmpty()) {
        return List.of();
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new dev.pep.config.PepException(
              "Cannot read the checkpoints in " + topic + " within 30 s");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Checkpoint c =
              Checkpoint.fromJson(r.value(), r.topic() + "-" + r.partition() + "@" + r.offset());
          String key = new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
          if (c == null) {
            last.remove(key);
          } else {
            last.put(key, c);
          }
        }
      }
      return new ArrayList<>(last.values());
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw Topics.unreachable(kafka.bootstrapServers(), READ_TIMEOUT.toMillis());
    }
  }

  private static boolean reached(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
