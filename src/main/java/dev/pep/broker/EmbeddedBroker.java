package dev.pep.broker;

import dev.pep.config.PepException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka KRaft cluster (combined broker and controller) running in this
 * JVM, with its data in a directory of ours; or one node of a cluster of several ({@link Node}),
 * each in a JVM of its own ({@link LocalCluster}). Started with {@link #start}, stopped with {@link
 * #close()} (idempotent, safe from a shutdown hook).
 *
 * <p>It is Kafka's own {@code KafkaRaftServer}, started as {@code kafka-server-start.sh} starts it,
 * after formatting the storage as {@code kafka-storage.sh format} does. We use it rather than the
 * test kit in {@code kafka-test-common-runtime} because the test kit is built for throwaway test
 * clusters (temporary directories, JUnit on the class path), while {@code pep broker} and {@code
 * pep run} need a broker whose data survives restarts on a port the user chose.
 */
public final class EmbeddedBroker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
  private static final int NODE_ID = 1;

  /** Kafka writes it into a log directory on a clean shutdown and deletes it on start. */
  private static final String CLEAN_SHUTDOWN = ".kafka_cleanshutdown";

  /**
   * {@code -Dpep.broker.settleAfterCrash=false} leaves out the start and stop after a crash (see
   * {@link #settleAfterCrash}). Not a user setting: it exists so that {@code BrokerRestartRaceIT}
   * can show the duplicates a rerun leaves without that start.
   */
  private static final boolean SETTLE_AFTER_CRASH =
      !"false".equals(System.getProperty("pep.broker.settleAfterCrash"));

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path dataDir;
  private final StartTimes times;
  private boolean closed;

  /**
   * How long starting took.
   *
   * @param formatMillis formatting the storage (0 when it was already formatted)
   * @param startMillis from the start of {@code startup()} to the broker answering
   */
  public record StartTimes(long formatMillis, long startMillis) {
    public long totalMillis() {
      return formatMillis + startMillis;
    }
  }

  /**
   * What a caller may add to the broker's own setup; the commands add nothing. Test fixtures use it
   * for a broker with a {@code SASL_PLAINTEXT} listener, whose users must exist from the first
   * start.
   */
  public interface Extension {
    /** No additions: the broker as {@code pep broker} runs it. */
    Extension NONE = new Extension() {};

    /**
     * Changes the server properties before the broker starts. They hold ours already: one {@code
     * PLAINTEXT} listener (the inter-broker one) and the {@code CONTROLLER} listener in {@code
     * listeners} and {@code listener.security.protocol.map}.
     */
    default void serverProperties(Properties p) {}

    /**
     * SCRAM credentials written into the cluster's metadata when the storage is formatted (a data
     * directory formatted before keeps its own), as {@code kafka-storage.sh format --add-scram}
     * takes them: {@code SCRAM-SHA-256=[name=alice,password=...]}.
     */
    default List<String> scramCredentials() {
      return List.of();
    }
  }

  /**
   * One node of a cluster of several, each a combined broker and controller in a process of its
   * own, as {@link LocalCluster} starts them.
   *
   * @param nodeId this node's id, one of those in {@code voters}
   * @param brokerPort this node's client port on 127.0.0.1
   * @param controllerPort this node's controller port on 127.0.0.1, as {@code voters} names it
   * @param voters the controller quorum: {@code 1@127.0.0.1:port,2@127.0.0.1:port,...}
   * @param clusterId the id every node's storage is formatted with
   * @param replicas the replication factor of new topics and of Kafka's internal topics; their
   *     {@code min.insync.replicas} is 2 when there are two or more
   */
  public record Node(
      int nodeId,
      int brokerPort,
      int controllerPort,
      String voters,
      String clusterId,
      int replicas) {}

  private EmbeddedBroker(KafkaRaftServer server, Path dataDir, int port, StartTimes times) {
    this.server = server;
    this.bootstrapServers = "127.0.0.1:" + port;
    this.dataDir = dataDir;
    this.times = times;
  }

  /**
   * Formats {@code dataDir} if needed and starts the broker on 127.0.0.1:{@code port} (0: any free
   * port). Returns once the broker accepts requests.
   */
  public static EmbeddedBroker start(Path dataDir, int port) {
    return start(dataDir, port, Extension.NONE);
  }

  /** As {@link #start(Path, int)}, with {@code extension}'s additions. */
  public static EmbeddedBroker start(Path dataDir, int port, Extension extension) {
    int[] free = BrokerPorts.free(2);
    int brokerPort = port == 0 ? free[0] : port;
    int controllerPort = free[1];
    BrokerPorts.requireFree(brokerPort);
    Node node =
        new Node(
            NODE_ID,
            brokerPort,
            controllerPort,
            NODE_ID + "@127.0.0.1:" + controllerPort,
            Uuid.randomUuid().toString(),
            1);
    return start(dataDir, node, extension);
  }

  /**
   * Formats {@code dataDir} if needed and starts {@code node}, one node of a cluster. Returns once
   * it accepts requests, which needs a majority of the quorum's voters running.
   */
  public static EmbeddedBroker start(Path dataDir, Node node) {
    return start(dataDir, node, Extension.NONE);
  }

  private static EmbeddedBroker start(Path dataDir, Node node, Extension extension) {
    Path logDir = dataDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new PepException(
          "Cannot create the embedded broker's data directory " + logDir + ": " + e, e);
    }
    if (!Files.isWritable(logDir)) {
      throw new PepException("The embedded broker's data directory is not writable: " + logDir);
    }
    int brokerPort = node.brokerPort();
    Properties props = serverProperties(logDir, node);
    extension.serverProperties(props);
    KafkaConfig config = KafkaConfig.fromProps(props, false);

    long t0 = System.nanoTime();
    boolean formatted =
        BrokerStorage.format(logDir, node.nodeId(), node.clusterId(), extension.scramCredentials());
    if (SETTLE_AFTER_CRASH
        && !formatted
        && node.replicas() == 1
        && !Files.exists(logDir.resolve(CLEAN_SHUTDOWN))) {
      settleAfterCrash(logDir, props);
    }
    long t1 = System.nanoTime();
    // Before the server exists: a log directory may fail as soon as it starts writing.
    BrokerHalt.watch(logDir);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      server.shutdown();
      BrokerHalt.forget(logDir);
      throw new PepException("The embedded Kafka broker failed to start: " + e.getMessage(), e);
    }
    String bootstrap = "127.0.0.1:" + brokerPort;
    BrokerProbe.awaitReady(bootstrap, 60_000);
    long t2 = System.nanoTime();
    StartTimes times = new StartTimes(formatted ? (t1 - t0) / 1_000_000 : 0, (t2 - t1) / 1_000_000);
    log.info(
        "Embedded Kafka broker ready at {} (data {}) in {} ms (format {} ms, start {} ms)",
        bootstrap,
        logDir,
        times.totalMillis(),
        times.formatMillis(),
        times.startMillis());
    return new EmbeddedBroker(server, logDir, brokerPort, times);
  }

  /**
   * Starts and cleanly stops the broker once, without aborting any transaction, after it was
   * stopped by a crash or a halt (a full disk). Such a broker stays registered under its old
   * incarnation until its session times out (about 9 s into the next start); a transaction open at
   * the crash that the coordinator aborts meanwhile (it is older than its timeout, or the rerun's
   * producer fences it) gets its abort markers sent to that registration, then dropped when it is
   * fenced ("partitions likely deleted already"), and its events later read as committed — seen:
   * 22,293 rows twice in the topic after such a rerun, on the same port and on another. This start
   * lets the old registration time out and the new one in, with the timed-out-transaction sweep put
   * off, and ends with a clean shutdown: the real start then finds a clean broker and aborts the
   * open transaction with markers that arrive.
   */
  private static void settleAfterCrash(Path logDir, Properties props) {
    log.info("{} was not shut down cleanly: starting and stopping the broker once first", logDir);
    Properties settle = new Properties();
    settle.putAll(props);
    settle.put(
        "transaction.abort.timed.out.transaction.cleanup.interval.ms",
        Integer.toString(Integer.MAX_VALUE));
    BrokerHalt.watch(logDir);
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(settle, false), Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      BrokerHalt.forget(logDir);
      server.shutdown();
      throw new PepException("The embedded Kafka broker failed to start: " + e.getMessage(), e);
    }
    server.shutdown();
    server.awaitShutdown();
    BrokerHalt.forget(logDir);
  }

  private static Properties serverProperties(Path logDir, Node node) {
    String replicas = Integer.toString(node.replicas());
    // With replicas, an acknowledged write is on two of them: one can be lost, and a write is
    // refused (not acknowledged) while fewer than two are in sync.
    String minInSync = Integer.toString(Math.min(2, node.replicas()));
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(node.nodeId()));
    p.put("controller.quorum.voters", node.voters());
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:"
            + node.brokerPort()
            + ",CONTROLLER://127.0.0.1:"
            + node.controllerPort());
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.brokerPort());
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    // Every topic, internal or created by pep (which leaves the replication factor to the
    // cluster), gets the cluster's replication factor: one on one node.
    p.put("default.replication.factor", replicas);
    p.put("min.insync.replicas", minInSync);
    p.put("offsets.topic.replication.factor", replicas);
    p.put("offsets.topic.num.partitions", "3");
    p.put("transaction.state.log.replication.factor", replicas);
    p.put("transaction.state.log.min.isr", minInSync);
    p.put("transaction.state.log.num.partitions", "3");
    // A producer that died mid-transaction blocks read_committed readers until the transaction
    // times out and is aborted; check for that every second rather than every 10 s.
    p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
    p.put("share.coordinator.state.topic.replication.factor", replicas);
    p.put("share.coordinator.state.topic.min.isr", minInSync);
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.partitions", "3");
    p.put("auto.create.topics.enable", "false");
    // The log cleaner (compacting the offsets, transaction-state and checkpoint topics) allocates
    // its key map on the heap when the broker starts: Kafka's default is 128 MB, which was most of
    // what the embedded broker held and why a whole `pep run` could not fit a 256 MB heap. 16 MB
    // holds about 700,000 keys per cleaning pass, far more than those topics carry here.
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
    return p;
  }

  /** host:port clients connect to. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Path dataDir() {
    return dataDir;
  }

  public StartTimes startTimes() {
    return times;
  }

  /**
   * Who hears why the process is about to stop when Kafka halts it, e.g. because the broker's log
   * directory is on a full disk: {@code whyLine} gets one line naming the directory and the cause,
   * then the JVM halts (exit 1). Without a listener the line goes to the log only.
   */
  public static void onHalt(java.util.function.Consumer<String> whyLine) {
    BrokerHalt.onHalt(whyLine);
  }

  /** Kafka's version, as the broker reports it. */
  public static String kafkaVersion() {
    return org.apache.kafka.common.utils.AppInfoParser.getVersion();
  }

  /** Stops the broker cleanly and waits for it (idempotent). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long t0 = System.nanoTime();
    server.shutdown();
    server.awaitShutdown();
    BrokerHalt.forget(dataDir);
    log.info("Embedded Kafka broker stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
  }
}
