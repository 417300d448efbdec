package dev.pep.cli;

import dev.pep.config.ConfigException;
import dev.pep.config.MetricsConfig;
import dev.pep.config.PepException;
import dev.pep.config.PipelineConfig;
import dev.pep.config.ResolvedConfig;
import dev.pep.config.SinkConfig;
import dev.pep.config.WatchConfig;
import dev.pep.consumer.ConsumeSummary;
import dev.pep.consumer.SinkConsumer;
import dev.pep.csv.CsvLayout;
import dev.pep.kafka.KafkaClients;
import dev.pep.metrics.PepMetrics;
import dev.pep.metrics.PipelineProbe;
import dev.pep.sink.Sink;
import dev.pep.sink.Sinks;
import dev.pep.watch.FileOutcome;
import dev.pep.watch.WatchCounts;
import dev.pep.watch.WatchListener;
import dev.pep.watch.Watcher;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "watch",
    description = {
      "Watch a directory and load every CSV file dropped into it exactly once: each file produced"
          + " as produce does, then moved to DIR/finished/ (or DIR/error/ with the reason), the"
          + " sink consuming in the same process. Runs until Ctrl-C."
    },
    mixinStandardHelpOptions = true)
final class WatchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;
  @Mixin ClusterOptions clusterOptions;
  @Mixin TopicOption topicOption;
  @Mixin PartitionsOption partitionsOption;
  @Mixin LayoutOptions layoutOptions;
  @Mixin BadRowOptions badRowOptions;
  @Mixin ProfileOption profileOption;
  @Mixin ProducerPropertyOption producerPropertyOption;
  @Mixin SinkOptions sinkOptions;
  @Mixin WatchOptions watchOptions;
  @Mixin VerboseOption verbose;
  @Mixin MetricsOptions metricsOptions;

  @Parameters(index = "0", paramLabel = "DIR", description = "The directory to watch.")
  Path dir;

  @Option(
      names = "--no-sink",
      description = "Only produce: no consumer in this process (run pep consume elsewhere).")
  boolean noSink;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ResolvedConfig resolved = options.resolve();
    PipelineConfig config = resolved.toPipelineConfig();
    WatchConfig watch = resolved.toWatchConfig();
    SinkConfig sinkConfig = noSink ? null : resolved.toSinkConfig();
    MetricsConfig metricsConfig = resolved.toMetricsConfig();
    if (!Files.isDirectory(dir)) {
      throw new ConfigException("The directory to watch is not a directory: " + dir);
    }
    // The sink first: a locked or unreachable database fails before anything is produced.
    try (Sink sink = noSink ? null : Sinks.open(sinkConfig);
        ShutdownSignal signal = new ShutdownSignal();
        MetricsSession metrics = MetricsSession.open(metricsConfig, err);
        BrokerSession cluster = BrokerSession.open(config, err)) {
      PipelineConfig c = cluster.config();
      int partitions = ProduceStep.ensureTopic(c);
      Lines lines = new Lines(out, err, dir, metrics);
      Watcher watcher = new Watcher(c, partitions, watch, dir, lines).observe(metrics.produce());
      watcher.prepare();
      if (metrics.enabled()) {
        // Ready while the cluster (and, with the sink, its database) answers, as for consume;
        // without the sink, as for produce.
        metrics.working(
            sink == null ? PepMetrics.Phase.PRODUCING : PepMetrics.Phase.CONSUMING,
            sink == null
                ? new PipelineProbe(KafkaClients.of(c), c.topic(), null, null)
                : new PipelineProbe(
                    KafkaClients.of(c), c.topic(), sinkConfig.groupId(), sinkConfig));
      }
      AtomicReference<RuntimeException> sinkFailure = new AtomicReference<>();
      AtomicReference<ConsumeSummary> consumed = new AtomicReference<>();
      Thread consumer = null;
      if (sink != null) {
        SinkConsumer sc =
            new SinkConsumer(
                    KafkaClients.of(c),
                    c.topic(),
                    sinkConfig.groupId(),
                    sink,
                    SinkOptions.timeouts(sinkConfig))
                .observe(metrics.consume());
        consumer =
            new Thread(
                () -> {
                  try {
                    consumed.set(
                        sc.run(
                            new SinkConsumer.StopWhen(null, 0, null),
                            (read, written, duplicates, elapsed) -> lines.sinkWritten.set(written),
                            signal::requested));
                  } catch (RuntimeException e) {
                    sinkFailure.set(e);
                  }
                },
                "pep-watch-sink");
        consumer.start();
      }
      err.printf(
          Locale.ROOT,
          "Watching %s for %s (%d at once, then %s%s)%n",
          dir,
          String.join(",", watch.patterns()),
          watch.parallel(),
          watch.afterProduce().label(),
          sink == null
              ? "; no sink"
              : "; sink " + sinkConfig.sink().name().toLowerCase(Locale.ROOT));
      err.flush();
      long start = System.nanoTime();
      watcher.run(() -> signal.requested() || sinkFailure.get() != null);
      if (consumer != null) {
        consumer.join();
      }
      metrics.finished(signal);
      printSummary(out, watcher.counts(), (System.nanoTime() - start) / 1e9);
      if (consumed.get() != null) {
        ConsumeReport.print(consumed.get(), out);
      }
      if (sinkFailure.get() != null) {
        throw new PepException(
            "The sink stopped: " + sinkFailure.get().getMessage(), sinkFailure.get());
      }
      return ExitCodes.INTERRUPTED;
    }
  }

  private void printSummary(PrintWriter out, WatchCounts n, double seconds) {
    out.printf(Locale.ROOT, "Watched %s for %.1f s%n", dir, seconds);
    out.printf(Locale.ROOT, "  files finished  %,10d%n", n.filesFinished());
    out.printf(Locale.ROOT, "  files errored   %,10d%n", n.filesErrored());
    out.printf(Locale.ROOT, "  rows read       %,10d%n", n.rows());
    out.printf(Locale.ROOT, "  committed       %,10d%n", n.committed());
    out.printf(Locale.ROOT, "  rejected        %,10d%n", n.rejects());
    out.flush();
  }

  /**
   * One line per file at its start and end; a status line while idle. The file counters of the
   * metrics follow the same events as {@link WatchCounts}: taken, then finished or errored.
   */
  private static final class Lines implements WatchListener {
    private final PrintWriter out;
    private final PrintWriter err;
    private final Path dir;
    private final MetricsSession metrics;
    final AtomicLong sinkWritten = new AtomicLong();

    Lines(PrintWriter out, PrintWriter err, Path dir, MetricsSession metrics) {
      this.out = out;
      this.err = err;
      this.dir = dir;
      this.metrics = metrics;
    }

    @Override
    public void taken(Path file) {
      metrics.fileSeen();
    }

    @Override
    public synchronized void started(Path file, CsvLayout layout) {
      String name = file.getFileName().toString();
      out.println(
          "Started  "
              + name
              + ": "
              + layout.describe(name).substring(("Layout of " + name + ": ").length()));
      out.flush();
    }

    @Override
    public synchronized void ended(FileOutcome o) {
      switch (o.result()) {
        case FINISHED, ALREADY_DONE -> metrics.fileFinished();
        case ERROR -> metrics.fileErrored();
        case RETRY, STOPPED -> {
          // neither, as in WatchCounts: the file is taken again
        }
      }
      String where = o.where() == null ? "deleted" : dir.relativize(o.where()).toString();
      String rejects =
          o.rejects() == 0
              ? "0 rejects"
              : String.format(
                  Locale.ROOT, "%,d rejects (%s)", o.rejects(), dir.relativize(o.rejectsFile()));
      switch (o.result()) {
        case FINISHED ->
            out.printf(
                Locale.ROOT,
                "Finished %s: %,d rows, %,d events committed%s, %s, %.2f s -> %s%n",
                o.file(),
                o.rows(),
                o.committed(),
                o.skipped() > 0
                    ? String.format(Locale.ROOT, " (after %,d by an earlier run)", o.skipped())
                    : "",
                rejects,
                o.seconds(),
                where);
        case ALREADY_DONE ->
            out.printf(
                Locale.ROOT,
                "Finished %s: all %,d events were committed by an earlier run -> %s%n",
                o.file(),
                o.skipped(),
                where);
        case ERROR ->
            out.printf(
                Locale.ROOT,
                "Error    %s -> %s (%s.error.txt): %s%n",
                o.file(),
                where,
                where,
                o.reason());
        case RETRY ->
            out.printf(
                Locale.ROOT, "Failed   %s, left to be tried again: %s%n", o.file(), o.reason());
        case STOPPED ->
            out.printf(
                Locale.ROOT,
                "Stopped  %s after %,d rows (%,d committed); the next run resumes it%n",
                o.file(),
                o.rows(),
                o.committed());
      }
      out.flush();
    }

    @Override
    public synchronized void idle(WatchCounts n, int waiting) {
      err.printf(
          Locale.ROOT,
          "... idle: %,d files finished, %,d errored, %,d rows, %,d rejects; %,d events in the"
              + " sink; %d file(s) settling%n",
          n.filesFinished(),
          n.filesErrored(),
          n.rows(),
          n.rejects(),
          sinkWritten.get(),
          waiting);
      err.flush();
    }
  }
}
