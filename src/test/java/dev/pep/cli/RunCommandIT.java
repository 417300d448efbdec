package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pep.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pep run} end to end, in-process: it starts its own embedded broker (port 0, data in a
 * temporary directory), produces while the sink consumes, checks the topic as the sink read it and
 * writes the JSON summary.
 */
class RunCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private Path configFile() throws IOException {
    return Files.write(
        tmp.resolve("pep.properties"),
        List.of(
            "PEP_BROKER_PORT=0",
            "PEP_STATE_DIR=" + tmp.resolve("state"),
            "PEP_REJECTS_FILE=" + tmp.resolve("rejects.csv")),
        StandardCharsets.ISO_8859_1);
  }

  private static JsonNode summary(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  @Test
  void theSampleIsProducedOnceARerunSendsNothingAndARestartSendsItAgain() throws IOException {
    Path config = configFile();
    Path first = tmp.resolve("s.json");
    Path second = tmp.resolve("s2.json");
    String sample = Fixtures.sample().toString();

    PepCommandLine.Result r =
        PepCommandLine.execute(
            "run",
            "--file",
            sample,
            "--config",
            config.toString(),
            "--summary-json",
            first.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("OK: every row this run produced is in the topic exactly once (1,071 events).");
    assertThat(r.err()).contains("Embedded Kafka 4.3.1 broker (KRaft) at 127.0.0.1:");
    JsonNode s = summary(first);
    assertThat(s.get("command").asText()).isEqualTo("run");
    assertThat(s.get("file").asText()).isEqualTo("Online Retail sample.csv");
    assertThat(s.get("topic").asText()).isEqualTo("purchase-events");
    assertThat(s.get("partitions").asInt()).isEqualTo(3);
    assertThat(s.get("rows_read").asLong()).isEqualTo(1071);
    assertThat(s.get("produced").asLong()).isEqualTo(1071);
    assertThat(s.get("committed").asLong()).isEqualTo(1071);
    assertThat(s.get("rejected").asLong()).isZero();
    assertThat(s.get("rejects_file").isNull()).isTrue();
    assertThat(s.get("complete").asBoolean()).isTrue();
    assertThat(s.get("failure").isNull()).isTrue();
    assertThat(s.get("topic_events").asLong()).isEqualTo(1071);
    assertThat(s.get("topic_distinct_event_ids").asLong()).isEqualTo(1071);
    assertThat(s.get("verified").asBoolean()).isTrue();
    // Counted as the sink read them, none read back apart; and the sink has every one.
    assertThat(s.get("topic_events_read_back").asLong()).isZero();
    assertThat(s.get("consume").get("written").asLong()).isEqualTo(1071);
    long perPartition = 0;
    for (JsonNode n : s.get("topic_events_per_partition")) {
      perPartition += n.asLong();
    }
    assertThat(perPartition).isEqualTo(1071);
    assertThat(tmp.resolve("rejects.csv")).doesNotExist();

    // Again on the same state: the broker restarts on its data, and the file's checkpoint says
    // it was sent completely: nothing is sent, and the database holds the rows once.
    PepCommandLine.Result again =
        PepCommandLine.execute("run", "--file", sample, "--config", config.toString());

    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.err()).doesNotContain("storage formatted");
    assertThat(again.out())
        .contains(
            "Online Retail sample.csv was already produced to purchase-events by an earlier run"
                + " (1,071 events, 0 rejected rows): nothing to send. Pass --restart to send it"
                + " again.")
        .containsPattern("rows +1,071\\R");

    // With --restart it is sent again, and the check counts only what this run wrote although
    // the topic now holds both runs.
    PepCommandLine.Result restart =
        PepCommandLine.execute(
            "run",
            "--file",
            sample,
            "--restart",
            "--config",
            config.toString(),
            "--summary-json",
            second.toString());

    assertThat(restart.exitCode()).as(restart.toString()).isZero();
    JsonNode s2 = summary(second);
    assertThat(s2.get("committed").asLong()).isEqualTo(1071);
    assertThat(s2.get("topic_events").asLong()).isEqualTo(1071);
    assertThat(s2.get("topic_distinct_event_ids").asLong()).isEqualTo(1071);
    assertThat(s2.get("verified").asBoolean()).isTrue();
    assertThat(s2.get("consume").get("duplicates").asLong()).isEqualTo(1071);
  }

  @Test
  void aFileWithBadRowsIsVerifiedAndItsRejectsAreReported() throws IOException {
    Path json = tmp.resolve("s.json");
    Path rejects = tmp.resolve("rejects.csv");

    PepCommandLine.Result r =
        PepCommandLine.execute(
            "run",
            "--file",
            Fixtures.fixture("mixed-rows.csv").toString(),
            "--config",
            configFile().toString(),
            "--summary-json",
            json.toString());

    // Dates are detected: line 8's ISO date 2010-12-01 08:45 is unambiguous, so it is a good row
    // beside the file's M/d/yyyy dates; the other five bad rows are rejected.
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err())
        .contains(
            "Layout of mixed-rows.csv: separator ','; encoding UTF-8 (ASCII only); 8 columns;"
                + " missing values empty or NA; dates M/d/yyyy H:mm and yyyy-MM-dd HH:mm, month"
                + " first, chosen as in the UCI export: no date in the first 11 rows has a number"
                + " above 12 to decide (set --date-format to choose)");
    assertThat(r.out())
        .contains("OK: every row this run produced is in the topic exactly once (6 events).")
        .contains("Rejected rows were written to " + rejects + "; the first:")
        .contains("  mixed-rows.csv line 7, column UnitPrice: '1,2x' is not a decimal number");
    JsonNode s = summary(json);
    assertThat(s.get("rows_read").asLong()).isEqualTo(11);
    assertThat(s.get("produced").asLong()).isEqualTo(6);
    assertThat(s.get("committed").asLong()).isEqualTo(6);
    assertThat(s.get("rejected").asLong()).isEqualTo(5);
    assertThat(s.get("rejects_file").asText()).isEqualTo(rejects.toString());
    assertThat(s.get("topic_events").asLong()).isEqualTo(6);
    assertThat(s.get("topic_distinct_event_ids").asLong()).isEqualTo(6);
    assertThat(s.get("verified").asBoolean()).isTrue();
    assertThat(Files.readAllLines(rejects, StandardCharsets.ISO_8859_1)).hasSize(1 + 5);
  }

  @Test
  void aFileThatChangedSinceItWasProducedIsRefusedUnlessRestarted() throws IOException {
    Path config = configFile();
    Path csv = Files.copy(Fixtures.fixture("mixed-rows.csv"), tmp.resolve("in.csv"));
    long before = Files.size(csv);
    PepCommandLine.Result first =
        PepCommandLine.execute("produce", "--file", csv.toString(), "--config", config.toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Files.writeString(
        csv,
        "536371,22139,TEA SET,2,12/1/2010 9:00,4.95,13047,United Kingdom\n",
        StandardCharsets.ISO_8859_1,
        StandardOpenOption.APPEND);

    PepCommandLine.Result changed =
        PepCommandLine.execute("produce", "--file", csv.toString(), "--config", config.toString());

    assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(1);
    assertThat(changed.err())
        .contains(
            "Error: "
                + csv
                + " changed since it was produced to purchase-events up to line 12 (then "
                + before
                + " bytes, now "
                + Files.size(csv)
                + "): pep resumes only the same file. Pass --restart to send it from its first"
                + " row (sinks skip the events they already hold).");

    PepCommandLine.Result restart =
        PepCommandLine.execute(
            "produce", "--file", csv.toString(), "--restart", "--config", config.toString());

    assertThat(restart.exitCode()).as(restart.toString()).isZero();
    assertThat(restart.out()).containsPattern("rows read +12\\R");
  }
}
