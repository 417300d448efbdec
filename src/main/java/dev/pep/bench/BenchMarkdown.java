package dev.pep.bench;

import static dev.pep.bench.BenchFormat.f;
import static dev.pep.bench.BenchFormat.num;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** {@code bench.md}: the summary, the ratios, the machine, every run and the method. */
final class BenchMarkdown {
  private final BenchReport report;
  private final BenchResults results;
  private final List<ContenderSummary> summaries;
  private final String command;

  BenchMarkdown(BenchReport report) {
    this.report = report;
    this.results = report.results();
    this.summaries = report.summaries();
    this.command = report.command();
  }

  /** The report; {@code chart} is the PNG's file name beside it, or null for none. */
  String render(String chart) {
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
            report.baselineNote(),
            results.runs(),
            report.warmups(),
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
    List<String> ratios = report.ratioLines();
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

  private static String memory(Machine m) {
    return m.memoryBytes() < 0
        ? "unknown"
        : num(m.memoryBytes() / (1024.0 * 1024 * 1024), 1) + " GiB";
  }
}
