package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.faults.Oracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that stopped without its clean shutdown (SIGKILL here; Kafka's halt on a full disk stops
 * it the same way) while a producer's transaction was open, then started again on the same data and
 * port, as {@code pep broker} is. The transaction is older than its timeout by then, so the
 * coordinator aborts it as soon as it has loaded. Without {@code EmbeddedBroker}'s start and stop
 * after a crash, that abort's markers go to the killed broker's registration, which is still in
 * place, and are dropped when it is fenced: the partitions keep the transaction open, and the
 * rerun's first commit (same producer id) commits its rows, which the rerun sends again. The second
 * test shows that, with the settling start switched off; the first that with it the markers arrive
 * and the rerun completes exactly once.
 */
class BrokerRestartRaceIT {
  private static final int ROWS = FirstRowsRerun.ROWS;
  private static final String TOPIC = FirstRowsRerun.TOPIC;
  private static final String NO_SETTLING = "-Dpep.broker.settleAfterCrash=false";

  @TempDir Path tmp;

  @Test
  void theRestartAbortsTheOpenTransactionAndTheRerunCompletesExactlyOnce() throws Exception {
    Path csv = FirstRowsRerun.firstRows(tmp.resolve("rows.csv"));
    Set<String> valid = Oracle.expectedIds(csv);
    Path work = Files.createDirectories(tmp.resolve("work"));
    Path state = tmp.resolve("state");
    int port = BrokerProcess.freePort();
    killMidTransaction(work, state, port, csv);

    try (BrokerProcess broker = BrokerProcess.start(work, state, port, List.of())) {
      assertThat(brokerLog(work)).contains("was not shut down cleanly");
      assertThat(Transactions.awaitNoneInProgress(broker.bootstrap()))
          .as("the coordinator aborted the killed producer's transaction")
          .extracting(TransactionListing::state)
          .containsExactly(TransactionState.COMPLETE_ABORT);
      assertThat(Transactions.openIn(TOPIC, broker.bootstrap()))
          .as("partitions still holding the killed producer's transaction")
          .isEmpty();
      int committed = Oracle.dumpSettled(broker.bootstrap(), TOPIC).size();
      int inLog = Oracle.dumpTopic(broker.bootstrap(), TOPIC, false).size();
      assertThat(committed).as("events committed before the kill").isBetween(1, ROWS - 1);
      assertThat(inLog)
          .as("events in the log: the kill came while a transaction held some")
          .isGreaterThan(committed);

      System.out.printf(
          "With the settling start: %,d events committed before the kill, %,d in the log%n",
          committed, inLog);
      PepProcess.Result again = rerun(work, broker.bootstrap(), csv);
      assertThat(FirstRowsRerun.resumed(again).committed())
          .as("the rerun resumed after exactly what the topic held")
          .isEqualTo(committed);
      Oracle.assertTopicExactlyOnce(
          "after the rerun", Oracle.dumpSettled(broker.bootstrap(), TOPIC), valid);
    }
  }

  @Test
  void withoutTheSettlingStartTheAbortMarkersAreLostAndTheRerunDuplicatesRows() throws Exception {
    Path csv = FirstRowsRerun.firstRows(tmp.resolve("rows.csv"));
    Path work = Files.createDirectories(tmp.resolve("work"));
    Path state = tmp.resolve("state");
    int port = BrokerProcess.freePort();
    killMidTransaction(work, state, port, csv);

    try (BrokerProcess broker = BrokerProcess.start(work, state, port, List.of(NO_SETTLING))) {
      assertThat(brokerLog(work)).doesNotContain("was not shut down cleanly");
      List<TransactionListing> coordinator = Transactions.awaitNoneInProgress(broker.bootstrap());
      List<String> open = Transactions.openIn(TOPIC, broker.bootstrap());
      assertThat(open)
          .as(
              "partitions still holding the killed transaction; the coordinator lists "
                  + coordinator)
          .isNotEmpty();

      PepProcess.Result again = rerun(work, broker.bootstrap(), csv);
      assertThat(again.exitCode()).as(again.toString()).isZero();
      List<Oracle.TopicRecord> dump = Oracle.dumpSettled(broker.bootstrap(), TOPIC);
      long distinct = dump.stream().map(Oracle.TopicRecord::eventId).distinct().count();
      System.out.printf(
          "Without the settling start: %,d records committed, %,d distinct events; open before"
              + " the rerun: %s; the coordinator listed %s%n",
          dump.size(), distinct, open, coordinator);
      assertThat(distinct).isEqualTo(ROWS);
      assertThat(dump.size() - distinct)
          .as("rows of the killed transaction read as committed by the rerun's commit")
          .isPositive();
    }
  }

