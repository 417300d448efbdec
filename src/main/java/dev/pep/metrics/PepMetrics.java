package dev.pep.metrics;

import dev.pep.consumer.ConsumeObserver;
import dev.pep.producer.ProduceObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * pep's meters in one Prometheus registry: the producer's and the consumer's (through the {@link
 * ProduceObserver} and {@link ConsumeObserver} they own), the files of {@code watch}, the lag per
 * partition ({@link PipelineProbe}), the JVM's, and the Kafka clients' (Micrometer's {@code
 * KafkaClientMetrics}, bound to each client while it is open). Names follow Prometheus conventions:
 * {@code pep_} prefix, base units, counters ending in {@code _total}; the README lists them.
 *
 * <p>Thread-safe: meters may be updated from any thread while the endpoint scrapes. One instance
 * per process; {@link #close} unbinds everything.
 */
public final class PepMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final ProduceMeters produce;
  private final ConsumeMeters consume;
  private final Counter filesSeen;
  private final Counter filesFinished;
  private final Counter filesErrored;
  private final java.util.Set<Integer> lagGauges = new java.util.HashSet<>();
  private volatile Phase phase = Phase.STARTING;
  private volatile PipelineProbe probe;

  /** What the command is doing, for {@code /ready}. */
  public enum Phase {
    /** Starting: not connected yet. */
    STARTING,
    PRODUCING,
    CONSUMING,
    /** The work has ended; the endpoint lingers for a last scrape. */
    FINISHED
  }

  /** Whether the command is ready, and why (or why not), in a short line. */
  public record Readiness(boolean ready, String reason) {}

  public PepMetrics() {
    // Two of the system binder's names break Prometheus conventions (promtool rejects them: a
    // count that is not a counter, an abbreviated unit); their information is in the others.
    registry
        .config()
        .meterFilter(MeterFilter.denyNameStartsWith("system.cpu.count"))
        .meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"))
        .meterFilter(new KafkaMeterNames());
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    produce = new ProduceMeters(registry);
    consume = new ConsumeMeters(registry);
    filesSeen = counter("pep.watch.files.seen", "Input files the watch command found");
    filesFinished =
        counter("pep.watch.files.finished", "Input files the watch command produced completely");
    filesErrored =
        counter(
            "pep.watch.files.errored", "Input files the watch command gave up on with an error");
  }

  /**
   * Histogram buckets of pep's latencies (Prometheus {@code le} bounds), from a fast commit to a
   * database retry's backoff: few enough to keep the exposition small.
   */
  static final java.time.Duration[] LATENCY_BUCKETS =
      java.util.stream.LongStream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000)
          .mapToObj(java.time.Duration::ofMillis)
          .toArray(java.time.Duration[]::new);

  private Counter counter(String name, String help) {
    return Counter.builder(name).description(help).register(registry);
  }

  /** The observer to hand to the producer. */
  public ProduceObserver produce() {
    return produce;
  }

  /** The observer to hand to the consumer. */
  public ConsumeObserver consume() {
    return consume;
  }

  /** A new input file was found by {@code watch}. */
  public void fileSeen() {
    filesSeen.increment();
  }

  /** A file {@code watch} found was produced completely. */
  public void fileFinished() {
    filesFinished.increment();
  }

  /** A file {@code watch} found could not be produced. */
  public void fileErrored() {
    filesErrored.increment();
  }

  /**
   * The command is now in {@code phase}, working against what {@code probe} asks (its lag gauges
   * are registered as partitions appear).
   */
  public void working(Phase phase, PipelineProbe probe) {
    this.probe = probe;
    this.phase = phase;
  }

  /** The command's work has ended: {@code /ready} answers 503 from now on. */
  public void finished() {
    this.phase = Phase.FINISHED;
    // The lag gauges read the probe's last answer, which may be up to a second older than the
    // last batch the run stored: ask once more, so that what lingers is the lag at the end.
    PipelineProbe pr = probe;
    if (pr != null && pr.measuresLag()) {
      pr.refresh();
      refreshLag();
    }
  }

  /**
   * Ready when producing or consuming and the cluster (and, when consuming, the database) answers;
   * the reason names what is missing.
   */
  public Readiness readiness() {
    Phase p = phase;
    PipelineProbe pr = probe;
    if (p == Phase.FINISHED) {
      return new Readiness(false, "finished");
    }
    if (p == Phase.STARTING || pr == null) {
      return new Readiness(false, "starting");
    }
    PipelineProbe.Snapshot s = pr.snapshot();
    if (s.clusterProblem() != null) {
      return new Readiness(false, "cluster unreachable: " + s.clusterProblem());
    }
    if (s.databaseProblem() != null) {
      return new Readiness(false, "database unreachable: " + s.databaseProblem());
    }
    return new Readiness(
        true,
        p == Phase.PRODUCING
            ? "producing to " + pr.topic()
            : "consuming " + pr.topic() + " (group " + pr.group() + ")");
  }

  /** Asks the probe again (at most once a second) and registers a lag gauge per new partition. */
  void refreshLag() {
    PipelineProbe pr = probe;
    if (pr == null || !pr.measuresLag()) {
      return;
    }
    for (int partition : pr.snapshot().partitions().keySet()) {
      synchronized (lagGauges) {
        if (lagGauges.add(partition)) {
          io.micrometer.core.instrument.Gauge.builder(
                  "pep.consumer.lag",
                  pr,
                  x -> {
                    PipelineProbe.PartitionLag l = x.lastSnapshot().partitions().get(partition);
                    return l == null ? Double.NaN : l.lag();
                  })
              .description(
                  "Records of the partition after the offset the database stores for the group"
                      + " (read_committed end offset minus stored offset)")
              .baseUnit("records")
              .tag("topic", pr.topic())
              .tag("group", pr.group())
              .tag("partition", Integer.toString(partition))
              .register(registry);
        }
      }
    }
  }

  /** The registry, for the lag gauges and tests. */
  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    refreshLag();
    return registry.scrape();
  }

  /** The exposition in the format {@code accept} (an HTTP Accept header, or null) asks for. */
  String scrape(java.io.OutputStream out, String accept) throws java.io.IOException {
    String contentType =
        accept != null && accept.contains("application/openmetrics-text")
            ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
            : "text/plain; version=0.0.4; charset=utf-8";
    refreshLag();
    registry.scrape(out, contentType);
    return contentType;
  }

  @Override
  public void close() {
    produce.close();
    consume.close();
    gc.close();
    registry.close();
  }
}
