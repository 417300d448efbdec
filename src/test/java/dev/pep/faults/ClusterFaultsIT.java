package dev.pep.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.Fixtures;
import dev.pep.broker.LocalCluster;
import dev.pep.consumer.ConsumeProcess;
import dev.pep.consumer.Postgres;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * pep on a replicated cluster: three nodes ({@link LocalCluster}, each a process of its own, all
 * combined broker and controller), replication factor 3 and {@code min.insync.replicas=2}, pep's
 * defaults ({@code acks=all}, idempotence, transactions). Each fault lands while a {@code pep
 * produce} of a slice of the UCI file and a {@code pep consume} of its topic into PostgreSQL are
 * both mid-work: the leader of a partition killed (SIGKILL), a rolling restart of the three nodes
 * (SIGTERM, start, wait for every replica in sync, next), the active controller killed, and two of
 * the three nodes killed (the producer slowed until the fault, then at full speed). After each, the
 * exact {@link Oracle}: every CSV row once in the topic (read_committed), every event once in the
 * database, the stored offsets equal to the end offsets; and the topics pep created, like Kafka's
 * own, have three replicas.
 *
 * <p>Proof that a fault bit: when it landed, the producer was alive with rows committed and rows
 * left, and the consumer alive with events stored and events left. Both are slowed so that a fault
 * lands mid-work: the producer by a broker quota on its client id, the consumer by small polls and
 * a commit trigger that sleeps. A run may fail on a fault if it says why in one line; a rerun must
 * then finish the job exactly once. With two nodes down a producer that stops must say why in one
 * line; with one node back a rerun resumes after exactly what the topic holds and completes the
 * file.
 *
 * <p>A 10,000-row slice by default; {@code -Dpep.faults.long=true} uses the whole file, {@code
 * -Dpep.faults.seed=N} replays a run's fault moments.
 */
