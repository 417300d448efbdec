package dev.pep.broker;

import dev.pep.config.PepException;
import dev.pep.kafka.KafkaClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka KRaft cluster of several nodes on this machine, each a combined broker and
 * controller ({@link EmbeddedBroker.Node}) in a JVM of its own ({@link ClusterNode}), all three
 * voters of the controller quorum. Topics get replication factor {@code nodes} and {@code
 * min.insync.replicas=2}, so the cluster of three survives the loss of any one node. A node can be
 * killed with SIGKILL, stopped with SIGTERM and started again on its data directory and ports;
 * {@link #view()} asks the cluster about its state (leaders, controller, replicas in sync).
 *
 * <p>Each node keeps its data in {@code dir/node-<id>/data}, its log in {@code dir/node-<id>/logs}
 * and its console output in {@code dir/node-<id>/node.out}. The node processes stop cleanly by
 * themselves when this JVM ends, even when it is killed.
 */
public final class LocalCluster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);
  private static final long START_TIMEOUT_MS = 180_000;

  private final Path dir;
  private final List<EmbeddedBroker.Node> nodes;
  private final Process[] processes;
  private boolean closed;

  private LocalCluster(Path dir, List<EmbeddedBroker.Node> nodes) {
    this.dir = dir;
    this.nodes = nodes;
    this.processes = new Process[nodes.size()];
  }

  /**
   * Starts a new cluster of {@code size} nodes (ids 1 to {@code size}) with data under {@code dir}
   * (which must not hold a cluster yet) on free ports; returns once every node answers.
   */
  public static LocalCluster start(Path dir, int size) {
    return start(dir, size, 0);
  }

  /**
   * Starts a cluster of {@code size} nodes with data under {@code dir}, their client ports {@code
   * firstPort} to {@code firstPort + size - 1} and their controller ports the next {@code size}; a
   * cluster started there before on the same ports comes back with its data. {@code firstPort} 0:
   * free ports, and {@code dir} must not hold a cluster yet (its nodes know each other by port).
   */
  public static LocalCluster start(Path dir, int size, int firstPort) {
    if (size < 1) {
      throw new PepException("A cluster needs at least one node, not " + size);
    }
    Path root = dir.toAbsolutePath().normalize();
    Path meta = root.resolve("node-1").resolve("data").resolve("meta.properties");
    Optional<String> existing = clusterId(meta);
    if (firstPort == 0 && existing.isPresent()) {
      throw new PepException(
          "A local cluster was started in "
              + root
              + " before, on ports it needs again: give its first port (PEP_BROKER_PORT), or"
              + " delete the directory to start afresh");
    }
    int[] ports;
    if (firstPort == 0) {
      ports = BrokerPorts.free(2 * size);
    } else {
      ports = new int[2 * size];
      for (int i = 0; i < ports.length; i++) {
        ports[i] = firstPort + i;
        BrokerPorts.requireFree(ports[i]);
      }
    }
    StringJoiner voters = new StringJoiner(",");
    for (int i = 0; i < size; i++) {
      voters.add((i + 1) + "@127.0.0.1:" + ports[size + i]);
    }
    String clusterId = existing.orElseGet(() -> Uuid.randomUuid().toString());
    List<EmbeddedBroker.Node> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      nodes.add(
          new EmbeddedBroker.Node(
              i + 1, ports[i], ports[size + i], voters.toString(), clusterId, size));
    }
    LocalCluster cluster = new LocalCluster(root, nodes);
    try {
      // All at once: a node's start waits for a majority of the voters.
      for (EmbeddedBroker.Node n : nodes) {
        cluster.launch(n.nodeId());
      }
      for (EmbeddedBroker.Node n : nodes) {
        cluster.awaitAnswer(n.nodeId());
      }
      return cluster;
    } catch (RuntimeException e) {
      cluster.killAll();
      throw e;
    }
  }

  /** The cluster id in a node's {@code meta.properties}, if it was formatted. */
  private static Optional<String> clusterId(Path meta) {
    if (!Files.isRegularFile(meta)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (var in = Files.newInputStream(meta)) {
      p.load(in);
    } catch (IOException e) {
      throw new PepException("Cannot read " + meta + ": " + e.getMessage(), e);
    }
    return Optional.ofNullable(p.getProperty("cluster.id"));
  }

  /** host:port of every node, comma-separated, as clients take them. */
  public String bootstrapServers() {
    StringJoiner j = new StringJoiner(",");
    nodes.forEach(n -> j.add(address(n)));
    return j.toString();
  }

  /** host:port of node {@code id}. */
  public String bootstrapServers(int id) {
    return address(node(id));
  }

  public int size() {
    return nodes.size();
  }

  public Path dir() {
    return dir;
  }

  /** The node's directory: its data in {@code data}, its log in {@code logs}. */
  public Path nodeDir(int id) {
    return dir.resolve("node-" + node(id).nodeId());
  }

  public synchronized boolean running(int id) {
    Process p = processes[node(id).nodeId() - 1];
    return p != null && p.isAlive();
  }

  /** The node's process id. */
  public synchronized long pid(int id) {
    return process(id).pid();
  }

  /** Kills node {@code id} with SIGKILL, as a crash or a power cut would, and waits for it. */
  public synchronized void kill(int id) {
    Process p = process(id);
    p.destroyForcibly();
    waitFor(p, 30);
    log.info("Node {} killed (SIGKILL)", id);
  }

  /** Stops node {@code id} with SIGTERM (a clean shutdown) and waits for it. */
  public synchronized void stop(int id) {
    Process p = process(id);
    p.destroy();
    if (!waitFor(p, 120)) {
      p.destroyForcibly();
      waitFor(p, 30);
    }
    log.info("Node {} stopped", id);
  }

  /** Starts node {@code id} again on its data directory and ports; returns once it answers. */
  public void start(int id) {
    synchronized (this) {
      if (running(id)) {
        throw new IllegalStateException("node " + id + " is running");
      }
      launch(id);
    }
    awaitAnswer(id);
  }

  /** What the cluster says about itself: partition leaders, the controller, replicas in sync. */
  public ClusterView view() {
    return new ClusterView(bootstrapServers());
  }

  /** Stops every node cleanly (idempotent). */
  @Override
  public void close() {
    List<Process> running = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      for (Process p : processes) {
        if (p != null && p.isAlive()) {
          p.destroy();
          running.add(p);
        }
      }
    }
    for (Process p : running) {
      if (!waitFor(p, 120)) {
        p.destroyForcibly();
      }
    }
  }

  private synchronized void killAll() {
    for (Process p : processes) {
      if (p != null) {
        p.destroyForcibly();
      }
    }
  }

  private void launch(int id) {
    EmbeddedBroker.Node n = node(id);
    Path home = nodeDir(id);
    Path data = home.resolve("data");
    try {
      Files.createDirectories(data);
      List<String> command =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx512m",
              // Small and quick to start: three of them share the machine with the clients.
              "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1",
              "-cp",
              System.getProperty("java.class.path"),
              ClusterNode.class.getName(),
              data.toString(),
              Integer.toString(n.nodeId()),
              Integer.toString(n.brokerPort()),
              Integer.toString(n.controllerPort()),
              n.voters(),
              n.clusterId(),
              Integer.toString(n.replicas()),
              Long.toString(ProcessHandle.current().pid()));
      ProcessBuilder pb = new ProcessBuilder(command);
      // Not in the data directory: Kafka takes every directory there for a partition's.
      pb.environment().put("PEP_LOG_DIR", home.resolve("logs").toString());
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("node.out").toFile()));
      processes[n.nodeId() - 1] = pb.start();
    } catch (IOException e) {
      throw new PepException("Cannot start node " + id + " of the local cluster: " + e, e);
    }
  }

  /** Waits until node {@code id} answers a metadata request, or fails if its process ended. */
  private void awaitAnswer(int id) {
    String address = bootstrapServers(id);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
    try (Admin admin =
        Admin.create(KafkaClients.plain(address).admin(ClusterView.shortTimeouts()))) {
      while (true) {
        Process p;
        synchronized (this) {
          p = processes[id - 1];
        }
        if (!p.isAlive()) {
          throw new PepException(
              "Node " + id + " of the local cluster ended while starting: " + tail(id));
        }
        try {
          if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
            log.info("Node {} of the local cluster answers at {}", id, address);
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw new PepException(
                "Node "
                    + id
                    + " of the local cluster did not answer at "
                    + address
                    + " within "
                    + START_TIMEOUT_MS / 1000
                    + " s: "
                    + tail(id));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new PepException("Interrupted while waiting for node " + id, e);
        }
      }
    }
  }

  /** The last lines of the node's console output, for an error message. */
  private String tail(int id) {
    try {
      List<String> lines = Files.readAllLines(nodeDir(id).resolve("node.out"));
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  private synchronized Process process(int id) {
    Process p = processes[node(id).nodeId() - 1];
    if (p == null || !p.isAlive()) {
      throw new IllegalStateException("node " + id + " is not running");
    }
    return p;
  }

  private EmbeddedBroker.Node node(int id) {
    if (id < 1 || id > nodes.size()) {
      throw new IllegalArgumentException("no node " + id + " in a cluster of " + nodes.size());
    }
    return nodes.get(id - 1);
  }

  private static String address(EmbeddedBroker.Node n) {
    return "127.0.0.1:" + n.brokerPort();
  }

  private static boolean waitFor(Process p, int seconds) {
    try {
      return p.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
