package dev.pep.broker;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main class of one node of a {@link LocalCluster}, in a JVM of its own so that the node can be
 * killed as a real server is (SIGKILL). Stops cleanly on SIGTERM, and by itself when the process
 * that launched it ends (so that a killed launcher leaves no brokers behind). Writes only to its
 * log ({@code PEP_LOG_DIR}); the launcher learns that it is up by asking it over the network.
 */
public final class ClusterNode {
  private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

  private ClusterNode() {}

  /**
   * Arguments: data directory, node id, broker port, controller port, voters, cluster id,
   * replication factor, pid of the launcher.
   */
  public static void main(String[] args) {
    if (args.length != 8) {
      throw new IllegalArgumentException(
          "usage: ClusterNode dataDir nodeId brokerPort controllerPort voters clusterId replicas"
              + " launcherPid");
    }
    EmbeddedBroker.Node node =
        new EmbeddedBroker.Node(
            Integer.parseInt(args[1]),
            Integer.parseInt(args[2]),
            Integer.parseInt(args[3]),
            args[4],
            args[5],
            Integer.parseInt(args[6]));
    long launcher = Long.parseLong(args[7]);
    CountDownLatch stopped = new CountDownLatch(1);
    ProcessHandle.of(launcher)
        .ifPresentOrElse(h -> h.onExit().thenRun(stopped::countDown), stopped::countDown);
    EmbeddedBroker broker;
    try {
      broker = EmbeddedBroker.start(Path.of(args[0]), node);
    } catch (RuntimeException e) {
      log.error("Node {} failed to start", node.nodeId(), e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "node-stop"));
    // Kafka's own threads keep the process running until SIGTERM or the launcher's end.
  }
}
