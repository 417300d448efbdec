package dev.pep.cli;

import dev.pep.broker.EmbeddedBroker;
import dev.pep.config.PipelineConfig;
import dev.pep.config.Writable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The cluster a command talks to: the configured one, or the embedded broker started for the
 * command's lifetime when none is configured.
 */
final class BrokerSession implements AutoCloseable {
  private final EmbeddedBroker broker;
  private final PipelineConfig config;

  private BrokerSession(EmbeddedBroker broker, PipelineConfig config) {
    this.broker = broker;
    this.config = config;
  }

  /** Starts the embedded broker when {@code config} names no cluster; reports it on {@code err}. */
  static BrokerSession open(PipelineConfig config, PrintWriter err) {
    if (config.embeddedBroker()) {
      Writable.directory(config.stateDir(), "PEP_STATE_DIR");
    }
    return open(config, config.stateDir().resolve("kafka"), config.brokerPort(), err);
  }

  /**
   * As {@link #open(PipelineConfig, PrintWriter)}, the embedded broker (if one is needed) keeping
   * its data in {@code dataDir} and listening on {@code port} (0: any free port).
   */
  static BrokerSession open(PipelineConfig config, Path dataDir, int port, PrintWriter err) {
    if (!config.embeddedBroker()) {
      return new BrokerSession(null, config);
    }
    // Kafka halts the JVM when the broker's log directory fails (a full disk): say why, in the
    // command's one-line error form, before it does.
    EmbeddedBroker.onHalt(
        why -> {
          err.println("Error: " + why);
          err.flush();
        });
    EmbeddedBroker broker = EmbeddedBroker.start(dataDir, port);
    err.println(startedLine(broker));
    err.flush();
    return new BrokerSession(broker, config.withBootstrapServers(broker.bootstrapServers()));
  }

  private static String startedLine(EmbeddedBroker broker) {
    EmbeddedBroker.StartTimes t = broker.startTimes();
    return String.format(
        Locale.ROOT,
        "Embedded Kafka %s broker (KRaft) at %s, started in %.2f s%s; data in %s",
        EmbeddedBroker.kafkaVersion(),
        broker.bootstrapServers(),
        t.totalMillis() / 1000.0,
        t.formatMillis() > 0
            ? String.format(
                Locale.ROOT, " (storage formatted in %.2f s)", t.formatMillis() / 1000.0)
            : "",
        broker.dataDir());
  }

  /** The configuration with the bootstrap servers of the cluster in use. */
  PipelineConfig config() {
    return config;
  }

  boolean embedded() {
    return broker != null;
  }

  @Override
  public void close() {
    if (broker != null) {
      broker.close();
    }
  }
}
