package dev.pep.bench;

import dev.pep.config.Profile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns {@link BenchResults} into what a person reads: the table for the terminal, {@code
 * results.csv} (one line per run) and the markdown report. Pure formatting: the same results give
 * the same text.
 */
public final class BenchReport {
  /** File names written into the output directory. */
  public static final String CSV = "results.csv";

  public static final String MARKDOWN = "bench.md";
  public static final String CHART = "bench.png";

  private final BenchResults results;
  private final List<ContenderSummary> summaries;
  private final String command;

  /**
   * @param command the command line that ran the bench, as the report should show it
   */
  public BenchReport(BenchResults results, String command) {
    this.results = results;
    this.command = command;
    this.summaries =
        results.contenders().stream()
            .map(c -> ContenderSummary.of(c, results.measured(c)))
            .toList();
  }

  public List<ContenderSummary> summaries() {
    return summaries;
  }

  /** True when every measured run of every contender was valid (all rows delivered). */
  public boolean allValid() {
    return summaries.stream().allMatch(s -> s.validRuns() == s.runs());
  }

  /** The summary table and the ratios, for stdout. */
  public String table() {
    StringBuilder b = new StringBuilder();
    b.append(
        f(
            "pep bench: %s, %,d events%s; %d measured runs each after %s; broker %s%n",
            results.input(),
            results.events(),
            baselineNote(),
            results.runs(),
            warmups(),
            results.machine().broker()));
    b.append(
        f(
            "%-22s %5s %11s %23s %7s %8s %8s %8s %8s %8s %6s %8s%n",
            "contender",
            "valid",
            "records/s",
            "min - max",
            "MB/s",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "max ms",
            "disk MB",
            "ratio",
            "heap MB"));
    for (ContenderSummary s : summaries) {
      b.append(
          f(
              "%-22s %5s %11s %23s %7s %8s %8s %8s %8s %8s %6s %8s%n",
              s.contender().name(),
              s.validRuns() + "/" + s.runs(),
              num(s.medianRecordsPerSecond(), 0),
              num(s.minRecordsPerSecond(), 0) + " - " + num(s.maxRecordsPerSecond(), 0),
              num(s.medianMegabytesPerSecond(), 1),
              num(s.latency().p50(), 1),
              num(s.latency().p95(), 1),
              num(s.latency().p99(), 1),
              num(s.latency().max(), 1),
              num(s.medianBytesOnDisk() / (1024 * 1024), 1),
              num(s.medianCompressionRatio(), 2),
              s.peakHeapBytes() < 0 ? "-" : num(s.peakHeapBytes() / (1024.0 * 1024), 0)));
    }
    for (String line : ratioLines()) {
      b.append(line).append(System.lineSeparator());
    }
    return b.toString();
  }

  private String baselineNote() {
    boolean hasBaseline =
        summaries.stream()
            .anyMatch(
                s ->
                    s.contender().tool() == Tool.PEP
                        && s.contender().profile() == Profile.BASELINE);
    return hasBaseline && results.baselineEvents() != results.events()
        ? f(
            "; the baseline sends only the first %,d, as it waits for every ack",
            results.baselineEvents())
        : "";
  }

  /** Each of our profiles over each peer, then the bar and goal. */
  List<String> ratioLines() {
    List<String> lines = new ArrayList<>();
    List<ContenderSummary> ours = by(Tool.PEP);
    List<ContenderSummary> peers =
        summaries.stream().filter(s -> s.contender().tool() != Tool.PEP).toList();
    if (ours.isEmpty() || peers.isEmpty()) {
      return lines;
    }
    lines.add("Ratios of median records/s, measured in this run:");
    for (ContenderSummary o : ours) {
      StringBuilder b = new StringBuilder(f("  %-10s", o.contender().name()));
      for (ContenderSummary p : peers) {
        b.append(f("  / %s %s", p.contender().name(), ratio(o.ratioTo(p))));
      }
      lines.add(b.toString());
    }
    Optional<ContenderSummary> fast = find(Tool.PEP, Profile.FAST);
    Optional<ContenderSummary> perf =
        find(Tool.PERF_TOOL, Profile.FAST).or(() -> find(Tool.PERF_TOOL, Profile.OPTIMIZED));
    Optional<ContenderSummary> kcat = find(Tool.KCAT, Profile.OPTIMIZED);
    if (fast.isPresent() && perf.isPresent()) {
      double r = fast.get().ratioTo(perf.get());
      lines.add(
          f(
              "Bar:  fast / %s = %s (>= 1.00x: %s)",
              perf.get().contender().name(), ratio(r), r >= 1.0 ? "met" : "NOT met"));
    }
    if (fast.isPresent() && kcat.isPresent()) {
      double r = fast.get().ratioTo(kcat.get());
      lines.add(
          f(
              "Goal: fast / kcat/optimized = %s (>= 1.00x: %s)",
              ratio(r), r >= 1.0 ? "met" : "not met"));
    }
    return lines;
  }

