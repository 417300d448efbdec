package dev.pep.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A test fixture: {@code pep broker} in a JVM of its own, as a user runs a broker for other
 * clients, so that a test can SIGKILL it (a crash), let Kafka halt it (a full disk) or stop it
 * cleanly (SIGTERM), and start it again on the same data and port.
 */
final class BrokerProcess implements AutoCloseable {
  private final PepProcess.Running running;
  private final String bootstrap;

  private BrokerProcess(PepProcess.Running running, String bootstrap) {
    this.running = running;
    this.bootstrap = bootstrap;
  }

  /** A free TCP port on 127.0.0.1, for a broker that must come back on the same one. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Starts {@code pep broker} with its data in {@code stateDir/kafka} on 127.0.0.1:{@code port} and
   * returns once it has printed its address (it has created the topic then).
   *
   * @param jvmOptions e.g. {@code -Dpep.broker.settleAfterCrash=false}
   */
  static BrokerProcess start(Path workDir, Path stateDir, int port, List<String> jvmOptions)
      throws IOException, InterruptedException {
    Map<String, String> env = new HashMap<>();
    env.put("PEP_STATE_DIR", stateDir.toString());
    env.put("PEP_BROKER_PORT", Integer.toString(port));
    env.put("PEP_LOG_DIR", workDir.resolve("logs-broker").toString());
    PepProcess.Running r = PepProcess.start(jvmOptions, workDir, env, "broker");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      String out = r.outText();
      if (out.contains("\n")) {
        return new BrokerProcess(r, out.lines().findFirst().orElseThrow().strip());
      }
      if (!r.process().isAlive() || System.nanoTime() > deadline) {
        r.kill();
        throw new AssertionError("pep broker did not start:\n" + r.outputs());
      }
      Thread.sleep(200);
    }
  }

  String bootstrap() {
    return bootstrap;
  }

  /** SIGKILL: the broker stops as in a crash, without its clean shutdown. */
  void kill() throws InterruptedException {
    running.kill();
  }

  /** Waits for the broker to stop by itself (Kafka halted it) and returns how it ended. */
  PepProcess.Result awaitExit(long timeoutSeconds) throws IOException, InterruptedException {
    return running.await(timeoutSeconds);
  }

  String errText() throws IOException {
    return running.errText();
  }

  /** Stops the broker cleanly (SIGTERM), as Ctrl-C does. */
  @Override
  public void close() throws InterruptedException {
    Process p = running.process();
    if (p.isAlive()) {
      p.destroy();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
  }
}
