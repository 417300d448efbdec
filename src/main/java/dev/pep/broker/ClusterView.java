package dev.pep.broker;

import dev.pep.config.PepException;
import dev.pep.kafka.KafkaClients;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * What a running cluster says about itself, asked over the network: who leads a partition, which
 * node is the active controller, whether every replica is in sync. The questions a fault test asks
 * before and after it breaks a node of a {@link LocalCluster} (which starts and kills the
 * processes); each opens a short-lived admin client with short timeouts.
 */
public final class ClusterView {
  private final String bootstrapServers;

  /**
   * @param bootstrapServers host:port of the nodes, comma-separated
   */
  public ClusterView(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /** The id of the node that leads {@code topic}'s {@code partition}, if one does. */
  public Optional<Integer> leader(String topic, int partition) {
    return ask(
        admin ->
            Optional.ofNullable(
                    admin
                        .describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(10, TimeUnit.SECONDS)
                        .get(topic)
                        .partitions()
                        .get(partition)
                        .leader())
                .map(Node::id));
  }

  /** The id of the active controller (the leader of the metadata quorum). */
  public int activeController() {
    return ask(
        admin -> admin.describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS).leaderId());
  }

  /**
   * Waits until every partition of every topic, Kafka's own included, has a leader and all its
   * replicas in sync: the cluster can then lose any one node. A cluster that does not answer for a
   * moment (a node just started, a controller being elected) is asked again until the timeout.
   */
  public void awaitFullyReplicated(long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    String lagging = "";
    while (System.nanoTime() < deadline) {
      try {
        lagging = ask(ClusterView::firstLagging);
        if (lagging.isEmpty()) {
          return;
        }
      } catch (PepException e) {
        lagging = e.getMessage();
      }
      pause(200);
    }
    throw new PepException(
        "The cluster at " + bootstrapServers + " is not fully replicated: " + lagging);
  }

  private static String firstLagging(Admin admin) throws Exception {
    var names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
    for (TopicDescription d : admin.describeTopics(names).allTopicNames().get().values()) {
      for (TopicPartitionInfo p : d.partitions()) {
        if (p.leader() == null || p.isr().size() < p.replicas().size()) {
          return d.name() + "-" + p.partition() + " leader " + p.leader() + " isr " + p.isr();
        }
      }
    }
    return "";
  }

  private interface AdminCall<T> {
    T call(Admin admin) throws Exception;
  }

  private <T> T ask(AdminCall<T> call) {
    try (Admin admin = Admin.create(KafkaClients.plain(bootstrapServers).admin(shortTimeouts()))) {
      return call.call(admin);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PepException("Interrupted while asking the cluster", e);
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new PepException(
          "The cluster at " + bootstrapServers + " did not answer: " + cause.getMessage(), e);
    }
  }

  /** Admin client timeouts of seconds, not minutes: a node that is down is soon given up on. */
  static Map<String, Object> shortTimeouts() {
    return Map.of(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
        AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PepException("Interrupted while waiting for the cluster", e);
    }
  }
}
