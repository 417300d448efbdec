package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.broker.EmbeddedBroker;
import dev.pep.faults.Oracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker's log directory fills up mid-produce: {@code PEP_STATE_DIR} on a 4 MiB tmpfs
 * this test mounts, 100,000 rows to produce (about 6 MiB in the topic). Kafka halts the JVM when
 * its only log directory fails; {@code pep produce} (its own process, as a user runs it) must end
 * with one {@code Error:} line naming the directory and the full disk, no stack trace, exit 1.
 * After the filesystem is made bigger, the same command resumes after the file's checkpoint (some
 * rows, not all: the disk filled mid-work) and the topic holds every row exactly once: nothing of
 * the transaction the halt left open reads as committed.
 */
class BrokerFullDiskIT {
  private static final int ROWS = FirstRowsRerun.ROWS;
  private static final String TOPIC = FirstRowsRerun.TOPIC;

  @TempDir Path tmp;

  @Test
  void aFullBrokerDiskStopsProduceWithOneLineAndARerunCompletesExactlyOnce() throws Exception {
    Path csv = FirstRowsRerun.firstRows(tmp.resolve("first-rows.csv"));
    Set<String> valid = Oracle.expectedIds(csv);
    assertThat(valid).hasSize(ROWS);
    Path work = Files.createDirectories(tmp.resolve("work"));
    try (SmallDisk disk = SmallDisk.mount(tmp.resolve("state"), "4m")) {
      Path logDir = disk.dir().resolve("kafka");
      Map<String, String> env =
          Map.of(
              "PEP_STATE_DIR", disk.dir().toString(),
              "PEP_BROKER_PORT", "0",
              "PEP_COMMIT_INTERVAL_MS", "200");

      // A transaction timeout shorter than the time to the rerun: the broker's sweep aborts the
      // transaction the halt left open as soon as it is back, while the halted broker's old
      // registration would still be in place (see EmbeddedBroker.settleAfterCrash).
      String[] produce = {"produce", "--file", csv.toString(), "-P", "transaction.timeout.ms=3000"};
      PepProcess.Result r = PepProcess.run(work, env, 180, produce);

      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      assertThat(r.onlyErrorLine())
          .as(r.toString())
          .startsWith(
              "Error: The embedded Kafka broker's log directory "
                  + logDir
                  + " is on a full disk: No space left on device")
          .contains("free space on that filesystem and run the command again");
      assertThat(r.err()).as("no stack trace on the console").doesNotContain("\tat ");

      disk.grow("64m");
      PepProcess.Result again = PepProcess.run(work, env, 180, produce);

      FirstRowsRerun.Resumed resumed = FirstRowsRerun.resumed(again);
      assertThat(resumed.committed())
          .as("events committed before the disk filled")
          .isEqualTo(resumed.afterLine() - 1)
          .isBetween(1L, ROWS - 1L);
      try (EmbeddedBroker broker = EmbeddedBroker.start(logDir, 0)) {
        Oracle.assertTopicExactlyOnce(
            "after the rerun", Oracle.dumpSettled(broker.bootstrapServers(), TOPIC), valid);
      }
    }
  }
}
