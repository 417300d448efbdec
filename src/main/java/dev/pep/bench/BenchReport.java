package dev.pep.bench;

import static dev.pep.bench.BenchFormat.f;
import static dev.pep.bench.BenchFormat.num;
import static dev.pep.bench.BenchFormat.ratio;

import dev.pep.config.PepException;
import dev.pep.config.Profile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  String baselineNote() {
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
    return BenchCsv.of(results);
  }

  String warmups() {
    return switch (results.warmups()) {
      case 0 -> "no warm-up";
      case 1 -> "a warm-up round";
      default -> results.warmups() + " warm-up rounds";
    };
  }

  /** The markdown report; {@code chart} is the PNG's file name beside it, or null for none. */
  public String markdown(String chart) {
    return new BenchMarkdown(this).render(chart);
  }

  BenchResults results() {
    return results;
  }

  String command() {
    return command;
  }

  /** Writes results.csv and the markdown report into {@code dir}. */
  public void write(Path dir, boolean withChart) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(CSV), csv(), StandardCharsets.UTF_8);
      Files.writeString(
          dir.resolve(MARKDOWN), markdown(withChart ? CHART : null), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PepException("Cannot write the bench report to " + dir + ": " + e, e);
    }
  }
}
