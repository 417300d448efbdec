package dev.pep.report;

import static dev.pep.report.Html.count;
import static dev.pep.report.Html.esc;
import static dev.pep.report.Html.minute;
import static dev.pep.report.Html.second;
import static dev.pep.report.Html.seconds;

import java.time.ZoneId;
import java.util.List;

/**
 * The report's sections on how the events got there: the rows the last producing run rejected (from
 * the rejects file), what was loaded (source files, the consumer's stored offsets, the runs'
 * summary files) and a benchmark result.
 */
final class PipelineSections {
  private PipelineSections() {}

  static void rejects(Html h, RejectCounts r, ReportCharts.Chart chart) {
    h.heading("Rejected rows");
    if (!r.present()) {
      h.note(
          "The database holds events only; rejected rows go to the rejects file, and there is"
              + " none at <code>"
              + esc(r.path().toString())
              + "</code>: no run rejected a row, or PEP_REJECTS_FILE points elsewhere.");
      return;
    }
    h.note(
        "From the rejects file <code>"
            + esc(r.path().toString())
            + "</code> (the database holds events only). Each produce run that rejects rows"
            + " writes it anew, so these are the last such run's: "
            + count(r.total())
            + " rows.");
    h.image(chart);
    h.table("rejects", List.of("file", "reason", "#rows"));
    for (RejectCounts.Count c : r.counts()) {
      h.row(c.file(), c.reason(), count(c.rejects()));
    }
    h.endTable();
  }

  /** The source files, the stored offsets, and the runs; times in {@code d}'s zone. */
  static void loaded(Html h, ReportData d, List<LoadRun> loads) {
    h.heading("What was loaded");
    files(h, d.files());
    h.paragraph("The consumer's stored offsets, and when each partition was last written:");
    offsets(h, d.offsets(), d.zone());
    if (loads.isEmpty()) {
      h.note(
          "The database keeps no load times or rejects per run: pass the --summary-json files of"
              + " pep run or pep produce with <code>pep report --summary FILE</code> to list them"
              + " here.");
      return;
    }
    h.paragraph("Runs, from their summary files:");
    runs(h, loads, d.zone());
  }

  static void bench(Html h, BenchRuns b, ReportCharts.Chart chart) {
    h.heading("Benchmark");
    h.note(
        "From <code>"
            + esc(b.path().toString())
            + "</code>: valid measured runs, warm-ups left out.");
    h.image(chart);
    h.table("bench", List.of("contender", "#runs", "#median records/s", "#min", "#max"));
    for (BenchRuns.Contender c : b.contenders()) {
      h.row(
          c.name(),
          count(c.runs()),
          count(Math.round(c.median())),
          count(Math.round(c.min())),
          count(Math.round(c.max())));
    }
    h.endTable();
  }

  private static void files(Html h, List<ReportData.LoadedFile> files) {
    h.table(
        "files",
        List.of(
            "source file",
            "#rows",
            "#invoices",
            "first invoice",
            "last invoice",
            "#partitions",
            "topic offsets"));
    for (ReportData.LoadedFile f : files) {
      h.row(
          f.file(),
          count(f.rows()),
          count(f.invoices()),
          minute(f.firstInvoice()),
          minute(f.lastInvoice()),
          count(f.partitions()),
          count(f.minOffset()) + " – " + count(f.maxOffset()));
    }
    h.endTable();
  }

  private static void offsets(Html h, List<ReportData.StoredOffset> offsets, ZoneId zone) {
    h.table("offsets", List.of("group", "topic", "#partition", "#next offset", "last written"));
    for (ReportData.StoredOffset o : offsets) {
      h.row(
          o.group(),
          o.topic(),
          count(o.partition()),
          count(o.nextOffset()),
          o.updatedAt() == null ? "" : second(o.updatedAt().atZoneSameInstant(zone)));
    }
    h.endTable();
  }

  private static void runs(Html h, List<LoadRun> loads, ZoneId zone) {
    h.table(
        "loads",
        List.of(
            "summary written",
            "command",
            "file",
            "#rows read",
            "#committed",
            "#rejected",
            "#produce s",
            "#stored",
            "#duplicates",
            "#consume s",
            "complete"));
    for (LoadRun l : loads) {
      h.row(
          second(l.writtenAt().atZone(zone)),
          l.command(),
          l.file(),
          count(l.rowsRead()),
          count(l.committed()),
          count(l.rejected()),
          seconds(l.produceSeconds()),
          l.consumed() < 0 ? "" : count(l.consumed()),
          l.duplicates() < 0 ? "" : count(l.duplicates()),
          l.consumeSeconds() < 0 ? "" : seconds(l.consumeSeconds()),
          l.complete() ? "yes" : "no");
    }
    h.endTable();
  }
}
