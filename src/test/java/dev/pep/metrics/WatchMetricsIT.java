package dev.pep.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.Fixtures;
import dev.pep.broker.EmbeddedBroker;
import dev.pep.consumer.ConsumeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics endpoint of a real {@code pep watch} (the packaged jar, its own JVM) against an
 * embedded broker and DuckDB: two good files and one over the reject limit are dropped into the
 * directory; the file counters say 2 finished, 1 errored and 3 seen (plus a file taken again after
 * a failure of the cluster, which the output reports), the producer's committed events and the
 * sink's written events equal the test's own count of the good files' rows (FastCSV), {@code
 * /ready} answers 200 while it watches, and the exposition passes {@code promtool check metrics}.
 */
class WatchMetricsIT {

  @TempDir static Path tmp;
  private static EmbeddedBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void theFileCountersAndTheEventsOfAWatchEqualWhatTheTestCountsInItsFiles() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("incoming"));
    Path sample = Fixtures.sample();
    // Two good files: the sample under two names (a file's name is part of its events' ids).
    Path first = Files.copy(sample, dir.resolve("first.csv"));
    Path second = Files.copy(sample, dir.resolve("second.csv"));
    long events = MetricsRun.csvRecords(first) + MetricsRun.csvRecords(second);
    // One bad file: the sample with its last 11 rows' Quantity made text, more than the 10
    // rejects PEP_MAX_REJECTS allows below.
    List<String> lines = Files.readAllLines(sample, StandardCharsets.ISO_8859_1);
    for (int i = lines.size() - 11; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",", -1);
      assertThat(f).as("a row without quoted commas").hasSize(8);
      f[3] = "many";
      lines.set(i, String.join(",", f));
    }
    Files.write(dir.resolve("bad.csv"), lines, StandardCharsets.ISO_8859_1);

    String topic = "watch-metrics-" + System.nanoTime();
    String table = "watch_metrics_" + Long.toHexString(System.nanoTime());
    Path output = tmp.resolve("watch.out");
    ProcessBuilder pb =
        new ProcessBuilder(
            "java",
            "-Xmx1g",
            "-jar",
            ConsumeProcess.jar().toString(),
            "watch",
            dir.toString(),
            "--bootstrap",
            broker.bootstrapServers(),
            "--topic",
            topic,
            "--sink",
            "duckdb",
            "--max-rejects",
            "10",
            "--min-age-ms",
            "200",
            "--poll-ms",
            "100",
            "--metrics-port",
            "0");
    pb.directory(tmp.toFile());
    pb.environment().put("PEP_DUCKDB_FILE", tmp.resolve("watch.duckdb").toString());
    pb.environment().put("PEP_EVENTS_TABLE", table);
    pb.environment().put("PEP_OFFSETS_TABLE", table + "_offsets");
    pb.environment().put("PEP_STATE_DIR", tmp.resolve("state").toString());
    pb.environment().put("PEP_COMMIT_INTERVAL_MS", "100");
    pb.environment().put("PEP_LOG_DIR", tmp.resolve("logs").toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(output.toFile());
    Process p = pb.start();
    try {
      int port = MetricsRun.awaitPort(output, p);

      // Until the three files have ended and the sink holds every committed event.
      Set<Integer> readyStatuses = new TreeSet<>();
      Exposition e;
      long deadline = System.nanoTime() + 90_000_000_000L;
      while (true) {
        assertThat(p.isAlive()).as(Files.readString(output)).isTrue();
        e = Exposition.scrape(port);
        readyStatuses.add(Exposition.get(port, "/ready").status());
        boolean ended =
            e.sum("pep_watch_files_finished_total") + e.sum("pep_watch_files_errored_total") >= 3
                && e.sum("pep_sink_events_written_total")
                    >= e.sum("pep_producer_events_committed_total")
                && !e.series("pep_consumer_lag_records").isEmpty()
                && e.series("pep_consumer_lag_records").values().stream().allMatch(v -> v == 0);
        if (ended || System.nanoTime() > deadline) {
          break;
        }
        Thread.sleep(100);
      }

      // A file whose producing failed (the cluster, not the file) is taken again later, and seen
      // again: each such failure is a line of the output.
      String log = Files.readString(output);
      long retried = log.lines().filter(l -> l.startsWith("Failed ")).count();
      assertThat(e.sum("pep_watch_files_seen_total")).as(log).isEqualTo(3 + retried);
      assertThat(e.sum("pep_watch_files_finished_total")).isEqualTo(2);
      assertThat(e.sum("pep_watch_files_errored_total")).isEqualTo(1);
      assertThat(dir.resolve("error/bad.csv")).exists();
      assertThat(e.sum("pep_producer_events_committed_total")).isEqualTo(events);
      assertThat(e.sum("pep_producer_rejects_total")).isZero();
      assertThat(e.sum("pep_sink_events_written_total")).isEqualTo(events);
      assertThat(e.sum("pep_sink_duplicates_skipped_total")).isZero();
      assertThat(e.series("pep_consumer_lag_records"))
          .isNotEmpty()
          .allSatisfy((series, value) -> assertThat(value).isZero());
      assertThat(readyStatuses).as("statuses of /ready while watching").contains(200);
      e.passesPromtool();

      // Ctrl-C: the summary printed agrees with the counters.
      p.destroy();
      p.waitFor();
      String printed = Files.readString(output);
      assertThat(printed)
          .containsPattern("files finished +2\n")
          .containsPattern("files errored +1\n");
    } finally {
      p.destroy();
      p.waitFor();
    }
  }
}
