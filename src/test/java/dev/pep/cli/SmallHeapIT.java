package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pep.Fixtures;
import dev.pep.broker.EmbeddedBroker;
import dev.pep.faults.Oracle;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole UCI file through {@code pep run} — embedded broker, producer and DuckDB sink consuming
 * at once, the check and the report in one JVM — with a 256 MB heap, checked exactly once
 * afterwards by the oracle (the broker restarted on the run's data to read the end offsets). Before
 * the embedded broker's log cleaner was given a 16 MB key map instead of Kafka's default 128 MB,
 * the same command (these JVM options, G1) ended in OutOfMemoryError in the consume phase.
 */
class SmallHeapIT {
  private static final String DATA = "online-retail/Online Retail.csv";

  @TempDir Path dir;

  @Test
  void theFullFileRunsExactlyOnceIn256Megabytes() throws Exception {
    String absent = Fixtures.sharedDataAbsent(DATA);
    assumeTrue(absent == null, absent);
    Path csv = Fixtures.sharedData(DATA).toAbsolutePath();

    PepProcess.Result run =
        PepProcess.run(
            List.of("-Xmx256m", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1"),
            dir,
            Map.of("PEP_STATE_DIR", dir.resolve(".pep").toString(), "PEP_BROKER_PORT", "0"),
            900,
            "run",
            "--file",
            csv.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err()).doesNotContain("OutOfMemoryError");
    assertThat(run.out()).contains("lag at end                0");

    try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve(".pep/kafka"), 0);
        Connection db =
            DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(".pep/events.duckdb"))) {
      Oracle.assertExactlyOnce(
          "pep run -Xmx256m",
          new Oracle.Run(
              broker.bootstrapServers(),
              "purchase-events",
              "purchase-event-pipeline",
              db,
              "purchase_events",
              "pep_offsets"),
          Oracle.expectedIds(csv));
    }
  }
}
