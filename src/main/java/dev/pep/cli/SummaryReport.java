package dev.pep.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pep.config.PepException;
import dev.pep.event.Reject;
import dev.pep.producer.ProduceSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Prints a produce summary for a person and writes it as JSON for scripts. */
final class SummaryReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SummaryReport() {}

  static void print(ProduceSummary s, PrintWriter out) {
    if (s.alreadyDone()) {
      out.printf(
          Locale.ROOT,
          "%s was already produced to %s by an earlier run (%,d events, %,d rejected rows):"
              + " nothing to send. Pass --restart to send it again.%n",
          s.file(),
          s.topic(),
          s.skipped(),
          s.rejected());
      out.flush();
      return;
    }
    out.printf(
        Locale.ROOT,
        "%s %s to %s (%d partitions, profile %s)%n",
        s.complete() ? "Produced" : "Stopped producing",
        s.file(),
        s.topic(),
        s.partitions(),
        s.profile());
    if (s.resumedAfterLine() > 0) {
      out.printf(
          Locale.ROOT,
          "  resumed after line %,d: %,d events there were committed by an earlier run%n",
          s.resumedAfterLine(),
          s.skipped());
    }
    row(out, "rows read", s.rowsRead());
    if (s.skipped() > 0) {
      row(out, "sent before", s.skipped());
    }
    row(out, "sent", s.sent());
    row(out, "committed", s.committed());
    row(out, "rejected", s.rejected());
    out.printf(Locale.ROOT, "  %-14s %,12.2f s%n", "time", s.seconds());
    out.printf(Locale.ROOT, "  %-14s %,12.0f events/s%n", "rate", s.rate());
    if (s.rejected() > 0) {
      out.printf("Rejected rows were written to %s; the first:%n", s.rejectsFile());
      for (Reject r : s.firstRejects()) {
        out.println("  " + r.message());
      }
    }
    out.flush();
  }

  private static void row(PrintWriter out, String label, long n) {
    out.printf(Locale.ROOT, "  %-14s %,12d%n", label, n);
  }

  /** The summary as the ordered map written to {@code --summary-json}. */
  static Map<String, Object> toMap(String command, ProduceSummary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", command);
    m.put("file", s.file());
    m.put("topic", s.topic());
    m.put("partitions", s.partitions());
    m.put("profile", s.profile());
    m.put("rows_read", s.rowsRead());
    m.put("resumed_after_line", s.resumedAfterLine());
    m.put("sent_before", s.skipped());
    m.put("produced", s.sent());
    m.put("committed", s.committed());
    m.put("rejected", s.rejected());
    m.put("seconds", Math.round(s.seconds() * 1000) / 1000.0);
    m.put("rate", Math.round(s.rate()));
    m.put("rejects_file", s.rejectsFile() == null ? null : s.rejectsFile().toString());
    m.put("complete", s.complete());
    m.put("failure", s.failure());
    return m;
  }

  static void writeJson(Path path, Map<String, Object> summary) {
    if (path == null) {
      return;
    }
    try {
      Path dir = path.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      JSON.writeValue(path.toFile(), summary);
    } catch (IOException e) {
      throw new PepException("Cannot write the summary to " + path + ": " + e.getMessage(), e);
    }
  }
}
