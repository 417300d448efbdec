package dev.pep.cli;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;

/**
 * What a broker says about transactions: the coordinator's view ({@code listTransactions}) and the
 * partitions' ({@code describeProducers}: a transaction no marker has closed yet).
 */
final class Transactions {
  private Transactions() {}

  /**
   * Waits until the coordinator has no transaction in progress (it has aborted the killed one, or
   * never saw it begin) and returns what it lists.
   */
  static List<TransactionListing> awaitNoneInProgress(String bootstrap) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    try (Admin admin = admin(bootstrap)) {
      while (true) {
        List<TransactionListing> all =
            List.copyOf(admin.listTransactions().all().get(15, TimeUnit.SECONDS));
        if (all.stream().noneMatch(t -> IN_PROGRESS.contains(t.state()))) {
          return all;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("A transaction still in progress after 90 s: " + all);
        }
        Thread.sleep(500);
      }
    }
  }

  private static final Set<TransactionState> IN_PROGRESS =
      Set.of(
          TransactionState.ONGOING,
          TransactionState.PREPARE_ABORT,
          TransactionState.PREPARE_COMMIT,
          TransactionState.UNKNOWN);

  /** The topic's partitions in which a producer's transaction is open (no marker closed it). */
  static List<String> openIn(String topic, String bootstrap) throws Exception {
    try (Admin admin = admin(bootstrap)) {
      List<TopicPartition> tps =
          IntStream.range(0, 3).mapToObj(p -> new TopicPartition(topic, p)).toList();
      return admin.describeProducers(tps).all().get(15, TimeUnit.SECONDS).entrySet().stream()
          .filter(
              e ->
                  e.getValue().activeProducers().stream()
                      .map(ProducerState::currentTransactionStartOffset)
                      .anyMatch(o -> o.isPresent()))
          .map(e -> e.getKey() + " from offset " + e.getValue().activeProducers())
          .toList();
    }
  }

  private static Admin admin(String bootstrap) {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            10_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            15_000));
  }
}
