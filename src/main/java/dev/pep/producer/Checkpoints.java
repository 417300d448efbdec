package dev.pep.producer;

import dev.pep.config.PepException;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The checkpoint topic of an events topic: {@code <topic>.checkpoints}, compacted, keyed by the
 * input file's absolute path. One transactional id per (topic, file) makes a second process on the
 * same file fence the first, and lets a rerun learn where the last committed transaction ended.
 */
final class Checkpoints {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaClients kafka;
  private final String topic;

  /**
   * @param eventsTopic the topic the events go to
   */
  Checkpoints(KafkaClients kafka, String eventsTopic) {
    this.kafka = kafka;
    this.topic = eventsTopic + ".checkpoints";
  }

  String topic() {
    return topic;
  }

  /** Creates the compacted checkpoint topic when it is missing. */
  void ensureTopic(Topics.Session admin) {
    admin.ensure(topic, 1, Map.of("cleanup.policy", "compact"));
  }

  /** The checkpoint key of {@code file}: its absolute, normalized path. */
  static String key(Path file) {
    return file.toAbsolutePath().normalize().toString();
  }

  /**
   * The stable transactional id of producing {@code file} to {@code eventsTopic}: readable prefix,
   * then a hash of both, so any path fits Kafka's limits.
   */
  static String transactionalId(String eventsTopic, Path file) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(eventsTopic.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(key(file).getBytes(StandardCharsets.UTF_8));
      return "pep-" + eventsTopic + "-" + HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  /**
   * The last committed checkpoint of {@code file}, read with {@code read_committed} from the start
   * of the checkpoint topic to its last stable offset. Call it after {@code initTransactions()}, so
   * that an earlier transaction of the same id is finished, committed or aborted.
   */
  Optional<Checkpoint> read(Path file) {
    byte[] key = key(file).getBytes(StandardCharsets.UTF_8);
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pep-checkpoint-reader");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50); // at the end of the log, answer fast
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.consumer(p))) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, READ_TIMEOUT);
      List<TopicPartition> partitions =
          infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
      Checkpoint last = null;
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new PepException(
              "Cannot read the checkpoints of " + file + " from " + topic + " within 30 s");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (java.util.Arrays.equals(key, r.key())) {
            last =
                Checkpoint.fromJson(r.value(), r.topic() + "-" + r.partition() + "@" + r.offset());
          }
        }
      }
      return Optional.ofNullable(last);
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
