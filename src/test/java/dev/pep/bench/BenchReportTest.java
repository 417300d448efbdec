package dev.pep.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.config.Profile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report from a fixed set of runs: medians, spread, ratios, the bar, and the files' text. */
class BenchReportTest {
  private static final long ROWS = 100_000;
  private static final long PAYLOAD = 200 * ROWS;
  private static final long ON_DISK = 5_000_000;
  private static final long HEAP = 512L * 1024 * 1024;

  private static final Contender BASELINE = new Contender(Tool.PEP, Profile.BASELINE, 10);
  private static final Contender FAST = new Contender(Tool.PEP, Profile.FAST, ROWS);
  private static final Contender PERF = new Contender(Tool.PERF_TOOL, Profile.FAST, ROWS);
  private static final Contender KCAT = new Contender(Tool.KCAT, Profile.OPTIMIZED, ROWS);

  private static RunResult pep(Contender c, int run, double seconds, Latency latency) {
    return new RunResult(
        c, run, c.rows(), seconds, c.rows(), 200 * c.rows(), ON_DISK, latency, HEAP, null);
  }

  private static RunResult peer(Contender c, int run, double seconds, long inTopic, Latency l) {
    String failure =
        inTopic == c.rows() ? null : "the topic holds 99,999 records, expected 100,000";
    return new RunResult(c, run, c.rows(), seconds, inTopic, PAYLOAD, ON_DISK, l, -1, failure);
  }

  private static BenchResults results() {
    List<RunResult> runs = new ArrayList<>();
    runs.add(pep(BASELINE, 0, 0.2, new Latency(1, 1, 1, 1, 10)));
    runs.add(pep(FAST, 0, 1.0, new Latency(90, 90, 90, 90, ROWS))); // warm-up: not counted
    runs.add(peer(PERF, 0, 0.1, ROWS, new Latency(1, 1, 1, 1, ROWS)));
    runs.add(peer(KCAT, 0, 0.1, ROWS, Latency.NONE));
    runs.add(pep(BASELINE, 1, 0.1, new Latency(5, 6, 7, 8, 10)));
    runs.add(pep(FAST, 1, 0.4, new Latency(1, 2, 3, 4, ROWS)));
    runs.add(pep(FAST, 2, 0.5, new Latency(2, 4, 6, 8, ROWS)));
    runs.add(pep(FAST, 3, 0.25, new Latency(3, 6, 9, 12, ROWS)));
    runs.add(peer(PERF, 1, 0.5, ROWS, new Latency(10, 20, 30, 40, ROWS)));
    runs.add(peer(PERF, 2, 0.5, ROWS, new Latency(20, 30, 40, 50, ROWS)));
    runs.add(peer(PERF, 3, 0.01, ROWS - 1, new Latency(0, 0, 0, 0, ROWS))); // lost a record
    for (int run = 1; run <= 3; run++) {
      runs.add(peer(KCAT, run, 0.2, ROWS, Latency.NONE));
    }
    Machine machine =
        new Machine(
            2,
            24L << 30,
            "Test CPU",
            "Linux 6.1",
            "OpenJDK 64-Bit Server VM 17.0.15",
            "4.3.1",
            List.of("-Xmx2g"),
            0.5,
            "127.0.0.1:9092",
            "kcat 1.7.1, librdkafka 2.0.2");
    return new BenchResults(
        Instant.parse("2026-11-24T19:00:00Z"),
        42.0,
        "Online Retail.csv",
        ROWS,
        3,
        10,
        200.0,
        1,
        3,
        3,
        machine,
        List.of(BASELINE, FAST, PERF, KCAT),
        runs);
  }

  @Test
  void mediansAndSpreadCountOnlyValidMeasuredRuns() {
    BenchReport report = new BenchReport(results(), "pep bench --rows 100000");
    List<ContenderSummary> s = report.summaries();

    assertThat(s)
        .extracting(x -> x.contender().name())
        .containsExactly("baseline", "fast", "perf-tool/fast", "kcat/optimized");
    ContenderSummary fast = s.get(1);
    assertThat(fast.validRuns()).isEqualTo(3);
    assertThat(fast.medianRecordsPerSecond()).isEqualTo(250_000.0);
    assertThat(fast.minRecordsPerSecond()).isEqualTo(200_000.0);
    assertThat(fast.maxRecordsPerSecond()).isEqualTo(400_000.0);
    assertThat(fast.latency()).isEqualTo(new Latency(2, 4, 6, 12, 3 * ROWS));
    assertThat(fast.medianCompressionRatio()).isEqualTo(4.0);
    assertThat(fast.peakHeapBytes()).isEqualTo(HEAP);
    ContenderSummary perf = s.get(2);
    assertThat(perf.validRuns()).isEqualTo(2);
    assertThat(perf.runs()).isEqualTo(3);
    assertThat(perf.medianRecordsPerSecond()).isEqualTo(200_000.0);
    assertThat(perf.latency()).isEqualTo(new Latency(15, 25, 35, 50, 2 * ROWS));
    assertThat(perf.peakHeapBytes()).isEqualTo(-1);
    assertThat(s.get(3).latency().measured()).isFalse();
    assertThat(report.allValid()).isFalse();
  }

