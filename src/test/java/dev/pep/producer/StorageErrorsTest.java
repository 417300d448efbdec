package dev.pep.producer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorageErrorsTest {
  /** As Kafka 4.3's producer logs it when a broker's log directory fills up. */
  private static String answer(String txId, String partition, String error) {
    return "[Producer clientId=pep-producer, transactionalId="
        + txId
        + "] Got error produce response with correlation id 232 on topic-partition "
        + partition
        + ", retrying (2147483646 attempts left). Error: "
        + error;
  }

  @Test
  void namesThePartitionsABrokerAnsweredWithAStorageError() {
    StorageErrors.remember(answer("tx-a", "purchase-events-2", "KAFKA_STORAGE_ERROR"));
    StorageErrors.remember(answer("tx-a", "purchase-events-0", "KAFKA_STORAGE_ERROR"));
    StorageErrors.remember(answer("tx-a", "purchase-events-2", "KAFKA_STORAGE_ERROR"));
    StorageErrors.remember(answer("tx-a", "purchase-events-1", "NOT_LEADER_OR_FOLLOWER"));
    StorageErrors.remember(answer("tx-b", "other-0", "KAFKA_STORAGE_ERROR"));

    assertThat(StorageErrors.addTo("TimeoutException: Expiring 392 record(s) … yet.", "tx-a"))
        .isEqualTo(
            "TimeoutException: Expiring 392 record(s) … yet. Before that the broker answered"
                + " KAFKA_STORAGE_ERROR for purchase-events-0, purchase-events-2: its log"
                + " directory failed (a full disk or a broken one; see the broker's log).");
  }

  @Test
  void leavesOtherFailuresAsTheyAre() {
    assertThat(StorageErrors.addTo("TimeoutException: x", "tx-none"))
        .isEqualTo("TimeoutException: x");
  }
}
