package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.Fixtures;
import dev.pep.broker.EmbeddedBroker;
import dev.pep.faults.Oracle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DuckDB file's filesystem fills up mid-consume: {@code PEP_DUCKDB_FILE} on an 8 MiB tmpfs this
 * test mounts, 150,000 events to store. The consume must stop with one {@code Error:} line naming
 * the database file and the full disk (exit 1); the file then holds some of the events (the disk
 * filled mid-work), each once, and for every partition exactly the events below its stored offset;
 * after the filesystem is made bigger, a rerun stores the rest: every event once, stored offsets =
 * end offsets (Oracle).
 */
class DuckDbFullDiskIT {
  private static final String FULL = "online-retail/Online Retail.csv";
  private static final int ROWS = 150_000;
  private static final String TOPIC = "duck-full";
  private static final String GROUP = "purchase-event-pipeline";

  @TempDir Path tmp;

  @Test
  void aFullDuckDbDiskStopsConsumeWithOneLineAndARerunCompletesExactlyOnce() throws Exception {
    Path csv =
        FirstRowsRerun.firstRows(Fixtures.sharedData(FULL), tmp.resolve("first-rows.csv"), ROWS);
    try (EmbeddedBroker broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0);
        SmallDisk disk = SmallDisk.mount(tmp.resolve("db"), "8m")) {
      Path db = disk.dir().resolve("events.duckdb");
      Path config =
          Files.write(
              tmp.resolve("pep.properties"),
              List.of(
                  "KAFKA_BOOTSTRAP_SERVERS=" + broker.bootstrapServers(),
                  "KAFKA_TOPIC=" + TOPIC,
                  "PEP_STATE_DIR=" + tmp.resolve("state"),
                  "PEP_DUCKDB_FILE=" + db),
              StandardCharsets.ISO_8859_1);
      PepCommandLine.Result produced =
          PepCommandLine.execute(
              "produce", "--file", csv.toString(), "--config", config.toString());
      assertThat(produced.exitCode()).as(produced.toString()).isZero();
      List<Oracle.TopicRecord> topic = Oracle.dumpSettled(broker.bootstrapServers(), TOPIC);
      Oracle.assertTopicExactlyOnce("produced", topic, Oracle.expectedIds(csv));

      PepCommandLine.Result r =
          PepCommandLine.execute("consume", "--until-idle", "2", "--config", config.toString());

      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      List<String> errors = r.err().lines().filter(l -> l.startsWith("Error:")).toList();
      assertThat(errors).as(r.toString()).hasSize(1);
      assertThat(errors.get(0))
          .as(r.toString())
          .contains("duckdb " + db)
          .contains("No space left on device");

      disk.grow("128m");
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db)) {
        Oracle.Run run =
            new Oracle.Run(
                broker.bootstrapServers(), TOPIC, GROUP, c, "purchase_events", "pep_offsets");
        long rows = count(c, "SELECT count(*) FROM purchase_events");
        assertThat(rows).as("events stored before the disk filled").isBetween(1L, ROWS - 1L);
        assertThat(count(c, "SELECT count(DISTINCT event_id) FROM purchase_events"))
            .as("stored once")
            .isEqualTo(rows);
        // Stored offsets and stored rows agree: each partition holds exactly the topic's events
        // below its stored offset.
        Map<Integer, Long> stored = Oracle.storedOffsets(run);
        Map<Integer, Long> below = new HashMap<>();
        for (Oracle.TopicRecord rec : topic) {
          if (rec.offset() < stored.getOrDefault(rec.partition(), 0L)) {
            below.merge(rec.partition(), 1L, Long::sum);
          }
        }
        for (int p = 0; p < 3; p++) {
          long next = stored.getOrDefault(p, 0L);
          assertThat(
                  count(
                      c,
                      "SELECT count(*) FROM purchase_events WHERE kafka_partition = "
                          + p
                          + " AND kafka_offset < "
                          + next))
              .as("partition %d: rows below the stored offset %d", p, next)
              .isEqualTo(below.getOrDefault(p, 0L))
              .isEqualTo(
                  count(c, "SELECT count(*) FROM purchase_events WHERE kafka_partition = " + p));
        }
      }

      PepCommandLine.Result again =
          PepCommandLine.execute("consume", "--until-idle", "2", "--config", config.toString());

      assertThat(again.exitCode()).as(again.toString()).isZero();
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db)) {
        Oracle.assertExactlyOnce(
            "after the rerun",
            new Oracle.Run(
                broker.bootstrapServers(), TOPIC, GROUP, c, "purchase_events", "pep_offsets"),
            Oracle.expectedIds(csv));
      }
    }
  }

  private static long count(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
