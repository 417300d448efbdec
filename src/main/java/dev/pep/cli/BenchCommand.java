package dev.pep.cli;

import dev.pep.bench.Bench;
import dev.pep.bench.BenchChart;
import dev.pep.bench.BenchPlan;
import dev.pep.bench.BenchReport;
import dev.pep.bench.BenchResults;
import dev.pep.bench.RunResult;
import dev.pep.config.PepException;
import dev.pep.config.PipelineConfig;
import dev.pep.config.Profile;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "bench",
    description = {
      "Measure our producer profiles against Kafka's ProducerPerformance and kcat on one broker"
          + " (embedded unless a cluster is configured) and one CSV file: records/s, MB/s,"
          + " send-to-ack latency, bytes on disk, peak heap. Every run uses a fresh topic and must"
          + " leave exactly the rows sent in it (exit 1 otherwise)."
    },
    mixinStandardHelpOptions = true)
final class BenchCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(BenchCommand.class);

  @Spec CommandSpec spec;
  @Mixin ConfigOptions options;
  @Mixin ClusterOptions clusterOptions;
  @Mixin PartitionsOption partitionsOption;
  @Mixin InputOptions inputOptions;
  @Mixin BadRowOptions badRowOptions;
  @Mixin ProducerPropertyOption producerPropertyOption;
  @Mixin VerboseOption verbose;

  @Option(
      names = "--runs",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "Measured runs per contender, after the warm-up rounds (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--warmups",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "Unmeasured warm-up rounds first, so the JIT reaches its steady state; the perf tool"
              + " sends as many warm-up passes in its own JVM (default: ${DEFAULT-VALUE}).")
  int warmups;

  @Option(
      names = "--rows",
      paramLabel = "N",
      defaultValue = "0",
      description = "Use only the first N rows of the file (default: all).")
  long rows;

  @Option(
      names = "--baseline-rows",
      paramLabel = "N",
      defaultValue = "2000",
      description =
          "Rows the synchronous baseline sends; it waits for every ack (default: ${DEFAULT-VALUE}).")
  long baselineRows;

  @Option(
      names = "--profiles",
      paramLabel = "P,...",
      split = ",",
      defaultValue = "baseline,optimized,fast",
      description = "Our profiles to measure (default: ${DEFAULT-VALUE}).")
  List<String> profiles;

  @Option(
      names = "--peer-profiles",
      paramLabel = "P,...",
      split = ",",
      defaultValue = "optimized,fast",
      description =
          "Settings to run the perf tool and kcat with, or none (default: ${DEFAULT-VALUE}).")
  List<String> peerProfiles;

  @Option(
      names = "--kcat",
      paramLabel = "COMMAND",
      defaultValue = "kcat",
      description = "kcat to run; skipped with a note when not found (default: ${DEFAULT-VALUE}).")
  String kcat;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Write results.csv, bench.md and bench.png (and the peers' logs) there.")
  Path out;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PipelineConfig config = ProduceStep.withInput(options.load(), err);
    if (runs < 1 || rows < 0 || baselineRows < 1 || warmups < 0) {
      throw new PepException(
          "--runs and --baseline-rows must be at least 1, --rows and --warmups at least 0");
    }
    List<Profile> ours = profiles(profiles);
    List<Profile> peers = profiles(peerProfiles);
    String kcatCommand = findOnPath(kcat);
    if (!peers.isEmpty() && kcatCommand == null) {
      err.printf("kcat not found (%s): its runs are skipped. apt-get install kcat%n", kcat);
    }
    Path work = scratchDirectory();
    // An embedded broker of its own (any free port, a scratch directory): the bench never touches
    // the data of `pep run` or a `pep broker` already running.
    try (ShutdownSignal signal = new ShutdownSignal();
        BrokerSession cluster = BrokerSession.open(config, work.resolve("kafka"), 0, err)) {
      PipelineConfig c = cluster.config();
      BenchPlan plan =
          new BenchPlan(
              c,
              rows,
              baselineRows,
              warmups,
              runs,
              ours,
              peers,
              BenchPlan.defaultPerfJvmOptions(),
              kcatCommand,
              work.resolve("input"),
              out != null ? out.resolve("logs") : work.resolve("logs"));
      err.printf(
          "Benchmarking %s: %d warm-up + %d measured runs of %d contenders...%n",
          c.csvFile().getFileName(), warmups, runs, contenders(ours, peers, kcatCommand != null));
      err.flush();
      BenchResults results = new Bench(plan).run(r -> progress(err, r), signal::requested);
      BenchReport report = new BenchReport(results, commandLine());
      stdout.print(report.table());
      stdout.flush();
      if (out != null) {
        report.write(out, true);
        BenchChart.write(
            report.summaries(),
            "records/s per contender: " + results.input(),
            out.resolve(BenchReport.CHART));
        err.printf(
            "Wrote %s, %s and %s in %s%n",
            BenchReport.CSV, BenchReport.MARKDOWN, BenchReport.CHART, out);
      }
      if (signal.requested()) {
        return ExitCodes.INTERRUPTED;
      }
      if (!report.allValid()) {
        throw new PepException(
            "Some runs did not deliver every row or failed: see the valid column and the run"
                + " lines above");
      }
      return ExitCodes.OK;
    } finally {
      deleteTree(work);
    }
  }

  private static void progress(PrintWriter err, RunResult r) {
    err.printf(
        Locale.ROOT,
        "  %-20s %-7s %,11.0f records/s %8.2f s  %,9d in topic  %s%n",
        r.contender().name(),
        r.run() == 0 ? "warm-up" : "run " + r.run(),
        r.recordsPerSecond(),
        r.seconds(),
        r.recordsInTopic(),
        r.valid() ? "ok" : "INVALID: " + (r.failure() == null ? "counts differ" : r.failure()));
    err.flush();
  }

  private String commandLine() {
    // The parse result's original arguments are the whole command line, "bench" included.
    List<String> args = new ArrayList<>(List.of("pep"));
    for (String a : spec.commandLine().getParseResult().originalArgs()) {
      args.add(a.contains(" ") ? '"' + a + '"' : a);
    }
    return String.join(" ", args);
  }

  private static int contenders(List<Profile> ours, List<Profile> peers, boolean kcat) {
    return ours.size() + peers.size() * (kcat ? 2 : 1);
  }

  private static List<Profile> profiles(List<String> names) {
    List<Profile> list = new ArrayList<>();
    for (String n : names) {
      String name = n.trim().toUpperCase(Locale.ROOT);
      if (name.equals("NONE") || name.isEmpty()) {
        continue;
      }
      try {
        list.add(Profile.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new PepException(
            "Unknown profile '" + n.trim() + "': expected baseline, optimized, fast or none");
      }
    }
    return list;
  }

  /** {@code command} as given when it holds a path, else the first match on PATH, or null. */
  static String findOnPath(String command) {
    if (command.contains(File.separator)) {
      return Files.isExecutable(Path.of(command)) ? command : null;
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, command);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  private static Path scratchDirectory() {
    try {
      return Files.createTempDirectory("pep-bench");
    } catch (IOException e) {
      throw new PepException(
          "Cannot create the bench's scratch directory in "
              + System.getProperty("java.io.tmpdir")
              + ": "
              + e,
          e);
    }
  }

  /** Deletes the scratch directory; what cannot be deleted is left (and logged), not fatal. */
  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      log.warn("Cannot delete the bench's scratch directory {}", dir, e);
    }
  }
}
