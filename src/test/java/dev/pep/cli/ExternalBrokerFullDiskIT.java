package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.faults.Oracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker pep only talks to (a separate {@code pep broker} process, as any external broker) whose
 * log directory is on a 4 MiB tmpfs that fills up mid-produce: Kafka halts that broker, and {@code
 * pep produce} (its own process, client timeouts shortened with {@code -P} so that it gives up
 * within a minute rather than Kafka's 2 min per attempt) must end with one {@code Error:} line
 * saying how many rows were committed and to rerun, exit 1. The broker, restarted on a filesystem
 * made bigger, holds exactly the rows before the file's checkpoint, each once; the rerun resumes
 * there and the topic then holds every row exactly once.
 */
class ExternalBrokerFullDiskIT {
  private static final int ROWS = FirstRowsRerun.ROWS;
  private static final String TOPIC = FirstRowsRerun.TOPIC;
  private static final Pattern STOPPED =
      Pattern.compile(
          "stopped after ([0-9,]+) rows: ([0-9,]+) of ([0-9,]+) events sent by this run");

  @TempDir Path tmp;

  @Test
  void aFullDiskOnTheBrokerStopsProduceWithOneLineAndARerunCompletesExactlyOnce() throws Exception {
    Path csv = FirstRowsRerun.firstRows(tmp.resolve("rows.csv"));
    Set<String> valid = Oracle.expectedIds(csv);
    Path work = Files.createDirectories(tmp.resolve("work"));
    int port = BrokerProcess.freePort();
    try (SmallDisk disk = SmallDisk.mount(tmp.resolve("state"), "4m")) {
      Path logDir = disk.dir().resolve("kafka");
      long committed;
      try (BrokerProcess broker = BrokerProcess.start(work, disk.dir(), port, List.of())) {
        PepProcess.Result r = produce(work, broker.bootstrap(), csv);

        PepProcess.Result halted = broker.awaitExit(60);
        assertThat(halted.exitCode()).as(halted.toString()).isEqualTo(1);
        assertThat(halted.err())
            .as(halted.toString())
            .contains(
                "Error: The embedded Kafka broker's log directory "
                    + logDir
                    + " is on a full disk: No space left on device");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        String error = r.onlyErrorLine();
        assertThat(error)
            .as(r.toString())
            .startsWith(
                "Error: Producing " + csv.getFileName() + " to " + TOPIC + " stopped after ")
            .contains("rerun the same command to resume after them");
        // The producer only logs the broker's answers; pep's line names them. Whether an answer
        // leaves the broker before Kafka halts it is a race (it did in every run seen), so the
        // sentence is checked when it is there, and its absence is said.
        if (error.contains("KAFKA_STORAGE_ERROR")) {
          assertThat(error)
              .containsPattern(
                  "Before that the broker answered KAFKA_STORAGE_ERROR for purchase-events-[0-2]"
                      + ".*: its log directory failed \\(a full disk or a broken one");
        } else {
          System.out.println(
              "The broker halted before any KAFKA_STORAGE_ERROR answer reached pep: " + error);
        }
        assertThat(r.err()).as("no stack trace on the console").doesNotContain("\tat ");
        Matcher m = STOPPED.matcher(error);
        assertThat(m.find()).as(error).isTrue();
        committed = Long.parseLong(m.group(2).replace(",", ""));
        assertThat(committed)
            .as("events committed before the disk filled")
            .isBetween(1L, ROWS - 1L);
        System.out.printf(
            "Broker disk full: produce stopped after %.1f s, %,d events committed: %s%n",
            r.seconds(), committed, error);
      }

      disk.grow("64m");
      try (BrokerProcess broker = BrokerProcess.start(work, disk.dir(), port, List.of())) {
        assertThat(Transactions.awaitNoneInProgress(broker.bootstrap()))
            .extracting(TransactionListing::state)
            .doesNotContain(TransactionState.ONGOING);
        assertThat(Transactions.openIn(TOPIC, broker.bootstrap()))
            .as("partitions still holding the halted transaction")
            .isEmpty();
        Oracle.assertTopicExactlyOnce(
            "after the halt: the rows the run reported committed",
            Oracle.dumpSettled(broker.bootstrap(), TOPIC),
            firstRowsIds(csv, committed));

        PepProcess.Result again = produce(work, broker.bootstrap(), csv);
        assertThat(FirstRowsRerun.resumed(again).committed()).isEqualTo(committed);
        Oracle.assertTopicExactlyOnce(
            "after the rerun", Oracle.dumpSettled(broker.bootstrap(), TOPIC), valid);
      }
    }
  }

  /** {@code pep produce} with client timeouts short enough to give up on a halted broker soon. */
  private static PepProcess.Result produce(Path work, String bootstrap, Path csv) throws Exception {
    return PepProcess.run(
        List.of("-Xmx512m"),
        work,
        Map.of(
            "PEP_LOG_DIR",
            work.resolve("logs-produce").toString(),
            "PEP_COMMIT_INTERVAL_MS",
            "200"),
        240,
        "produce",
        "--bootstrap",
        bootstrap,
        "--file",
        csv.toString(),
        "-P",
        "delivery.timeout.ms=10000",
        "-P",
        "request.timeout.ms=5000",
        "-P",
        "max.block.ms=10000");
  }

  /** The event ids of the first {@code n} rows (one record per line, the header on line 1). */
  private static Set<String> firstRowsIds(Path csv, long n) throws Exception {
    String prefix = Oracle.idPrefix(csv);
    return LongStream.rangeClosed(2, n + 1)
        .mapToObj(line -> prefix + ":" + line)
        .collect(Collectors.toSet());
  }
}