@Disabled(
    "Not yet stable: with the producer throttled by a quota, the consumer stops making progress"
        + " after its first 1,024 events and the run never reaches the oracle (an earlier version,"
        + " produce and consume faulted separately, passed every case but two-down produce)")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ClusterFaultsIT {
  private static final boolean LONG = Boolean.getBoolean("pep.faults.long");
  private static final String FULL = "online-retail/Online Retail.csv";
  private static final int ROWS = LONG ? 541_909 : 10_000;

  /** The throttled producer's client id and its byte rate on each broker. */
  private static final String THROTTLED = "pep-throttled";

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
    csv = slice(Fixtures.sharedData(FULL), ROWS, tmp.resolve("online-retail-" + ROWS + ".csv"));
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
  void heal() {
    for (int id = 1; id <= cluster.size(); id++) {
      if (!cluster.running(id)) {
        cluster.start(id);
      }
    }
    cluster.awaitFullyReplicated(180_000);
  }

  // --- the faults

  /** What a fault does to the cluster, given the topic in use; returns what it did. */
  private interface Fault {
    String hit(String topic) throws Exception;
  }

  private static String killLeader(String topic) {
    int partition = random.nextInt(3);
    int leader = cluster.leader(topic, partition).orElseThrow();
    cluster.kill(leader);
    return "killed node " + leader + ", leader of " + topic + "-" + partition;
  }

  private static String killController(String topic) {
    int controller = cluster.activeController();
    cluster.kill(controller);
    return "killed node " + controller + ", the active controller";
  }

  /** Stops (SIGTERM) and starts each node in turn, the next once all replicas are in sync. */
  private static String rollingRestart(String topic, Runnable whileDown) {
    for (int id = 1; id <= cluster.size(); id++) {
      cluster.stop(id);
      whileDown.run();
      cluster.start(id);
      cluster.awaitFullyReplicated(180_000);
    }
    return "restarted nodes 1, 2, 3 in turn";
  }

  private static int[] killTwo(String topic) {
    int controller = cluster.activeController();
    int other = controller % cluster.size() + 1;
    cluster.kill(controller);
    cluster.kill(other);
    return new int[] {controller, other};
  }

  // --- the tests: each fault lands while a producer and a consumer are both mid-work

  @Test
  void theLeaderOfAPartitionKilled() throws Exception {
    Run run = new Run("leader", 5_000, 0.05);
    run.through(ClusterFaultsIT::killLeader);
  }

  @Test
  void aRollingRestartOfAllThreeNodes() throws Exception {
    Run run = new Run("rolling", 5_000, 0.15);
    List<String> down = new ArrayList<>();
    run.through(
        topic ->
            rollingRestart(
                topic,
                () -> down.add(run.producer().process().isAlive() + "/" + run.consumerAlive())));
    // Proof: the first node went down under a running producer and consumer.
    assertThat(down).as("producer/consumer alive while each node was down").startsWith("true/true");
  }

  @Test
  void theActiveControllerKilled() throws Exception {
    Run run = new Run("controller", 5_000, 0.05);
    run.through(ClusterFaultsIT::killController);
  }

  /**
   * Two of three nodes killed: no write can reach two in-sync replicas and the controller quorum
   * has no majority, so nothing can be acknowledged. A producer that stops must do so with one
   * error line (its timeouts are shortened: Kafka's defaults wait 2 min per attempt, and pep makes
   * 4). Today it may not stop: after a commit timed out, closing the producer waits for that commit
   * without a bound, until a node comes back. With one node back, the producer (or its rerun)
   * completes the file and the consumer every event, exactly once.
   */
  @Test
  void twoOfThreeNodesKilled() throws Exception {
    Run run =
        new Run(
            "two-down",
            5_000,
            0.05,
            "-P",
            "delivery.timeout.ms=15000",
            "-P",
            "request.timeout.ms=5000",
            "-P",
            "max.block.ms=15000");
    run.through(
        topic -> {
          int[] down = killTwo(topic);
          ProduceProcess.Started p = run.producer();
          // Given time to stop by itself: it cannot commit, so it must not claim to have.
          boolean stopped = p.process().waitFor(120, TimeUnit.SECONDS);
          String out = p.outputText();
          List<String> errors = out.lines().filter(l -> l.startsWith("Error: ")).toList();
          if (stopped) {
            assertThat(p.process().exitValue()).as(out).isEqualTo(1);
            assertThat(errors).as(out).hasSize(1);
          }
          cluster.start(down[0]);
          // What the next run finds committed, it resumes after, and the oracle finds every row
          // once: the run that could not go on lost nothing it had acknowledged.
          return "killed nodes "
              + down[0]
              + " and "
              + down[1]
              + (stopped
                  ? ", producer stopped with " + errors
                  : ", producer still running 120 s later (see README: Known limits)")
              + ", node "
              + down[0]
              + " started again";
        });
  }

  /** One run of the slice through a fresh topic into fresh PostgreSQL tables. */
  private final class Run {
    private final String name;
    private final String topic;
    private final String group;
    private final String table;
    private final String url;
    private final ProduceProcess produce;
    private final ConsumeProcess consume;
    private volatile ProduceProcess.Started producer;
    private volatile ConsumeProcess.Started consumer;

    /**
     * @param bytesPerSecond the producer's rate on each broker, in compressed bytes (about a
     *     hundred per event)
     * @param slowCommitSeconds the sleep of each consumer commit, per partition
     */
    Run(String name, long bytesPerSecond, double slowCommitSeconds, String... produceArgs)
        throws Exception {
      this.name = name;
      this.topic = "cluster-" + name;
      this.group = "g-" + name;
      this.url = Postgres.requireUrl();
      this.table = Postgres.freshTables("cluster_" + name.replace('-', '_'));
      Postgres.createTablesWithSlowCommits(tmp, url, table, slowCommitSeconds);
      // The same pace per row share whatever the size: the long run is not slower per fault.
      setProducerRate(bytesPerSecond * ROWS / 10_000);
      List<String> args =
          new ArrayList<>(List.of("--partitions", "3", "-P", "client.id=" + THROTTLED));
      args.addAll(List.of(produceArgs));
      this.produce =
          new ProduceProcess(
              tmp, cluster.bootstrapServers(), topic, csv, args.toArray(String[]::new));
      this.consume =
          new ConsumeProcess(cluster.bootstrapServers(), topic, group, tmp)
              .setting("PEP_SESSION_TIMEOUT_MS", "6000")
              .inSmallBatches()
              .postgres(url, table)
              // The throttled producer can be silent for long: the test stops the consumer itself.
              .untilIdle("600");
    }

    ProduceProcess.Started producer() {
      return producer;
    }

    boolean consumerAlive() {
      return consumer.process().isAlive();
    }

    /**
     * Starts the producer, then the consumer once the topic exists; lands {@code fault} once a
     * seeded share of the rows is committed and some events are stored; reruns either side that
     * failed (saying why in one line) or stopped before the end; checks the whole oracle.
     */
    void through(Fault fault) throws Exception {
      try {
        runThrough(fault);
      } finally {
        // A failed check leaves no process behind.
        if (producer != null) {
          producer.process().destroyForcibly();
        }
        if (consumer != null) {
          consumer.process().destroyForcibly();
        }
      }
    }

    private void runThrough(Fault fault) throws Exception {
      producer = produce.start(name, commitsEvery(200));
      List<String> failures = new ArrayList<>();
      String context;
      try (KafkaConsumer<byte[], byte[]> reader = committedReader();
          PgBackends pg = new PgBackends(url, "none")) {
        String offsets = table + "_offsets";
        // The consumer starts once there is something to read (on an empty topic it would be
        // done at once); the producer is slowed enough to be still at work when it has started.
        while (producer.process().isAlive() && committedTotal(reader, topic) == 0) {
          Thread.sleep(50);
        }
        consumer = consume.start(name + "-consume");
        long target = ROWS / 10 + random.nextInt(ROWS / 4);
        long committed = 0;
        long stored = 0;
        while (producer.process().isAlive()
            && consumer.process().isAlive()
            && (committed < target || stored == 0)) {
          committed = committedTotal(reader, topic);
          stored = pg.progress(offsets, group);
          Thread.sleep(20);
        }
        // Proof: the fault lands on a running producer with rows committed and rows to send, and
        // on a running consumer with events stored and events to store.
        assertThat(producer.process().isAlive())
            .as("producer alive\n" + producer.outputText())
            .isTrue();
        assertThat(consumer.process().isAlive())
            .as("consumer alive\n" + consumer.outputText())
            .isTrue();
        assertThat(committed).as("rows committed at the fault").isPositive().isLessThan(ROWS);
        assertThat(stored).as("events stored at the fault").isPositive().isLessThan(ROWS);
        String what = fault.hit(topic);
        setProducerRate(null); // the rest at full speed
        context =
            context(
                what
                    + " when "
                    + committed
                    + " rows were committed and "
                    + stored
                    + " events stored, of "
                    + ROWS);
        awaitProducer(context, failures);
        awaitConsumer(context, failures);
      }
      System.out.println(name + ": " + context + "; " + failures);
      assertReplicated(topic, topic + ".checkpoints", "__transaction_state", "__consumer_offsets");
      try (Connection c = DriverManager.getConnection(url)) {
        Oracle.assertExactlyOnce(
            context + "; " + failures,
            new Oracle.Run(cluster.bootstrapServers(), topic, group, c, table, table + "_offsets"),
            expected);
      }
    }

    /** Waits for the producer; if it failed (saying why in one line), reruns it once. */
    private void awaitProducer(String context, List<String> failures) throws Exception {
      int exit = producer.await(600);
      if (exit == 0) {
        return;
      }
      String out = producer.outputText();
      assertThat(exit).as(context + "\n" + out).isEqualTo(1);
      assertThat(out).as(context).contains("Error: ").doesNotContain("\tat ");
      failures.add("produce: " + out.lines().filter(l -> l.startsWith("Error")).toList());
      // Records, not offsets: commit markers take offsets too.
      long committed = Oracle.dumpTopic(cluster.bootstrapServers(), topic, true).size();
      producer = produce.start(name + "-rerun", commitsEvery(200));
      assertThat(producer.await(600)).as(context + "\n" + producer.outputText()).isZero();
      // The rerun resumed exactly after what the topic held committed: the run that failed had
      // claimed nothing more in its checkpoint.
      assertThat(producer.summary("sent_before")).as(context).isEqualTo(committed);
    }

    /**
     * Waits until the consumer has stored up to the end of the topic, then stops it as Ctrl-C does
     * (SIGTERM, exit 130); reruns it if it failed, saying why in one line.
     */
    private void awaitConsumer(String context, List<String> failures) throws Exception {
      for (int attempt = 1; ; attempt++) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (consumer.process().isAlive() && storedSum() < committedTotal(topic)) {
          assertThat(System.nanoTime()).as(context + ": consumer at the end").isLessThan(deadline);
          Thread.sleep(500);
        }
        if (consumer.process().isAlive()) {
          consumer.process().destroy();
        }
        assertThat(consumer.process().waitFor(120, TimeUnit.SECONDS)).as(context).isTrue();
        int exit = consumer.process().exitValue();
        String out = consumer.outputText();
        if ((exit == 0 || exit == 130) && storedSum() == committedTotal(topic)) {
          return;
        }
        assertThat(out).as(context).contains("Error: ").doesNotContain("\tat ");
        failures.add("consume: " + out.lines().filter(l -> l.startsWith("Error")).toList());
        assertThat(attempt).as(context + ": reruns; " + failures).isLessThan(4);
        consumer = consume.start(name + "-consume-rerun-" + attempt);
      }
    }

    private long storedSum() throws Exception {
      try (Connection c = DriverManager.getConnection(url)) {
        return Oracle.storedOffsets(
                new Oracle.Run(
                    cluster.bootstrapServers(), topic, group, c, table, table + "_offsets"))
            .values()
            .stream()
            .mapToLong(Long::longValue)
            .sum();
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

  private static Map<String, String> commitsEvery(int millis) {
    return Map.of("PEP_COMMIT_INTERVAL_MS", Integer.toString(millis));
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
          .get(30, TimeUnit.SECONDS);
    }
  }

  // --- helpers

  private static String context(String what) {
    return what + " (seed " + seed + ", rerun with -Dpep.faults.seed=" + seed + ")";
  }

  private static KafkaConsumer<byte[], byte[]> committedReader() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Records committed to {@code topic} so far (the sum of its last stable offsets); 0 before it
   * exists.
   */
  private static long committedTotal(KafkaConsumer<byte[], byte[]> c, String topic) {
    var infos = c.partitionsFor(topic, Duration.ofSeconds(15));
    if (infos == null || infos.isEmpty()) {
      return 0;
    }
    List<TopicPartition> tps =
        infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    return c.endOffsets(tps, Duration.ofSeconds(15)).values().stream()
        .mapToLong(Long::longValue)
        .sum();
  }

  private static long committedTotal(String topic) {
    try (KafkaConsumer<byte[], byte[]> c = committedReader()) {
      return committedTotal(c, topic);
    }
  }

  /** The header and the first {@code rows} data lines of {@code full}, as they are. */
  private static Path slice(Path full, int rows, Path to) throws IOException {
    if (rows >= 541_909) {
      return full;
    }
    try (BufferedReader in = Files.newBufferedReader(full, StandardCharsets.ISO_8859_1);
        BufferedWriter out = Files.newBufferedWriter(to, StandardCharsets.ISO_8859_1)) {
      for (int i = 0; i <= rows; i++) {
        out.write(in.readLine());
        out.write("\r\n");
      }
    }
    return to;
  }
}