  /**
   * Starts a broker and {@code pep produce} against it; once a fiftieth of the rows are committed
   * and the partitions hold an open transaction (the producer is throttled by a broker quota, so
   * that moment comes on a quiet machine too), SIGKILLs the producer (its transaction stays open on
   * the broker) and then the broker, and waits until that transaction is older than its timeout.
   */
  private static void killMidTransaction(Path work, Path state, int port, Path csv)
      throws Exception {
    BrokerProcess broker = BrokerProcess.start(work, state, port, List.of());
    // A broker quota on the producer's client id keeps it mid-file for about a minute on any
    // machine: unthrottled, a quiet machine sent all 100,000 rows in 2 s (default settings) or
    // 3.8 s (small requests one at a time, a clean-clone CI run), before the test's look caught a
    // transaction open. The rerun uses pep's own client id, which has no quota.
    throttle(broker.bootstrap(), THROTTLED, THROTTLED_BYTES_PER_SECOND);
    PepProcess.Running produce =
        PepProcess.start(
            List.of("-Xmx512m"),
            work,
            Map.of("PEP_LOG_DIR", work.resolve("logs-produce").toString()),
            // Throttled, a transaction must not hold all the producer could buffer (16 MiB), or
            // its commit outlasts the 5 s transaction timeout and the producer is fenced: with
            // 256 KiB of buffer, send waits instead, and each commit flushes at most that much.
            produceArgs(
                broker.bootstrap(),
                csv,
                "-P",
                "client.id=" + THROTTLED,
                "-P",
                "buffer.memory=262144"));
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      // Some transactions committed, and one open in the partitions: the moment the race needs.
      while (endOffsets(broker.bootstrap(), true) < ROWS / 50
          || Transactions.openIn(TOPIC, broker.bootstrap()).isEmpty()) {
        assertThat(produce.process().isAlive())
            .as("pep produce ended before the kill:\n" + produce.outputs())
            .isTrue();
        assertThat(System.nanoTime()).as("rows in the log within 180 s").isLessThan(deadline);
        Thread.sleep(300);
      }
    } finally {
      produce.kill();
      broker.kill();
    }
    // The restarted coordinator aborts it at once only if it has timed out.
    Thread.sleep(TRANSACTION_TIMEOUT_MS + 1000);
  }

  private static final int TRANSACTION_TIMEOUT_MS = 5000;

  /** The killed producer's client id, and its broker quota (lz4-compressed bytes a second). */
  private static final String THROTTLED = "pep-race-throttled";

  private static final double THROTTLED_BYTES_PER_SECOND = 200_000;

  private static void throttle(String bootstrap, String clientId, double bytesPerSecond)
      throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .alterClientQuotas(
              List.of(
                  new ClientQuotaAlteration(
                      new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId)),
                      List.of(new ClientQuotaAlteration.Op("producer_byte_rate", bytesPerSecond)))))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
  }

  private static String[] produceArgs(String bootstrap, Path csv, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "produce",
                "--bootstrap",
                bootstrap,
                "--file",
                csv.toString(),
                "-P",
                "transaction.timeout.ms=" + TRANSACTION_TIMEOUT_MS));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static PepProcess.Result rerun(Path work, String bootstrap, Path csv) throws Exception {
    return PepProcess.run(
        List.of("-Xmx512m"),
        work,
        Map.of("PEP_LOG_DIR", work.resolve("logs-rerun").toString()),
        180,
        produceArgs(bootstrap, csv));
  }

  /** The sum of the topic's end offsets: last stable offsets with {@code readCommitted}. */
  private static long endOffsets(String bootstrap, boolean readCommitted) {
    return Oracle.endOffsets(bootstrap, TOPIC, readCommitted).values().stream()
        .mapToLong(Long::longValue)
        .sum();
  }

  private static String brokerLog(Path work) throws java.io.IOException {
    return Files.readString(work.resolve("logs-broker").resolve("pep.log"));
  }
}
