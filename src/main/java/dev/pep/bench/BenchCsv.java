package dev.pep.bench;

import static dev.pep.bench.BenchFormat.plain;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.StringWriter;

/**
 * {@code results.csv}: one line per run, warm-ups included (run 0), with a header; written with
 * FastCSV's writer, like the rejects file, so a failure message with a comma or quote stays one
 * field.
 */
final class BenchCsv {
  private BenchCsv() {}

  static String of(BenchResults results) {
    StringWriter out = new StringWriter();
    CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out);
    csv.writeRecord(
        "contender",
        "tool",
        "profile",
        "run",
        "warmup",
        "rows",
        "sent",
        "seconds",
        "records_per_s",
        "mb_per_s",
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "max_ms",
        "records_in_topic",
        "bytes_on_disk",
        "compression_ratio",
        "peak_heap_bytes",
        "valid",
        "failure");
    for (RunResult r : results.results()) {
      Latency l = r.latency();
      csv.writeRecord(
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
          r.failure() == null ? "" : r.failure());
    }
    try {
      csv.flush();
    } catch (IOException e) {
      throw new IllegalStateException("A StringWriter does not fail", e);
    }
    return out.toString();
  }
}