  private List<ContenderSummary> by(Tool tool) {
    return summaries.stream().filter(s -> s.contender().tool() == tool).toList();
  }

  private Optional<ContenderSummary> find(Tool tool, Profile profile) {
    return summaries.stream()
        .filter(s -> s.contender().tool() == tool && s.contender().profile() == profile)
        .findFirst();
  }

  /** One line per run, warm-ups included (run 0), with a header. */
  public String csv() {
    StringBuilder b = new StringBuilder();
    b.append(
        "contender,tool,profile,run,warmup,rows,sent,seconds,records_per_s,mb_per_s,p50_ms,p95_ms,"
            + "p99_ms,max_ms,records_in_topic,bytes_on_disk,compression_ratio,peak_heap_bytes,valid,"
            + "failure\n");
    for (RunResult r : results.results()) {
      Latency l = r.latency();
      b.append(
          String.join(
              ",",
              r.contender().name(),
              r.contender().tool().label(),
              r.contender().profile().label(),
              Integer.toString(r.run()),
              Boolean.toString(r.run() == 0),
              Long.toString(r.contender().rows()),
              Long.toString(r.sent()),
              plain(r.seconds(), 3),
              plain(r.recordsPerSecond(), 0),
              plain(r.megabytesPerSecond(), 2),
              plain(l.p50(), 3),
              plain(l.p95(), 3),
              plain(l.p99(), 3),
              plain(l.max(), 3),
              Long.toString(r.recordsInTopic()),
              Long.toString(r.bytesOnDisk()),
              plain(r.compressionRatio(), 3),
              Long.toString(r.peakHeapBytes()),
              Boolean.toString(r.valid()),
              r.failure() == null ? "" : '"' + r.failure().replace("\"", "\"\"") + '"'));
      b.append('\n');
    }
    return b.toString();
  }

  private String warmups() {
    return switch (results.warmups()) {
      case 0 -> "no warm-up";
      case 1 -> "a warm-up round";
      default -> results.warmups() + " warm-up rounds";
    };
  }

