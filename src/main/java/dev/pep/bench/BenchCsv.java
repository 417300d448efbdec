package dev.pep.bench;

import static dev.pep.bench.BenchFormat.plain;

/** {@code results.csv}: one line per run, warm-ups included (run 0), with a header. */
final class BenchCsv {
  private BenchCsv() {}

  static String of(BenchResults results) {
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
}
