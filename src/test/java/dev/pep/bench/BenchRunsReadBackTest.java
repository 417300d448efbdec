package dev.pep.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.config.Profile;
import dev.pep.report.BenchRuns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pep report --bench} reads the results.csv that {@code pep bench} writes: the report's
 * median, min and max records/s per contender equal the bench's own summary of the same runs.
 */
class BenchRunsReadBackTest {
  @TempDir Path tmp;

  @Test
  void theReportReadsWhatTheBenchWrote() throws IOException {
    Contender fast = new Contender(Tool.PEP, Profile.FAST, 1000);
    Contender perf = new Contender(Tool.PERF_TOOL, Profile.FAST, 1000);
    Latency l = new Latency(1, 2, 3, 4, 1000);
    List<RunResult> runs =
        List.of(
            new RunResult(fast, 0, 1000, 0.9, 1000, 200_000, 10_000, l, 1, null), // warm-up
            new RunResult(fast, 1, 1000, 0.004, 1000, 200_000, 10_000, l, 1, null),
            new RunResult(fast, 2, 1000, 0.005, 1000, 200_000, 10_000, l, 1, null),
            new RunResult(fast, 3, 1000, 0.002, 1000, 200_000, 10_000, l, 1, null),
            new RunResult(fast, 4, 1000, 0.008, 1000, 200_000, 10_000, l, 1, null),
            new RunResult(perf, 1, 1000, 0.01, 1000, 200_000, 10_000, l, -1, null),
            new RunResult(perf, 2, 1000, 0.001, 999, 200_000, 10_000, l, -1, "lost one"));
    Machine machine =
        new Machine(2, 1L << 30, "cpu", "Linux", "JVM", "4.3.1", List.of(), 0.1, "b:1", "none");
    BenchResults results =
        new BenchResults(
            Instant.parse("2026-12-02T19:00:00Z"),
            1.0,
            "f.csv",
            1000,
            4,
            1,
            200.0,
            1,
            4,
            3,
            machine,
            List.of(fast, perf),
            runs);
    Path csv =
        Files.writeString(tmp.resolve("results.csv"), BenchCsv.of(results), StandardCharsets.UTF_8);

    BenchRuns read = BenchRuns.read(tmp); // the directory pep bench --out wrote

    List<ContenderSummary> summaries = new BenchReport(results, "pep bench").summaries();
    assertThat(read.path()).isEqualTo(csv);
    assertThat(read.contenders()).hasSize(summaries.size());
    for (int i = 0; i < summaries.size(); i++) {
      ContenderSummary s = summaries.get(i);
      BenchRuns.Contender c = read.contenders().get(i);
      assertThat(c.name()).isEqualTo(s.contender().name());
      // results.csv keeps records/s rounded to the unit
      assertThat(c.median())
          .isCloseTo(s.medianRecordsPerSecond(), org.assertj.core.data.Offset.offset(1.0));
      assertThat(c.min())
          .isCloseTo(s.minRecordsPerSecond(), org.assertj.core.data.Offset.offset(1.0));
      assertThat(c.max())
          .isCloseTo(s.maxRecordsPerSecond(), org.assertj.core.data.Offset.offset(1.0));
    }
    assertThat(read.contenders().get(0).runs()).isEqualTo(4);
    assertThat(read.contenders().get(1).runs()).isEqualTo(1);
  }
}
