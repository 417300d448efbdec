package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.Fixtures;
import dev.pep.broker.EmbeddedBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pep produce} with the bad-row policies on mixed-rows.csv (rows 2-3 good, 4-9 bad, 10-12
 * good) against a real embedded broker: exit codes, messages and what reached the topic.
 */
class BadRowPolicyIT {
  private static final String FILE = "mixed-rows.csv";
  private static EmbeddedBroker broker;

  @TempDir static Path brokerDir;
  @TempDir Path tmp;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedBroker.start(brokerDir, 0);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  private PepCommandLine.Result produce(String topic, String... policy) throws IOException {
    Path config =
        Files.write(
            tmp.resolve("pep.properties"),
            List.of("PEP_REJECTS_FILE=" + tmp.resolve("rejects.csv")),
            StandardCharsets.ISO_8859_1);
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "produce",
                "--bootstrap",
                broker.bootstrapServers(),
                "--topic",
                topic,
                "--config",
                config.toString(),
                "--file",
                Fixtures.fixture(FILE).toString(),
                // Explicit, so that line 8's ISO date is a bad row as the fixture intends.
                "--date-format",
                "M/d/yyyy H:mm"));
    args.addAll(List.of(policy));
    return PepCommandLine.execute(args.toArray(String[]::new));
  }

  private static long eventsIn(String topic) {
    try (dev.pep.kafka.TopicReader reader =
        new dev.pep.kafka.TopicReader(
            dev.pep.kafka.KafkaClients.plain(broker.bootstrapServers()), topic)) {
      return reader.read(Map.of(), reader.endOffsets(), r -> {}).values().stream()
          .mapToLong(Long::longValue)
          .sum();
    }
  }

  @Test
  void rejectIsTheDefaultAndTheRunSucceeds() throws IOException {
    PepCommandLine.Result r = produce("policy-reject");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err())
        .contains(
            "Layout of mixed-rows.csv: separator ','; encoding UTF-8 (ASCII only); 8 columns;"
                + " missing values empty or NA; dates M/d/yyyy H:mm (given)");
    assertThat(r.out()).containsPattern("rejected +6\\R");
    assertThat(eventsIn("policy-reject")).isEqualTo(5);
  }

  @Test
  void failStopsAtTheFirstBadRowWithExitOneAfterSendingTheRowsBeforeIt() throws IOException {
    PepCommandLine.Result r = produce("policy-fail", "--on-bad-row", "fail");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines())
        .contains(
            "Error: Producing mixed-rows.csv to policy-fail stopped after 3 rows: 2 of 2 events"
                + " sent by this run were committed; rerun the same command to resume after them."
                + " Cause: stopped at the first bad row"
                + " (PEP_ON_BAD_ROW=fail): mixed-rows.csv line 4: has 7 fields, expected 8 as in"
                + " the header");
    assertThat(eventsIn("policy-fail")).isEqualTo(2);
  }

  @Test
  void maxRejectsStopsARunThatLooksFedTheWrongFile() throws IOException {
    PepCommandLine.Result r = produce("policy-max", "--max-rejects", "2");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines())
        .contains(
            "Error: Producing mixed-rows.csv to policy-max stopped after 6 rows: 0 of 0 events"
                + " sent by this run were committed; rerun the same command to resume after them."
                + " Cause: 6 rejects in the first 11 rows read, more than"
                + " PEP_MAX_REJECTS=2 allows: this does not look like the file you meant to load"
                + " (first reject: mixed-rows.csv line 4: has 7 fields, expected 8 as in the"
                + " header)");
    assertThat(eventsIn("policy-max")).isZero();
  }

  @Test
  void aPercentageLimitIsJudgedAtTheEndOfASmallFile() throws IOException {
    PepCommandLine.Result over = produce("policy-pct-over", "--max-rejects", "50%");
    PepCommandLine.Result under = produce("policy-pct-under", "--max-rejects", "60%");

    assertThat(over.exitCode()).as(over.toString()).isEqualTo(1);
    assertThat(over.err()).contains("more than PEP_MAX_REJECTS=50% allows");
    assertThat(under.exitCode()).as(under.toString()).isZero();
    assertThat(eventsIn("policy-pct-under")).isEqualTo(5);
  }
}
