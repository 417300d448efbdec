package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pep bench} end to end with a tiny row count: its own embedded broker, every profile, the
 * perf tool in a JVM of its own and kcat when installed, each run checked against its topic.
 */
class BenchCommandIT {
  @TempDir Path tmp;

  @Test
  void theMatrixDeliversEveryRowOfEveryRunAndWritesTheThreeOutputs() throws IOException {
    Path out = tmp.resolve("bench");
    Path config =
        Files.write(
            tmp.resolve("pep.properties"),
            List.of(
                "PEP_STATE_DIR=" + tmp.resolve("state"),
                "PEP_REJECTS_FILE=" + tmp.resolve("r.csv")),
            StandardCharsets.ISO_8859_1);
    boolean kcat = BenchCommand.findOnPath("kcat") != null;
    if ("true".equals(System.getenv("CI"))) {
      // .ci/run installs kcat, so the kcat contender's path (command line, settings, its count)
      // is exercised in CI rather than skipped.
      assertThat(kcat).as("kcat on the PATH under CI=true (.ci/run installs it)").isTrue();
    }

    PepCommandLine.Result r =
        PepCommandLine.execute(
            "bench",
            "--config",
            config.toString(),
            "--file",
            Fixtures.sample().toString(),
            "--rows",
            "300",
            "--baseline-rows",
            "20",
            "--runs",
            "1",
            "--warmups",
            "2",
            "--peer-profiles",
            "fast",
            "--out",
            out.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains(
            "pep bench: Online Retail sample.csv, 300 events; the baseline sends only the first 20")
        .contains("Bar:  fast / perf-tool/fast = ");
    List<String> lines = Files.readAllLines(out.resolve("results.csv"));
    List<String> expected =
        kcat
            ? List.of("baseline", "optimized", "fast", "perf-tool/fast", "kcat/fast")
            : List.of("baseline", "optimized", "fast", "perf-tool/fast");
    assertThat(lines).hasSize(1 + 3 * expected.size()); // 2 warm-ups + 1 run each
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      long rows = f[0].equals("baseline") ? 20 : 300;
      assertThat(f[0]).isIn(expected);
      assertThat(Long.parseLong(f[6])).as(line).isEqualTo(rows); // sent
      // The perf tool sends a warm-up pass per warm-up round, then the measured one.
      long inTopic = f[1].equals("perf-tool") ? 3 * rows : rows;
      assertThat(Long.parseLong(f[14])).as(line).isEqualTo(inTopic); // records in topic
      assertThat(Long.parseLong(f[15])).as(line).isPositive(); // bytes on disk
      assertThat(f[18]).as(line).isEqualTo("true");
    }
    assertThat(lines.stream().map(l -> l.split(",")[0]).distinct().skip(1))
        .containsExactlyInAnyOrderElementsOf(expected);
    byte[] png = Files.readAllBytes(out.resolve("bench.png"));
    assertThat(Arrays.copyOf(png, 4)).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    assertThat(Files.readString(out.resolve("bench.md")))
        .startsWith("# pep bench: Online Retail sample.csv\n\n```\npep bench --config ")
        .contains("| fast | 1 of 1 |")
        .contains("![records/s and latency per contender](bench.png)");
    if (!kcat) {
      assertThat(r.err()).contains("kcat not found");
    }
  }
}
