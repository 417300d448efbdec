package dev.pep.bench;

import dev.pep.config.PepException;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.TopicReader;
import dev.pep.kafka.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * The bench's view of the cluster: fresh topics for each run, what a run left in its topic (end
 * offsets, bytes on disk), and deleting the topic afterwards. One admin client; close it.
 */
final class TopicStats implements AutoCloseable {
  private static final int TIMEOUT_SECONDS = 30;

  private final String bootstrap;
  private final KafkaClients kafka;
  private final int partitions;
  private final Admin admin;

  TopicStats(KafkaClients kafka, int partitions) {
    this.bootstrap = kafka.bootstrapServers();
    this.kafka = kafka;
    this.partitions = partitions;
    this.admin =
        Admin.create(
            kafka.admin(
                Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000)));
  }

  /** Creates {@code topic}, waiting until every partition has a serving leader. */
  void create(String topic) {
    int n = Topics.ensure(kafka, topic, partitions);
    if (n != partitions) {
      throw new PepException(
          "Topic " + topic + " already exists with " + n + " partitions: not a fresh topic");
    }
  }

  /**
   * The records a read_committed reader finds in the topic, counted by reading it: end offsets
   * alone would count the transaction markers of pep's producer (one per partition and commit).
   */
  long records(String topic) {
    try (TopicReader reader = new TopicReader(kafka, topic)) {
      return reader.read(Map.of(), reader.endOffsets(), r -> {}).values().stream()
          .mapToLong(Long::longValue)
          .sum();
    }
  }

  /** Size of the topic's log on every broker's disks, summed over its partitions and replicas. */
  long bytesOnDisk(String topic) {
    List<Integer> brokers =
        get(admin.describeCluster().nodes(), topic).stream().map(Node::id).toList();
    long bytes = 0;
    Map<Integer, Map<String, LogDirDescription>> dirs =
        get(admin.describeLogDirs(brokers).allDescriptions(), topic);
    for (Map<String, LogDirDescription> byPath : dirs.values()) {
      for (LogDirDescription d : byPath.values()) {
        for (Map.Entry<TopicPartition, ReplicaInfo> e : d.replicaInfos().entrySet()) {
          if (e.getKey().topic().equals(topic)) {
            bytes += e.getValue().size();
          }
        }
      }
    }
    return bytes;
  }

  void delete(String topic) {
    get(admin.deleteTopics(List.of(topic)).all(), topic);
  }

  private static <T> T get(org.apache.kafka.common.KafkaFuture<T> f, String topic) {
    try {
      return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new PepException("Bench topic " + topic + ": " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw new PepException(
          "Bench topic " + topic + ": no answer within " + TIMEOUT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PepException("Interrupted while asking about bench topic " + topic, e);
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