  @Test
  void theTableGivesEveryProfileAsARatioToEveryPeerAndJudgesTheBar() {
    String table = new BenchReport(results(), "pep bench").table();

    assertThat(table)
        .startsWith(
            "pep bench: Online Retail.csv, 100,000 events; the baseline sends only the first 10, as it"
                + " waits for every ack; 3 measured runs each after a warm-up round; broker 127.0.0.1:9092")
        .contains(
            "fast                     3/3     250,000       200,000 - 400,000    47.7      2.0"
                + "      4.0      6.0     12.0      4.8   4.00      512")
        .contains(
            "kcat/optimized           3/3     500,000       500,000 - 500,000    95.4        -"
                + "        -        -        -      4.8   4.00        -")
        .contains("  fast        / perf-tool/fast 1.25x  / kcat/optimized 0.50x")
        .contains("  baseline    / perf-tool/fast 0.00x  / kcat/optimized 0.00x")
        .contains("Bar:  fast / perf-tool/fast = 1.25x (>= 1.00x: met)")
        .contains("Goal: fast / kcat/optimized = 0.50x (>= 1.00x: not met)");
  }

  @Test
  void theCsvHasOneLinePerRunWarmUpsMarked() {
    String[] lines = new BenchReport(results(), "pep bench").csv().split("\n");

    assertThat(lines).hasSize(1 + 14);
    assertThat(lines[0])
        .isEqualTo(
            "contender,tool,profile,run,warmup,rows,sent,seconds,records_per_s,mb_per_s,p50_ms,"
                + "p95_ms,p99_ms,max_ms,records_in_topic,bytes_on_disk,compression_ratio,"
                + "peak_heap_bytes,valid,failure");
    assertThat(lines[2])
        .isEqualTo(
            "fast,pep,fast,0,true,100000,100000,1.000,100000,19.07,90.000,90.000,90.000,90.000,"
                + "100000,5000000,4.000,536870912,true,");
    assertThat(lines[6])
        .isEqualTo(
            "fast,pep,fast,1,false,100000,100000,0.400,250000,47.68,1.000,2.000,3.000,4.000,"
                + "100000,5000000,4.000,536870912,true,");
    assertThat(lines[11])
        .isEqualTo(
            "perf-tool/fast,perf-tool,fast,3,false,100000,100000,0.010,10000000,1907.35,0.000,"
                + "0.000,0.000,0.000,99999,5000000,4.000,-1,false,"
                + "\"the topic holds 99,999 records, expected 100,000\"");
    assertThat(lines[12])
        .isEqualTo(
            "kcat/optimized,kcat,optimized,1,false,100000,100000,0.200,500000,95.37,,,,,100000,"
                + "5000000,4.000,-1,true,");
  }

  @Test
  void theMarkdownReportHasTheCommandMachineTableRatiosAndChart() {
    String md = new BenchReport(results(), "pep bench --rows 100000").markdown("bench.png");

    assertThat(md)
        .startsWith("# pep bench: Online Retail.csv\n\n```\npep bench --rows 100000\n```\n")
        .contains("Run 2026-11-24 19:00 UTC, 42 s in all. 100,000 events (3 rows rejected")
        .contains(
            "| fast | 3 of 3 | 250,000 | 200,000 - 400,000 | 47.7 | 2.0 | 4.0 | 6.0 | 12.0 | 4.8"
                + " | 4.00x | 512 |")
        .contains(
            "| perf-tool/fast | 2 of 3 | 200,000 | 200,000 - 200,000 | 38.1 | 15.0 | 25.0 | 35.0"
                + " | 50.0 | 4.8 | 4.00x | - |")
        .contains("Bar:  fast / perf-tool/fast = 1.25x (>= 1.00x: met)")
        .contains("![records/s and latency per contender](bench.png)")
        .contains("- 2 cores (Test CPU), 24.0 GiB memory, Linux 6.1")
        .contains("- kcat: kcat 1.7.1, librdkafka 2.0.2")
        .contains(
            "| perf-tool/fast | 3 | 10,000,000 | 0.010 | 99,999 | 5,000,000 | no: the topic holds"
                + " 99,999 records, expected 100,000 |")
        .contains("| fast | warm-up | 100,000 | 1.000 | 100,000 | 5,000,000 | yes |");
  }
}
