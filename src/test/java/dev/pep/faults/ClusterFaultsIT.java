package dev.pep.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.Fixtures;
import dev.pep.broker.LocalCluster;
import dev.pep.consumer.ConsumeProcess;
import dev.pep.consumer.Postgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * pep on a replicated cluster: three nodes ({@link LocalCluster}, each a process of its own, all
 * combined broker and controller), replication factor 3 and {@code min.insync.replicas=2}, pep's
 * defaults ({@code acks=all}, idempotence, transactions). Each test takes a slice of the UCI file
 * through a fresh topic in two phases and lands its fault once in each: first while {@code pep
 * produce} is mid-file, then, the cluster whole again, while {@code pep consume} into PostgreSQL is
 * mid-topic. The faults: the leader of a partition killed (SIGKILL); a rolling restart of the three
 * nodes (SIGTERM, start, wait until every replica is in sync, next); the active controller killed;
 * two of the three nodes killed, held down, then one started again. After both phases, the exact
 * {@link Oracle}: every CSV row once in the topic (read_committed), every event once in the
 * database, the stored offsets equal to the end offsets; and the topics pep created, like Kafka's
 * own, have three replicas.
 *
 * <p>The phases run one after the other, not together: a {@code read_committed} consumer cannot
 * read past a transaction still open, so a consumer beside a producer slowed enough to be faulted
 * mid-file only ever waits for it.
 *
 * <p>Proof that a fault bit: when it landed, the process was alive with some but not all of its
 * work done (offsets committed to the topic, offsets stored in the database). Each fault lands as
 * soon as the first offsets are committed (stored), so however fast the machine, most of the work
 * is still to do; both are slowed until then: the producer, committing every chunk of 1,024 rows,
 * by a broker quota on its client id, the consumer by small polls and a commit trigger that sleeps;
 * both are lifted once the fault has landed. A run may fail on a fault if it says why in one line;
 * a rerun must then finish the job exactly once. Each phase prints where its seconds went (to the
 * fault, the fault, to the end, healing the cluster).
 *
 * <p>Two nodes down while producing: no write can reach two in-sync replicas and the controllers
 * have no majority, so nothing can be acknowledged. pep's producer waits, as Kafka's client does
 * (each batch up to {@code delivery.timeout.ms}, two minutes by default), and goes on when a node
 * is back; the test asserts that it is still waiting, alive, after the two have been down a while,
 * and that it then completes the file exactly once. Down for longer than its attempts last, it
 * stops with one line naming the file and the topic, and a rerun resumes after exactly what the
 * topic holds ({@link #twoNodesDownLongerThanTheProducerWaits}).
 *
 * <p>A 10,000-row slice by default; {@code -Dpep.faults.long=true} uses 100,000 rows and holds two
 * nodes down longer; {@code -Dpep.faults.seed=N} replays a run's choice of the leader to kill.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ClusterFaultsIT {
  private static final boolean LONG = Boolean.getBoolean("pep.faults.long");
  private static final String FULL = "online-retail/Online Retail.csv";
  private static final int ROWS = LONG ? 100_000 : 10_000;

  /** How long two nodes stay down before one comes back. */
  private static final long TWO_DOWN_MILLIS = LONG ? 45_000 : 10_000;

  /**
   * The throttled producer's client id and its byte rate on each broker until the fault. The
   * producer commits every chunk of 1,024 rows ({@link #commitsEveryChunk}), and at this rate a
   * chunk (about 115 bytes a row) takes about three seconds, so the fault, landing at the first
   * commit, finds most of the slice still to be sent. With commits every 200 ms the first
   * transaction held whatever had been read by then, up to 8,663 of the 10,000 rows, and the fault
   * came after it.
   */
  private static final String THROTTLED = "pep-throttled";

  private static final long PRODUCER_BYTES_PER_SECOND = 12_000;

  /**
   * The sleep of each consumer commit per partition it wrote: the 10,000 events take about ten
   * seconds, so a fault lands well before the end.
   */
  private static final double SLOW_COMMIT_SECONDS = LONG ? 0.03 : 0.3;

  @TempDir static Path tmp;
  private static LocalCluster cluster;
  private static Path csv;
  private static Set<String> expected;
  private static long seed;
  private static Random random;

  @BeforeAll
  static void start() throws IOException {
    ConsumeProcess.jar();
    Postgres.requireUrl();
    csv =
        Fixtures.slice(
            Fixtures.sharedData(FULL), 0, ROWS, tmp.resolve("online-retail-" + ROWS + ".csv"));
    expected = Oracle.expectedIds(csv);
    assertThat(expected).hasSize(ROWS);
    seed = Long.getLong("pep.faults.seed", new Random().nextLong());
    random = new Random(seed);
    cluster = LocalCluster.start(tmp.resolve("cluster"), 3);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Every node back and every replica in sync, so the next test starts on a whole cluster. */
  @AfterEach
  void afterEach() throws Exception {
    heal();
    setProducerRate(null);
  }

  private static void heal() throws Exception {
    List<Integer> down = new ArrayList<>();
    for (int id = 1; id <= cluster.size(); id++) {
      if (!cluster.running(id)) {
        down.add(id);
      }
    }
    // All at once: each start waits for its node to answer, most of which is JVM and broker start.
    ExecutorService starts = Executors.newFixedThreadPool(Math.max(1, down.size()));
    try {
      List<Future<?>> started = new ArrayList<>();
      for (int id : down) {
        started.add(starts.submit(() -> cluster.start(id)));
      }
      for (Future<?> f : started) {
        f.get();
      }
    } finally {
      starts.shutdownNow();
    }
    cluster.view().awaitFullyReplicated(300_000);
  }

  // --- the faults

  /**
   * What a fault does to the cluster while {@code work} runs on {@code topic}; says what it did.
   */
  private interface Fault {
    String hit(String topic, Work work) throws Exception;
  }

  /** The process the fault lands on. */
  private interface Work {
    boolean alive();
  }

  private static String killLeader(String topic, Work work) {
    int partition = random.nextInt(3);
    int leader = cluster.view().leader(topic, partition).orElseThrow();
    cluster.kill(leader);
    return "killed node " + leader + ", leader of " + topic + "-" + partition;
  }

  private static String killController(String topic, Work work) {
    int controller = cluster.view().activeController();
    cluster.kill(controller);
    return "killed node " + controller + ", the active controller";
  }

  /**
   * Stops (SIGTERM) and starts each node in turn, the next once all replicas are in sync; the work
   * must be alive when the first node goes down.
   */
  private static String rollingRestart(String topic, Work work) {
    List<Boolean> aliveAtStop = new ArrayList<>();
    for (int id = 1; id <= cluster.size(); id++) {
      aliveAtStop.add(work.alive());
      cluster.stop(id);
      cluster.start(id);
      cluster.view().awaitFullyReplicated(300_000);
    }
    assertThat(aliveAtStop.get(0)).as("alive when node 1 stopped").isTrue();
    return "restarted nodes 1, 2, 3 in turn (work alive at each stop: " + aliveAtStop + ")";
  }

  /**
   * Kills the active controller and one other node, holds them down while checking that the work
   * waits (is still alive) rather than giving up at once, then starts the controller again.
   */
  private static String killTwo(String topic, Work work) throws InterruptedException {
    int controller = cluster.view().activeController();
    int other = controller % cluster.size() + 1;
    cluster.kill(controller);
    cluster.kill(other);
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TWO_DOWN_MILLIS);
    while (System.nanoTime() < until) {
      Thread.sleep(200);
    }
    boolean waited = work.alive();
    cluster.start(controller);
    return "killed nodes "
        + controller
        + " (the active controller) and "
        + other
        + ", held them down "
        + TWO_DOWN_MILLIS / 1000
        + " s (work "
        + (waited ? "still waiting" : "ended")
        + "), started node "
        + controller
        + " again";
  }

  // --- the tests: each fault once while producing and once while consuming

  @Test
  void theLeaderOfAPartitionKilled() throws Exception {
    Load load = new Load("leader");
    load.produceThrough(ClusterFaultsIT::killLeader);
    load.consumeThrough(ClusterFaultsIT::killLeader);
    load.assertExactlyOnce();
  }

  @Test
  void aRollingRestartOfAllThreeNodes() throws Exception {
    Load load = new Load("rolling");
    load.produceThrough(ClusterFaultsIT::rollingRestart);
    load.consumeThrough(ClusterFaultsIT::rollingRestart);
    load.assertExactlyOnce();
  }

  @Test
  void theActiveControllerKilled() throws Exception {
    Load load = new Load("controller");
    load.produceThrough(ClusterFaultsIT::killController);
    load.consumeThrough(ClusterFaultsIT::killController);
    load.assertExactlyOnce();
  }

  /**
   * Two of three nodes killed: nothing can be acknowledged. The producer waits and, with one node
   * back, completes the file in the same run (exit 0), or, when the outage aborted its open
   * transaction, stops with one line and its rerun completes; the consumer completes every event,
   * exactly once, or stops with one line and its rerun does.
   */
  @Test
  void twoOfThreeNodesKilled() throws Exception {
    Load load = new Load("two-down");
    List<Boolean> producerWaited = new ArrayList<>();
    load.produceThrough(
        (topic, work) -> {
          String what = killTwo(topic, work);
          producerWaited.add(work.alive());
          return what;
        });
    // The producer waits through a short outage and completes the file in the same run, unless
    // the outage aborted its open transaction (seen on a quiet machine: the commit timed out while
    // the transaction coordinator moved, and the producer was fenced); then it stops with one line
    // and the rerun resumes after exactly what the topic holds (awaitProducer checks both).
    assertThat(producerWaited.get(0) || load.produceFailures.size() == 1)
        .as(
            "producer waited with two nodes down, or stopped with one line: "
                + load.produceFailures
                + "\n"
                + load.lastProducerOutput)
        .isTrue();
    load.consumeThrough(ClusterFaultsIT::killTwo);
    load.assertExactlyOnce();
  }

  /**
   * Two of three nodes down for longer than the producer waits (its client timeouts shortened to
   * seconds with {@code -P}, so that it gives up in this test's time rather than after minutes): it
   * stops with one line that names the file and the topic, having committed nothing it could lose,
   * and once the nodes are back a rerun resumes after exactly what the topic holds and completes
   * the file.
   */
  @Test
  void twoNodesDownLongerThanTheProducerWaits() throws Exception {
    Load load =
        new Load(
            "two-down-long",
            // Each long enough for a throttled transaction (one chunk of 1,024 rows at the
            // quota's rate, about 3 s) before the fault: with 8 s and transactions of thousands
            // of rows, the throttle alone expired batches. With two nodes down the producer stops
            // after about their sum: its commit (retried every max.block.ms) fails when the
            // batches expire, then its abort and a new producer's start each time out after
            // max.block.ms, between them the close waits 15 s (seen: 50 s with max.block.ms 10 s).
            "-P",
            "delivery.timeout.ms=15000",
            "-P",
            "request.timeout.ms=10000",
            "-P",
            "max.block.ms=6000");
    load.produceThrough(
        (topic, work) -> {
          int controller = cluster.view().activeController();
          int other = controller % cluster.size() + 1;
          cluster.kill(controller);
          cluster.kill(other);
          await("the producer stops with two nodes down", () -> !work.alive());
          // Both at once: the rerun waits for the whole cluster anyway (awaitProducer heals).
          heal();
          return "killed nodes "
              + controller
              + " (the active controller) and "
              + other
              + " until the producer stopped, started both again";
        });
    assertThat(load.produceFailures)
        .as("the producer stopped, saying why")
        .singleElement()
        .asString()
        .contains(load.topic)
        .contains("rerun the same command");
    System.out.println(load.name + ": " + load.context + "; " + load.produceFailures);
    Oracle.assertTopicExactlyOnce(
        String.join("; ", load.context) + "; " + load.produceFailures,
        Oracle.dumpSettled(cluster.bootstrapServers(), load.topic),
        expected);
  }

  /** The slice through one fresh topic into fresh PostgreSQL tables, in two faulted phases. */
  private final class Load {
    private final String name;
    private final String topic;
    private final String group;
    private final String table;
    private final String url;
    private final ProduceProcess produce;
    private final ConsumeProcess consume;
    private final List<String> context = new ArrayList<>();
    final List<String> produceFailures = new ArrayList<>();
    final List<String> consumeFailures = new ArrayList<>();

    /** What the faulted producer had printed right after the fault, for a failure's reader. */
    String lastProducerOutput = "";

    Load(String name, String... produceArgs) throws Exception {
      this.name = name;
      this.topic = "cluster-" + name;
      this.group = "g-" + name;
      this.url = Postgres.requireUrl();
      this.table = Postgres.freshTables("cluster_" + name.replace('-', '_'));
      Postgres.createTablesWithSlowCommits(tmp, url, table, SLOW_COMMIT_SECONDS);
      this.produce =
          new ProduceProcess(
              tmp,
              cluster.bootstrapServers(),
              topic,
              csv,
              Stream.concat(
                      // Small batches, one request in flight: the quota's throttle reaches the
                      // producer from its first responses. With pep's large batches, on a quiet
                      // machine the whole slice was sent before the first throttle took effect.
                      Stream.of(
                          "--partitions",
                          "3",
                          "-P",
                          "client.id=" + THROTTLED,
                          "-P",
                          "batch.size=2048",
                          "-P",
                          "max.in.flight.requests.per.connection=1"),
                      Stream.of(produceArgs))
                  .toArray(String[]::new));
      this.consume =
          new ConsumeProcess(cluster.bootstrapServers(), topic, group, tmp)
              .setting("PEP_SESSION_TIMEOUT_MS", "6000")
              .inSmallBatches()
              .postgres(url, table)
              // A fault may keep the consumer without records for long: the test stops it at the
              // end itself.
              .untilIdle("600");
    }

    /**
     * Produces the slice, slowed until {@code fault} has landed on the running producer with some
     * but not all rows committed; reruns it once if it failed (saying why in one line); leaves the
     * cluster whole.
     */
    void produceThrough(Fault fault) throws Exception {
      setProducerRate(PRODUCER_BYTES_PER_SECOND);
      Phase phase = new Phase();
      String at = "produce";
      ProduceProcess.Started producer = produce.start(name + "-produce", commitsEveryChunk());
      try {
        // The fault lands as soon as the first transaction is committed, not after a while: the
        // producer commits every chunk (1,024 rows) and the quota holds each chunk for seconds,
        // so however fast the machine, most of the slice is still to be sent.
        long committed = 0;
        try (KafkaConsumer<byte[], byte[]> reader = committedReader()) {
          while (producer.process().isAlive() && committed == 0) {
            committed = committedTotal(reader, topic);
            Thread.sleep(20);
          }
        }
        // Proof: the fault lands on a running producer with rows committed and rows to send.
        assertThat(producer.process().isAlive())
            .as("producer alive\n" + producer.outputText())
            .isTrue();
        assertThat(committed).as("offsets committed at the fault").isPositive().isLessThan(ROWS);
        phase.mark("to the fault");
        String what = fault.hit(topic, () -> producer.process().isAlive());
        lastProducerOutput = producer.outputText();
        setProducerRate(null); // the rest at full speed
        phase.mark("fault");
        at =
            context(
                "produce: "
                    + what
                    + " when offsets up to "
                    + committed
                    + " were committed, of "
                    + ROWS
                    + " rows");
        awaitProducer(producer, at);
        phase.mark("to the end");
      } finally {
        producer.process().destroyForcibly();
      }
      heal();
      phase.mark("heal");
      context.add(at + "; " + phase);
    }

    /** Waits for the producer; if it failed (saying why in one line), reruns it once. */
    private void awaitProducer(ProduceProcess.Started producer, String at) throws Exception {
      int exit = producer.await(900);
      if (exit == 0) {
        return;
      }
      String out = producer.outputText();
      assertThat(exit).as(at + "\n" + out).isEqualTo(1);
      List<String> errors = out.lines().filter(l -> l.startsWith("Error")).toList();
      assertThat(errors).as(at + ": one error line\n" + out).hasSize(1);
      assertThat(out).as(at).doesNotContain("\tat ");
      produceFailures.add(errors.get(0));
      heal();
      // Records, not offsets: commit markers take offsets too.
      long committed = Oracle.dumpSettled(cluster.bootstrapServers(), topic).size();
      ProduceProcess.Started rerun = produce.start(name + "-produce-rerun", commitsEveryChunk());
      try {
        assertThat(rerun.await(900)).as(at + "\n" + rerun.outputText()).isZero();
      } finally {
        rerun.process().destroyForcibly();
      }
      // The rerun resumed exactly after what the topic held committed: the run that failed had
      // claimed nothing more in its checkpoint.
      assertThat(rerun.summary("sent_before")).as(at).isEqualTo(committed);
    }

    /**
     * Consumes the whole topic into PostgreSQL; lands {@code fault} on the running consumer with
     * some but not all offsets stored; reruns the consumer if it failed (saying why in one line);
     * leaves the cluster whole.
     */
    void consumeThrough(Fault fault) throws Exception {
      long end = committedTotal(topic);
      Phase phase = new Phase();
      String at = "consume";
      ConsumeProcess.Started consumer = consume.start(name + "-consume");
      try (PgBackends pg = new PgBackends(url, "none")) {
        String offsets = table + "_offsets";
        // As for the producer: the fault lands at the first offsets stored (one poll of up to
        // 1,000 events per partition, its commit slowed), with most of the topic still to store.
        long stored = 0;
        while (consumer.process().isAlive() && stored == 0) {
          stored = pg.progress(offsets, group);
          Thread.sleep(20);
        }
        // Proof: the fault lands on a running consumer with events stored and events to store.
        assertThat(consumer.process().isAlive())
            .as("consumer alive\n" + consumer.outputText())
            .isTrue();
        assertThat(stored).as("offsets stored at the fault").isPositive().isLessThan(end);
        phase.mark("to the fault");
        ConsumeProcess.Started faulted = consumer;
        String what = fault.hit(topic, () -> faulted.process().isAlive());
        fastCommits(); // the rest at full speed
        phase.mark("fault");
        at =
            context(
                "consume: " + what + " when offsets up to " + stored + " were stored, of " + end);
        consumer = awaitConsumer(consumer, at, end);
        phase.mark("to the end");
      } finally {
        consumer.process().destroyForcibly();
      }
      heal();
      phase.mark("heal");
      context.add(at + "; " + phase);
    }

    /** Lifts the slowing of the consumer's commits once its fault has landed. */
    private void fastCommits() throws Exception {
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        s.execute("DROP TRIGGER " + table + "_slow ON " + table + "_offsets");
      }
    }

    /**
     * Waits until the consumer has stored up to {@code end}, then stops it as Ctrl-C does
     * (SIGTERM); reruns it if it failed, saying why in one line. Returns the last consumer.
     */
    private ConsumeProcess.Started awaitConsumer(
        ConsumeProcess.Started consumer, String at, long end) throws Exception {
      for (int attempt = 1; ; attempt++) {
        ConsumeProcess.Started c = consumer;
        await(at + ": consumer at the end", () -> !c.process().isAlive() || storedSum() >= end);
        if (c.process().isAlive()) {
          c.process().destroy();
        }
        assertThat(c.process().waitFor(120, TimeUnit.SECONDS)).as(at).isTrue();
        int exit = c.process().exitValue();
        String out = c.outputText();
        // SIGTERM: pep stops cleanly (130), or the JVM, still in its shutdown hooks, reports 143.
        if ((exit == 0 || exit == 130 || exit == 143) && storedSum() == end) {
          return c;
        }
        List<String> errors = out.lines().filter(l -> l.startsWith("Error")).toList();
        assertThat(errors).as(at + ": exit " + exit + ", one error line\n" + out).hasSize(1);
        assertThat(out).as(at).doesNotContain("\tat ");
        consumeFailures.add(errors.get(0));
        assertThat(attempt).as(at + ": reruns; " + consumeFailures).isLessThan(4);
        heal();
        consumer = consume.start(name + "-consume-rerun-" + attempt);
      }
    }

    private long storedSum() throws Exception {
      try (Connection c = DriverManager.getConnection(url)) {
        return Oracle.storedOffsets(run(c)).values().stream().mapToLong(Long::longValue).sum();
      }
    }

    private Oracle.Run run(Connection c) {
      return new Oracle.Run(cluster.bootstrapServers(), topic, group, c, table, table + "_offsets");
    }

    /** The whole oracle, and three replicas of every topic involved. */
    void assertExactlyOnce() throws Exception {
      String what =
          String.join("; ", context)
              + "; produce failures "
              + produceFailures
              + "; consume failures "
              + consumeFailures;
      System.out.println(name + ": " + what);
      assertReplicated(topic, topic + ".checkpoints", "__transaction_state", "__consumer_offsets");
      try (Connection c = DriverManager.getConnection(url)) {
        Oracle.assertExactlyOnce(what, run(c), expected);
      }
    }
  }

  /**
   * The topics pep created (it leaves their replication factor to the cluster) and Kafka's own have
   * three replicas of every partition and {@code min.insync.replicas=2}.
   */
  private static void assertReplicated(String... topics) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
      for (TopicDescription d :
          admin
              .describeTopics(List.of(topics))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .values()) {
        for (TopicPartitionInfo p : d.partitions()) {
          assertThat(p.replicas()).as(d.name() + "-" + p.partition() + " replicas").hasSize(3);
        }
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, d.name());
        Config c = admin.describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r);
        assertThat(c.get("min.insync.replicas").value()).as(d.name()).isEqualTo("2");
      }
    }
  }

  /**
   * The producer commits after every chunk it sends (the interval is checked once a chunk): its
   * first transaction holds one chunk, not whatever was read while the throttle had not yet bitten.
   */
  private static Map<String, String> commitsEveryChunk() {
    return Map.of("PEP_COMMIT_INTERVAL_MS", "10");
  }

  /**
   * Limits producers with the throttled client id to {@code bytesPerSecond} on each broker; null
   * lifts the limit.
   */
  private static void setProducerRate(Long bytesPerSecond) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
      ClientQuotaEntity entity =
          new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, THROTTLED));
      admin
          .alterClientQuotas(
              List.of(
                  new ClientQuotaAlteration(
                      entity,
                      List.of(
                          new ClientQuotaAlteration.Op(
                              "producer_byte_rate",
                              bytesPerSecond == null ? null : bytesPerSecond.doubleValue())))))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
  }

  // --- helpers

  /** The seconds each step of a phase took, for the run's output: where the test's time goes. */
  private static final class Phase {
    private final StringJoiner steps = new StringJoiner(", ", "seconds: ", "");
    private long last = System.nanoTime();

    void mark(String step) {
      long now = System.nanoTime();
      steps.add(String.format(Locale.ROOT, "%s %.1f", step, (now - last) / 1e9));
      last = now;
    }

    @Override
    public String toString() {
      return steps.toString();
    }
  }

  private static String context(String what) {
    return what + " (seed " + seed + ", rerun with -Dpep.faults.seed=" + seed + ")";
  }

  /** Waits up to 15 minutes for {@code done}; generous, as the machine may be loaded. */
  private static void await(String what, Check done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
    while (!done.holds()) {
      assertThat(System.nanoTime()).as(what + ": not within 15 minutes").isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static KafkaConsumer<byte[], byte[]> committedReader() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Offsets committed to {@code topic} so far (the sum of its last stable offsets, commit markers
   * included); 0 before it exists.
   */
  private static long committedTotal(KafkaConsumer<byte[], byte[]> c, String topic) {
    var infos = c.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      return 0;
    }
    List<TopicPartition> tps =
        infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    return c.endOffsets(tps, Duration.ofSeconds(30)).values().stream()
        .mapToLong(Long::longValue)
        .sum();
  }

  private static long committedTotal(String topic) {
    try (KafkaConsumer<byte[], byte[]> c = committedReader()) {
      return committedTotal(c, topic);
    }
  }
}
