package dev.pep.broker;

import dev.pep.config.PepException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka KRaft cluster (combined broker and controller) running in this
 * JVM, with its data in a directory of ours. Started with {@link #start}, stopped with {@link
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

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final String saslBootstrapServers;
  private final Path dataDir;
  private final int brokerPort;
  private final int controllerPort;
  private final int saslPort;
  private final SaslListener sasl;
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
   * A second listener, {@code SASL_PLAINTEXT}, for clients that authenticate: SCRAM-SHA-256,
   * SCRAM-SHA-512 and PLAIN, each with these users. SCRAM credentials are written into the
   * cluster's metadata when the storage is formatted (as {@code kafka-storage.sh format
   * --add-scram} does), so they exist from the first start; a data directory formatted without them
   * keeps only the PLAIN users. For tests and demos of client security, not a hardened setup.
   *
   * @param users user name to password (names and passwords without ',', '[', ']', '"' or '=')
   */
  public record SaslListener(java.util.Map<String, String> users) {
    public SaslListener {
      users = java.util.Map.copyOf(users);
      if (users.isEmpty()) {
        throw new IllegalArgumentException("a SASL listener needs at least one user");
      }
      for (java.util.Map.Entry<String, String> u : users.entrySet()) {
        if (!u.getKey().matches("[A-Za-z0-9._-]+") || !u.getValue().matches("[A-Za-z0-9._!-]+")) {
          throw new IllegalArgumentException(
              "user names and passwords of the embedded broker: letters, digits, . _ - (and !)");
        }
      }
    }
  }

  private EmbeddedBroker(
      KafkaRaftServer server,
      Path dataDir,
      int brokerPort,
      int controllerPort,
      int saslPort,
      SaslListener sasl,
      StartTimes times) {
    this.server = server;
    this.bootstrapServers = "127.0.0.1:" + brokerPort;
    this.saslBootstrapServers = sasl == null ? null : "127.0.0.1:" + saslPort;
    this.saslPort = saslPort;
    this.sasl = sasl;
    this.dataDir = dataDir;
    this.brokerPort = brokerPort;
    this.controllerPort = controllerPort;
    this.times = times;
  }

  /**
   * Formats {@code dataDir} if needed and starts the broker on 127.0.0.1:{@code port} (0: any free
   * port). Returns once the broker accepts requests.
   */
  public static EmbeddedBroker start(Path dataDir, int port) {
    return start(dataDir, port, null);
  }

  /**
   * As {@link #start(Path, int)}, with a {@code SASL_PLAINTEXT} listener on a free port as well
   * when {@code sasl} is not null (see {@link #saslBootstrapServers()}).
   */
  public static EmbeddedBroker start(Path dataDir, int port, SaslListener sasl) {
    return start(dataDir, port, 0, sasl, 0);
  }

  /**
   * Stops this broker (if it is running) and starts it again on the same data directory and ports,
   * as a restarted server would come back: clients reconnect to the same address and find their
   * topics, groups and transactions where the log left them.
   */
  public EmbeddedBroker restart() {
    close();
    return start(dataDir, brokerPort, controllerPort, sasl, saslPort);
  }

  private static EmbeddedBroker start(
      Path dataDir, int port, int controllerPortOrZero, SaslListener sasl, int saslPortOrZero) {
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
    // Held open together, so that two of them cannot be the same port (seen: broker and
    // controller both given one port, "two listeners on the same port").
    int[] free = freePorts(3);
    int brokerPort = port == 0 ? free[0] : port;
    int controllerPort = controllerPortOrZero == 0 ? free[1] : controllerPortOrZero;
    int saslPort = sasl == null ? 0 : saslPortOrZero == 0 ? free[2] : saslPortOrZero;
    requireFree(brokerPort);
    Properties props = serverProperties(logDir, brokerPort, controllerPort);
    if (sasl != null) {
      addSaslListener(props, brokerPort, saslPort, controllerPort, sasl);
    }
    KafkaConfig config = KafkaConfig.fromProps(props, false);

    long t0 = System.nanoTime();
    boolean formatted = format(logDir, sasl);
    long t1 = System.nanoTime();
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      server.shutdown();
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
    return new EmbeddedBroker(server, logDir, brokerPort, controllerPort, saslPort, sasl, times);
  }

  private static Properties serverProperties(Path logDir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    // One node: every internal topic has one replica.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "3");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "3");
    // A producer that died mid-transaction blocks read_committed readers until the transaction
    // times out and is aborted; check for that every second rather than every 10 s.
    p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.partitions", "3");
    p.put("auto.create.topics.enable", "false");
    return p;
  }

  private static final List<String> SCRAM = List.of("SCRAM-SHA-256", "SCRAM-SHA-512");

  /** The SASL_PLAINTEXT listener beside PLAINTEXT, which stays the inter-broker listener. */
  private static void addSaslListener(
      Properties p, int brokerPort, int saslPort, int controllerPort, SaslListener sasl) {
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:"
            + brokerPort
            + ",SASL_PLAINTEXT://127.0.0.1:"
            + saslPort
            + ",CONTROLLER://127.0.0.1:"
            + controllerPort);
    p.put(
        "advertised.listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort);
    p.put(
        "listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
    String listener = "listener.name.sasl_plaintext.";
    p.put(listener + "sasl.enabled.mechanisms", String.join(",", SCRAM) + ",PLAIN");
    for (String mechanism : SCRAM) {
      p.put(
          listener + mechanism.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    }
    StringBuilder plain =
        new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
    sasl.users()
        .forEach((u, pw) -> plain.append(" user_").append(u).append("=\"").append(pw).append('"'));
    p.put(listener + "plain.sasl.jaas.config", plain.append(';').toString());
  }

  /** Formats the storage unless it already is; returns true when it formatted. */
  private static boolean format(Path logDir, SaslListener sasl) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return false;
    }
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(logDir.toString()))
          .setMetadataLogDirectory(logDir.toString())
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setControllerListenerName("CONTROLLER")
          .setIgnoreFormatted(true)
          .setScramArguments(sasl == null ? List.of() : scramArguments(sasl))
          .run();
      return true;
    } catch (Exception e) {
      throw new PepException(
          "Cannot format the embedded broker's storage in " + logDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code SCRAM-SHA-256=[name=alice,password=...]} per mechanism and user, as StorageTool takes.
   */
  private static List<String> scramArguments(SaslListener sasl) {
    List<String> args = new java.util.ArrayList<>();
    for (String mechanism : SCRAM) {
      sasl.users()
          .forEach((u, pw) -> args.add(mechanism + "=[name=" + u + ",password=" + pw + "]"));
    }
    return args;
  }

  /** {@code n} distinct free ports on 127.0.0.1. */
  static int[] freePorts(int n) {
    List<ServerSocket> sockets = new java.util.ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket();
        sockets.add(s);
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        ports[i] = s.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new PepException("No free local port for the embedded broker: " + e.getMessage(), e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException e) {
          log.debug("Closing a port probe failed", e);
        }
      }
    }
  }

  private static void requireFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", port));
    } catch (IOException e) {
      throw new PepException(
          "Port "
              + port
              + " on 127.0.0.1 is taken, so the embedded broker cannot start there. Stop what uses"
              + " it, set PEP_BROKER_PORT to another port (0 = any free one), or point"
              + " KAFKA_BOOTSTRAP_SERVERS at that cluster.");
    }
  }

  /** host:port clients connect to. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** host:port of the SASL_PLAINTEXT listener, or null when the broker has none. */
  public String saslBootstrapServers() {
    return saslBootstrapServers;
  }

  public Path dataDir() {
    return dataDir;
  }

  public StartTimes startTimes() {
    return times;
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
    log.info("Embedded Kafka broker stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
  }
}
