package dev.pep.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.Fixtures;
import dev.pep.broker.BrokerRestart;
import dev.pep.broker.EmbeddedBroker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The producer's promises under faults, each checked by the {@link Oracle} on a read_committed dump
 * of the topic, with proof that the fault happened where it was meant to: a {@code pep produce}
 * process of the full UCI file killed several times and rerun; one paused mid-transaction while a
 * second takes over the file; one paused past its transaction timeout while another file's producer
 * commits behind it.
 */
class ProducerFaultsIT {
  private static final String FULL = "online-retail/Online Retail.csv";
  private static final int ROWS = 541_909;

  @TempDir static Path tmp;
  private static EmbeddedBroker broker;
  private static Path csv;
  private static Set<String> expected;

  @BeforeAll
  static void start() throws IOException {
    csv = Fixtures.sharedData(FULL);
    expected = Oracle.expectedIds(csv);
    assertThat(expected).hasSize(ROWS);
    broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0);
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aProducerKilledSeveralTimesResumesAndTheTopicHoldsEachRowOnceInFileOrderPerKey()
      throws Exception {
    String topic = "killed-producer";
    long seed = Long.getLong("pep.faults.seed", new Random().nextLong());
    Random random = new Random(seed);
    int kills = Boolean.getBoolean("pep.faults.long") ? 8 : 3;
    String context = "seed " + seed;
    ProduceProcess produce =
        new ProduceProcess(
            tmp, broker.bootstrapServers(), topic, csv, "--partitions", "3", "-P", "linger.ms=10");
    int landed = 0;
    try (Watermarks marks = new Watermarks(broker.bootstrapServers())) {
      for (int k = 0; k < kills; k++) {
        ProduceProcess.Started p = produceWithCommitsEvery(produce, "kill-" + k, 200);
        long startAt = marks.total(topic);
        // Somewhere in the next 40% of the file: a kill that lands mid-run, mid-transaction.
        long killAt = startAt + 20_000 + random.nextInt(ROWS * 2 / 5);
        while (p.process().isAlive() && marks.total(topic) < killAt) {
          Thread.sleep(10);
        }
        if (p.process().isAlive()) {
          p.process().destroyForcibly().waitFor();
          landed++;
        }
      }
      assertThat(landed).as(context + ": kills that hit a running producer").isGreaterThan(1);

      ProduceProcess.Started last = produceWithCommitsEvery(produce, "final", 200);
      assertThat(last.await(180)).as(last.outputText()).isZero();
      // Proof the faults bit: the last run resumed after rows an earlier (killed) run committed,
      // and the killed runs left aborted records that read_committed readers never see.
      assertThat(last.summary("resumed_after_line")).as(context).isPositive();
      assertThat(last.summary("sent_before")).as(context).isPositive();
      assertThat(last.summary("sent_before") + last.summary("produced")).isEqualTo(ROWS);
    }
    List<Oracle.TopicRecord> committed = Oracle.dumpTopic(broker.bootstrapServers(), topic, true);
    List<Oracle.TopicRecord> all = Oracle.dumpTopic(broker.bootstrapServers(), topic, false);
    assertThat(all.size()).as(context + ": records incl. aborted").isGreaterThan(ROWS);
    Oracle.assertTopicExactlyOnce(context, committed, expected);
    assertFileOrderPerKey(context, committed);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aPausedProducerIsFencedByTheNextOneOnTheSameFileAndNothingItSentAfterIsVisible()
      throws Exception {
    String topic = "zombie";
    ProduceProcess produce = new ProduceProcess(tmp, broker.bootstrapServers(), topic, csv);
    ProduceProcess.Started zombie = produceWithCommitsEvery(produce, "zombie-a", 500);
    long uncommittedAtPause;
    try (Watermarks marks = new Watermarks(broker.bootstrapServers())) {
      // Pause it with records of an open transaction in the log (end offset past the last stable
      // one); a pause between two transactions leaves nothing to fence, so it is retried.
      for (int pauses = 1; ; pauses++) {
        while (zombie.process().isAlive()
            && (marks.total(topic) < 100_000 || marks.total(topic) <= marks.stable(topic))) {
          Thread.sleep(5);
        }
        assertThat(zombie.process().isAlive()).as(zombie.outputText()).isTrue();
        zombie.signal("STOP");
        Thread.sleep(300); // a commit already on its way lands meanwhile
        uncommittedAtPause = marks.total(topic) - marks.stable(topic);
        if (uncommittedAtPause > 0) {
          break;
        }
        zombie.signal("CONT");
        assertThat(pauses).as("pauses that fell between two transactions").isLessThan(20);
      }
    }
    try {
      ProduceProcess.Started successor = produceWithCommitsEvery(produce, "zombie-b", 500);
      assertThat(successor.await(180)).as(successor.outputText()).isZero();
    } finally {
      zombie.signal("CONT");
    }

    assertThat(zombie.await(120)).as(zombie.outputText()).isEqualTo(1);
    assertThat(zombie.outputText())
        .contains("was fenced (transactional id pep-zombie-")
        .contains("another pep process took over the file");
    List<Oracle.TopicRecord> committed = Oracle.dumpTopic(broker.bootstrapServers(), topic, true);
    List<Oracle.TopicRecord> all = Oracle.dumpTopic(broker.bootstrapServers(), topic, false);
    // Proof: the zombie had records in the log when it was paused, and they stay invisible.
    assertThat(uncommittedAtPause).isPositive();
    assertThat(all.size()).isGreaterThan(committed.size());
    Oracle.assertTopicExactlyOnce("zombie", committed, expected);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aProducerHangingMidTransactionStallsReadersOnlyUntilItsTransactionTimesOut()
      throws Exception {
    String topic = "hanging";
    int timeoutMs = 10_000;
    Path sample = Fixtures.sample();
    ProduceProcess.Started hanging =
        new ProduceProcess(
                tmp,
                broker.bootstrapServers(),
                topic,
                csv,
                "-P",
                "transaction.timeout.ms=" + timeoutMs)
            .start("hanging-a");
    long pausedAt;
    try (Watermarks marks = new Watermarks(broker.bootstrapServers())) {
      while (hanging.process().isAlive() && marks.total(topic) < 100_000) {
        Thread.sleep(10);
      }
      assertThat(hanging.process().isAlive()).as(hanging.outputText()).isTrue();
      hanging.signal("STOP");
      pausedAt = System.nanoTime();
    }
    Set<String> sampleIds = Oracle.expectedIds(sample);
    long visibleAfterMs;
    try {
      // Another file's producer commits behind the open transaction.
      ProduceProcess.Started other =
          new ProduceProcess(tmp, broker.bootstrapServers(), topic, sample).start("hanging-b");
      assertThat(other.await(120)).as(other.outputText()).isZero();
      long otherDoneMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt);
      // Proof the stall is real: committed, yet not visible to read_committed readers (unless
      // the machine was so slow that the transaction timed out already).
      if (otherDoneMs < timeoutMs - 2_000) {
        assertThat(idsIn(Oracle.dumpTopic(broker.bootstrapServers(), topic, true)))
            .doesNotContainAnyElementsOf(sampleIds);
      }
      while (!idsIn(Oracle.dumpTopic(broker.bootstrapServers(), topic, true))
          .containsAll(sampleIds)) {
        assertThat(System.nanoTime() - pausedAt)
            .as("read_committed readers still stalled")
            .isLessThan(TimeUnit.MILLISECONDS.toNanos(timeoutMs + 20_000));
        Thread.sleep(200);
      }
      visibleAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt);
    } finally {
      hanging.signal("CONT");
    }
    assertThat(visibleAfterMs).isGreaterThan(0);
    // The broker aborted the hanging transaction. Its producer learns so when it goes on: it
    // resumes from its last checkpoint with a new producer, or, fenced, stops and is rerun.
    int exit = hanging.await(120);
    if (exit == 0) {
      assertThat(hanging.outputText())
          .contains("resuming from its last checkpoint with a new producer");
    } else {
      assertThat(exit).as(hanging.outputText()).isEqualTo(1);
      assertThat(hanging.outputText()).contains("was fenced");
      ProduceProcess.Started rerun =
          new ProduceProcess(tmp, broker.bootstrapServers(), topic, csv).start("hanging-rerun");
      assertThat(rerun.await(180)).as(rerun.outputText()).isZero();
    }

    Set<String> both = new HashSet<>(expected);
    both.addAll(sampleIds);
    Oracle.assertTopicExactlyOnce(
        "hanging", Oracle.dumpTopic(broker.bootstrapServers(), topic, true), both);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aBrokerBouncedDuringProduceIsRiddenOutOrTheRerunCompletes() throws Exception {
    String topic = "bounced-broker";
    ProduceProcess produce = new ProduceProcess(tmp, broker.bootstrapServers(), topic, csv);
    ProduceProcess.Started p = produceWithCommitsEvery(produce, "bounce", 200);
    long atBounce;
    try (Watermarks marks = new Watermarks(broker.bootstrapServers())) {
      while (p.process().isAlive() && marks.total(topic) < 100_000) {
        Thread.sleep(10);
      }
      atBounce = marks.total(topic);
    }
    // Proof the fault bit: the producer was running, with most of the file still to send.
    assertThat(p.process().isAlive()).as(p.outputText()).isTrue();
    assertThat(atBounce).isLessThan(ROWS);
    broker = BrokerRestart.restart(broker);
    int exit = p.await(240);
    String outcome = "rode it out";
    if (exit != 0) {
      // A clear one-line error, then a rerun of the same command completes.
      assertThat(exit).as(p.outputText()).isEqualTo(1);
      assertThat(p.outputText()).contains("Error: ").doesNotContain("\tat ");
      ProduceProcess.Started rerun = produceWithCommitsEvery(produce, "bounce-rerun", 200);
      assertThat(rerun.await(180)).as(rerun.outputText()).isZero();
      outcome =
          "failed with: " + p.outputText().lines().filter(l -> l.startsWith("Error")).toList();
    }
    Oracle.assertTopicExactlyOnce(
        "broker bounce at " + atBounce + " records, producer " + outcome,
        Oracle.dumpTopic(broker.bootstrapServers(), topic, true),
        expected);
  }

  private static ProduceProcess.Started produceWithCommitsEvery(
      ProduceProcess produce, String name, int commitMs) throws IOException {
    return produce.start(name, Map.of("PEP_COMMIT_INTERVAL_MS", Integer.toString(commitMs)));
  }

  private static Set<String> idsIn(List<Oracle.TopicRecord> dump) {
    Set<String> ids = new HashSet<>();
    dump.forEach(r -> ids.add(r.eventId()));
    return ids;
  }

  /** Per partition in offset order, each key's rows come in the order of their lines. */
  private static void assertFileOrderPerKey(String context, List<Oracle.TopicRecord> dump) {
    Map<String, Long> lastLine = new HashMap<>();
    for (Oracle.TopicRecord r : dump) {
      long line = Long.parseLong(r.eventId().substring(r.eventId().indexOf(':') + 1));
      Long before = lastLine.put(r.partition() + "/" + r.key(), line);
      if (before != null && before > line) {
        throw new AssertionError(
            context
                + ": key "
                + r.key()
                + " in partition "
                + r.partition()
                + " has line "
                + line
                + " after line "
                + before
                + " (offset "
                + r.offset()
                + ")");
      }
    }
  }

  /** The sum of a topic's log-end offsets, with one consumer reused for frequent polling. */
  private static final class Watermarks implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaConsumer<byte[], byte[]> committed;

    Watermarks(String bootstrap) {
      consumer = consumer(bootstrap, "read_uncommitted");
      committed = consumer(bootstrap, "read_committed");
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String isolation) {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
      return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Sum of the topic's last stable offsets: no open transaction's records lie before them. */
    long stable(String topic) {
      return sum(committed, topic);
    }

    long total(String topic) {
      return sum(consumer, topic);
    }

    private static long sum(KafkaConsumer<byte[], byte[]> consumer, String topic) {
      var infos = consumer.listTopics(Duration.ofSeconds(10)).get(topic);
      if (infos == null) {
        return 0;
      }
      List<TopicPartition> tps =
          infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      return consumer.endOffsets(tps, Duration.ofSeconds(10)).values().stream()
          .mapToLong(Long::longValue)
          .sum();
    }

    @Override
    public void close() {
      consumer.close(Duration.ZERO);
      committed.close(Duration.ZERO);
    }
  }
}
