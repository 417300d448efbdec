package dev.pep.broker;

import dev.pep.config.PepException;
import dev.pep.kafka.KafkaClients;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Waits for a broker to answer metadata requests. */
final class BrokerProbe {
  private BrokerProbe() {}

  static void awaitReady(String bootstrap, long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    try (Admin admin =
        Admin.create(
            // The broker's own PLAINTEXT listener: the user's client settings are for clusters.
            KafkaClients.plain(bootstrap)
                .admin(
                    Map.of(
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000,
                        AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 20,
                        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 100)))) {
      while (true) {
        try {
          if (!admin
              .describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
              .nodes()
              .get(2, TimeUnit.SECONDS)
              .isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw new PepException(
                "The embedded Kafka broker at "
                    + bootstrap
                    + " did not answer within "
                    + timeoutMillis / 1000
                    + " s");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new PepException("Interrupted while waiting for the embedded broker", e);
        }
      }
    }
  }
}
