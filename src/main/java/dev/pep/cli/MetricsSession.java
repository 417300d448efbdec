package dev.pep.cli;

import dev.pep.config.MetricsConfig;
import dev.pep.config.PepException;
import dev.pep.consumer.ConsumeObserver;
import dev.pep.metrics.MetricsServer;
import dev.pep.metrics.PepMetrics;
import dev.pep.metrics.PipelineProbe;
import dev.pep.producer.ProduceObserver;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * The metrics endpoint for a command's lifetime, when PEP_METRICS_PORT is set: the meters, the HTTP
 * server (its port printed on stderr), and the linger after the work. Off, it hands out observers
 * that do nothing, so the command runs exactly as without metrics.
 */
final class MetricsSession implements AutoCloseable {
  private final MetricsConfig config;
  private final PepMetrics metrics;
  private final MetricsServer server;
  private PipelineProbe probe;

  private MetricsSession(MetricsConfig config, PepMetrics metrics, MetricsServer server) {
    this.config = config;
    this.metrics = metrics;
    this.server = server;
  }

  /** Starts the endpoint when {@code config} enables it; prints where it listens on {@code err}. */
  static MetricsSession open(MetricsConfig config, PrintWriter err) {
    if (!config.enabled()) {
      return new MetricsSession(config, null, null);
    }
    PepMetrics metrics = new PepMetrics();
    try {
      MetricsServer server = MetricsServer.start(config.port(), metrics);
      err.printf("Metrics at http://127.0.0.1:%d/metrics (health: /live, /ready)%n", server.port());
      err.flush();
      return new MetricsSession(config, metrics, server);
    } catch (UncheckedIOException e) {
      metrics.close();
      throw new PepException(
          "Cannot serve metrics on port "
              + config.port()
              + " (PEP_METRICS_PORT): "
              + e.getCause().getMessage(),
          e);
    }
  }

  ProduceObserver produce() {
    return metrics == null ? ProduceObserver.NONE : metrics.produce();
  }

  ConsumeObserver consume() {
    return metrics == null ? ConsumeObserver.NONE : metrics.consume();
  }

  /** The command now works in {@code phase} against what {@code probe} asks (closed with this). */
  void working(PepMetrics.Phase phase, PipelineProbe probe) {
    if (metrics == null) {
      return;
    }
    if (this.probe != null && this.probe != probe) {
      this.probe.close();
    }
    this.probe = probe;
    metrics.working(phase, probe);
  }

  /** For {@code watch}: a new input file was found (nothing when metrics are off). */
  void fileSeen() {
    if (metrics != null) {
      metrics.fileSeen();
    }
  }

  /** For {@code watch}: a file was produced completely. */
  void fileFinished() {
    if (metrics != null) {
      metrics.fileFinished();
    }
  }

  /** For {@code watch}: a file could not be produced. */
  void fileErrored() {
    if (metrics != null) {
      metrics.fileErrored();
    }
  }

  /** True when the endpoint is on: only then is a probe worth making. */
  boolean enabled() {
    return metrics != null;
  }

  /**
   * The work has ended: /ready turns 503, and the endpoint stays up PEP_METRICS_LINGER_SECONDS (or
   * until {@code signal}) for a last scrape.
   */
  void finished(ShutdownSignal signal) {
    if (metrics == null) {
      return;
    }
    metrics.finished();
    long until = System.nanoTime() + config.lingerSeconds() * 1_000_000_000L;
    try {
      while (!signal.requested() && System.nanoTime() < until) {
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    if (probe != null) {
      probe.close();
    }
    if (metrics != null) {
      metrics.close();
    }
  }
}