  /** The markdown report; {@code chart} is the PNG's file name beside it, or null for none. */
  public String markdown(String chart) {
    Machine m = results.machine();
    StringBuilder b = new StringBuilder();
    b.append("# pep bench: ").append(results.input()).append("\n\n");
    b.append("```\n").append(command).append("\n```\n\n");
    b.append(
        f(
            "Run %s UTC, %.0f s in all. %,d events (%,d rows rejected by the parser)%s. %d measured"
                + " runs per contender after %s (unmeasured), a fresh topic for every"
                + " run (%d partitions).%n%n",
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .format(results.started().atZone(ZoneOffset.UTC)),
            results.seconds(),
            results.events(),
            results.rejected(),
            baselineNote(),
            results.runs(),
            warmups(),
            results.partitions()));
    b.append(
        "| contender | valid runs | records/s (median) | min - max | MB/s | p50 ms | p95 ms | p99 ms |"
            + " max ms | on disk MB | compression | peak heap MB |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (ContenderSummary s : summaries) {
      b.append(
          f(
              "| %s | %d of %d | %s | %s - %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              s.contender().name(),
              s.validRuns(),
              s.runs(),
              num(s.medianRecordsPerSecond(), 0),
              num(s.minRecordsPerSecond(), 0),
              num(s.maxRecordsPerSecond(), 0),
              num(s.medianMegabytesPerSecond(), 1),
              num(s.latency().p50(), 1),
              num(s.latency().p95(), 1),
              num(s.latency().p99(), 1),
              num(s.latency().max(), 1),
              num(s.medianBytesOnDisk() / (1024 * 1024), 1),
              Double.isNaN(s.medianCompressionRatio())
                  ? "-"
                  : num(s.medianCompressionRatio(), 2) + "x",
              s.peakHeapBytes() < 0 ? "-" : num(s.peakHeapBytes() / (1024.0 * 1024), 0)));
    }
    b.append('\n');
    List<String> ratios = ratioLines();
    if (!ratios.isEmpty()) {
      b.append("```\n");
      ratios.forEach(l -> b.append(l).append('\n'));
      b.append("```\n\n");
    }
    if (chart != null) {
      b.append("![records/s and latency per contender](").append(chart).append(")\n\n");
    }
    b.append("## Machine\n\n");
    b.append(f("- %d cores (%s), %s memory, %s%n", m.cores(), m.cpu(), memory(m), m.os()));
    b.append(f("- %s; Apache Kafka %s (clients and broker)%n", m.jdk(), m.kafka()));
    b.append(
        f(
            "- JVM options of the bench (and of the perf tool): `%s`%n",
            String.join(" ", m.jvmOptions())));
    b.append(f("- broker: %s%n", m.broker()));
    b.append(f("- kcat: %s%n", m.kcat() == null ? "not run (not installed)" : m.kcat()));
    b.append(
        f(
            "- load average (1 min) at the start: %s on %d cores%n%n",
            num(m.loadAverage(), 2), m.cores()));
    b.append("## Every run\n\n");
    b.append(
        "| contender | run | records/s | seconds | records in topic | bytes on disk | valid |\n");
    b.append("|---|---:|---:|---:|---:|---:|---|\n");
    for (RunResult r : results.results()) {
      b.append(
          f(
              "| %s | %s | %s | %s | %,d | %,d | %s |%n",
              r.contender().name(),
              r.run() == 0 ? "warm-up" : Integer.toString(r.run()),
              num(r.recordsPerSecond(), 0),
              num(r.seconds(), 3),
              r.recordsInTopic(),
              r.bytesOnDisk(),
              r.valid() ? "yes" : "no: " + (r.failure() == null ? "count" : r.failure())));
    }
    b.append('\n').append(METHOD);
    return b.toString();
  }

  private static final String METHOD =
      """
      ## Method

      - Our profiles run in the bench's JVM through `CsvProducer`, the code path of `pep produce`:
        read and parse the CSV, validate, serialize JSON, key by InvoiceNo. Records/s = acknowledged
        events / the produce phase (first row handed to the producer to the last acknowledgement).
        Latency: `System.nanoTime()` just before `send` to its callback, every record, percentiles
        by nearest rank.
      - `perf-tool/<profile>`: Kafka's `ProducerPerformance` (kafka-tools) in its own JVM with the
        bench JVM's options and the profile's producer settings, sending the events' JSON (our
        producer's exact bytes, one file line per record, picked at random, no key). It sends the
        rows once per warm-up round of the bench and once more, the earlier passes as its warm-up
        (`--warmup-records`), so its JIT has seen as many passes as ours by its first measured
        run; records/s and latencies are those of its steady-state line (latencies in whole ms,
        from its send callback).
      - `kcat/<profile>`: kcat with the librdkafka equivalents of the profile's settings, sending
        the same JSON lines, each once, no key. Records/s = lines / wall time of the process.
      - A run is valid when the tool reports every record sent and the topic's end offsets sum to
        the rows it had to send (the perf tool: its passes × the rows). Medians, min and max over valid runs; latency percentiles are the median
        over runs of each run's percentile, max the largest.
      - MB/s: JSON value bytes (MB = 2^20 bytes, as the perf tool counts). On disk: the topic's log
        size on the broker after the run (the perf tool's: divided by its passes, for one pass);
        compression = value bytes / bytes on disk.
      - Peak heap: the bench JVM's heap pools' peaks during the run (with the embedded broker, the
        broker's heap is in it too); not measured for the peers' processes.
      """;

  /** Writes results.csv and the markdown report into {@code dir}. */
  public void write(Path dir, boolean withChart) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(CSV), csv(), StandardCharsets.UTF_8);
      Files.writeString(
          dir.resolve(MARKDOWN), markdown(withChart ? CHART : null), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the bench report to " + dir + ": " + e, e);
    }
  }

  private static String memory(Machine m) {
    return m.memoryBytes() < 0
        ? "unknown"
        : num(m.memoryBytes() / (1024.0 * 1024 * 1024), 1) + " GiB";
  }

  static String num(double v, int decimals) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  private static String plain(double v, int decimals) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String ratio(double r) {
    return Double.isNaN(r) || Double.isInfinite(r) ? "-" : String.format(Locale.ROOT, "%.2fx", r);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
