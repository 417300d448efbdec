package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.Fixtures;
import dev.pep.broker.EmbeddedBroker;
import dev.pep.faults.Oracle;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rejects file's filesystem fills up mid-produce: a size-limited tmpfs this test mounts (tests
 * run as root). The run stops with one line naming the file and the full disk; the topic holds only
 * committed events of the file, each once (some, not all: the disk filled mid-work); after the
 * filesystem is made bigger, a rerun resumes and the topic holds every valid row exactly once and
 * the rejects file every bad row. Skipped where mounting is not permitted, except under {@code
 * CI=true} (CI runs as root).
 */
class FullDiskIT {
  private static final String FULL = "online-retail/Online Retail.csv";
  private static final int ROWS = 50_000;
  private static final int BAD_EVERY = 100;

  @TempDir Path tmp;

  @Test
  void aFullRejectsFilesystemStopsTheRunWithOneLineAndARerunCompletesExactlyOnce()
      throws Exception {
    Path full = Fixtures.sharedData(FULL);
    try (SmallDisk disk = SmallDisk.mount(tmp.resolve("small-disk"), "64k");
        EmbeddedBroker broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0)) {
      Path mount = disk.dir();
      Path csv = tmp.resolve("with-bad-rows.csv");
      List<Long> badLines = withBadRows(full, csv);
      // One record per line (the test wrote the file): the valid ones are every other line.
      String prefix = Oracle.idPrefix(csv);
      Set<String> valid = new HashSet<>();
      for (long line = 2; line <= 1 + ROWS + badLines.size(); line++) {
        if (!badLines.contains(line)) {
          valid.add(prefix + ":" + line);
        }
      }
      assertThat(valid).hasSize(ROWS);
      Path rejects = mount.resolve("rejects.csv");
      Path config =
          Files.write(
              tmp.resolve("pep.properties"),
              List.of(
                  "KAFKA_BOOTSTRAP_SERVERS=" + broker.bootstrapServers(),
                  "KAFKA_TOPIC=full-disk",
                  "PEP_STATE_DIR=" + tmp.resolve("state"),
                  "PEP_REJECTS_FILE=" + rejects,
                  "PEP_COMMIT_INTERVAL_MS=10"),
              StandardCharsets.ISO_8859_1);

      PepCommandLine.Result r =
          PepCommandLine.execute(
              "produce", "--file", csv.toString(), "--config", config.toString());

      assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
      List<String> errors = r.err().lines().filter(l -> l.startsWith("Error:")).toList();
      assertThat(errors).as(r.toString()).hasSize(1);
      assertThat(errors.get(0))
          .isEqualTo("Error: Cannot write rejects file " + rejects + ": No space left on device");
      // Only committed events, each once; some but not all: the disk filled mid-work.
      List<Oracle.TopicRecord> before = Oracle.dumpSettled(broker.bootstrapServers(), "full-disk");
      Set<String> ids = new HashSet<>();
      for (Oracle.TopicRecord rec : before) {
        assertThat(ids.add(rec.eventId())).as("stored once: " + rec).isTrue();
      }
      assertThat(valid).containsAll(ids);
      assertThat(ids.size())
          .as("events committed before the disk filled")
          .isBetween(1, valid.size() - 1);

      disk.grow("4m");
      PepCommandLine.Result again =
          PepCommandLine.execute(
              "produce", "--file", csv.toString(), "--config", config.toString());

      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(again.out()).contains("resumed after line");
      Oracle.assertTopicExactlyOnce(
          "after the rerun", Oracle.dumpSettled(broker.bootstrapServers(), "full-disk"), valid);
      // Every bad row is in the rejects file (a row of the chunk that failed may be there twice:
      // the rerun handles that chunk again).
      Set<Long> rejected = new HashSet<>();
      try (de.siegmar.fastcsv.reader.CsvReader<de.siegmar.fastcsv.reader.CsvRecord> reader =
          de.siegmar.fastcsv.reader.CsvReader.builder()
              .ofCsvRecord(rejects, StandardCharsets.ISO_8859_1)) {
        for (de.siegmar.fastcsv.reader.CsvRecord rec : reader) {
          if (rec.getField(0).startsWith("BAD")) {
            // ..., reject_file, reject_line, reject_column, reject_value, reject_reason
            rejected.add(Long.parseLong(rec.getField(rec.getFieldCount() - 4)));
          }
        }
      }
      assertThat(rejected).containsExactlyInAnyOrderElementsOf(badLines);
    }
  }

  /**
   * The first {@link #ROWS} data rows of {@code full} with a bad row (2 fields, a long first one)
   * after every {@link #BAD_EVERY}-th; returns the lines of the bad rows.
   */
  private static List<Long> withBadRows(Path full, Path to) throws IOException {
    List<Long> bad = new ArrayList<>();
    String filler = "x".repeat(300);
    try (BufferedReader in = Files.newBufferedReader(full, StandardCharsets.ISO_8859_1);
        BufferedWriter out = Files.newBufferedWriter(to, StandardCharsets.ISO_8859_1)) {
      out.write(in.readLine());
      out.write("\r\n");
      long line = 1;
      for (int i = 1; i <= ROWS; i++) {
        out.write(in.readLine());
        out.write("\r\n");
        line++;
        if (i % BAD_EVERY == 0) {
          out.write("BAD" + filler + ",row\r\n");
          line++;
          bad.add(line);
        }
      }
    }
    return bad;
  }
}
