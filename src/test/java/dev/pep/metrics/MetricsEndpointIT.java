package dev.pep.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pep.Fixtures;
import dev.pep.broker.EmbeddedBroker;
import dev.pep.consumer.ConsumeProcess;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics endpoint of a real {@code pep run} (the packaged jar, its own JVM) against an
 * embedded broker and DuckDB: scraped while it works and after (it lingers), the counters equal the
 * run's summary and the test's own count of the CSV, the lag ends at 0, the exposition passes
 * {@code promtool check metrics}, and every metric the Grafana dashboard reads is in it.
 */
class MetricsEndpointIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;
  private static EmbeddedBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  /** A bad row of each kind, with the reject kind pep should count it under. */
  private static final List<String> BAD_ROWS =
      List.of(
          "536365,85123A,PRICE WITH A COMMA,6,12/1/2010 8:26,1,2x,17850,United Kingdom",
          "536365,85123A,PRICE NOT A NUMBER,6,12/1/2010 8:26,abc,17850,United Kingdom",
          "536365,85123A,SEVEN FIELDS,6,12/1/2010 8:26,2.55,17850");

  @Test
  void aRunIsScrapedWhileItWorksAndAfterAndItsCountersEqualItsSummary() throws Exception {
    // The input: the sample's rows 20 times (distinct lines, so distinct events), a bad row of
    // each kind between the copies. The oracle counts its records with FastCSV.
    Path csv = tmp.resolve("metrics-input.csv");
    byte[] sample = Files.readAllBytes(Fixtures.sample());
    int headerEnd = indexOf(sample, (byte) '\n') + 1;
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(sample, 0, headerEnd);
    int copies = 20;
    int badPrices = 0;
    for (int i = 0; i < copies; i++) {
      badPrices += BAD_ROWS.get(i % BAD_ROWS.size()).contains(",abc,") ? 1 : 0;
      file.write(sample, headerEnd, sample.length - headerEnd);
      if (sample[sample.length - 1] != '\n') {
        file.write('\n');
      }
      file.write((BAD_ROWS.get(i % BAD_ROWS.size()) + "\n").getBytes(StandardCharsets.US_ASCII));
    }
    Files.write(csv, file.toByteArray());
    long records = MetricsRun.csvRecords(csv);
    long rejects = copies; // one bad row after each copy
    long events = records - rejects;

    String topic = "metrics-" + System.nanoTime();
    Path summary = tmp.resolve("run-summary.json");
    Path output = tmp.resolve("run.out");
    ProcessBuilder pb =
        new ProcessBuilder(
            "java",
            "-Xmx1g",
            "-jar",
            ConsumeProcess.jar().toString(),
            "run",
            "--bootstrap",
            broker.bootstrapServers(),
            "--topic",
            topic,
            "--file",
            csv.toString(),
            "--metrics-port",
            "0",
            "--metrics-linger",
            "300",
            "--summary-json",
            summary.toString());
    pb.environment().put("PEP_DUCKDB_FILE", tmp.resolve("metrics.duckdb").toString());
    pb.environment().put("PEP_REJECTS_FILE", tmp.resolve("rejects.csv").toString());
    pb.environment().put("PEP_COMMIT_INTERVAL_MS", "100");
    pb.environment().put("PEP_LOG_DIR", tmp.resolve("logs").toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(output.toFile());
    Process p = pb.start();
    try {
      int port = MetricsRun.awaitPort(output, p);

      // While it works: every scrape's counters only grow, /ready answers 200 at some point, and
      // the Kafka clients' own metrics are exported while the clients are open.
      List<Exposition> during = new ArrayList<>();
      Set<Integer> readyStatuses = new TreeSet<>();
      Exposition withProducer = null;
      Exposition withConsumer = null;
      // It says "finished" once the summary is written, and lingers.
      while (true) {
        assertThat(p.isAlive()).as(Files.readString(output)).isTrue();
        Exposition e = Exposition.scrape(port);
        during.add(e);
        if (withProducer == null
            && e.names().stream().anyMatch(n -> n.startsWith("kafka_producer_"))) {
          withProducer = e;
        }
        if (withConsumer == null
            && e.names().stream().anyMatch(n -> n.startsWith("kafka_consumer_"))) {
          withConsumer = e;
        }
        Exposition.Answer ready = Exposition.get(port, "/ready");
        if (ready.body().equals("not ready: finished\n")) {
          assertThat(ready.status()).isEqualTo(503);
          break;
        }
        readyStatuses.add(ready.status());
        Thread.sleep(50);
      }
      assertThat(readyStatuses).as("statuses of /ready while working").contains(200);
      assertThat(withProducer).as("a scrape while the producer was open").isNotNull();
      assertThat(withConsumer).as("a scrape while the consumer was open").isNotNull();
      for (String counter :
          List.of("pep_producer_rows_read_total", "pep_sink_events_written_total")) {
        double last = 0;
        for (Exposition e : during) {
          assertThat(e.sum(counter)).as(counter).isGreaterThanOrEqualTo(last);
          last = e.sum(counter);
        }
      }
      assertThat(during.stream().mapToDouble(e -> e.sum("pep_producer_rows_read_total")))
          .as("a scrape saw the producer mid-file")
          .anyMatch(v -> v > 0 && v < records);
      withProducer.passesPromtool();
      withConsumer.passesPromtool();

      // After: the summary is written and the endpoint lingers.
      Exposition after = Exposition.scrape(port);
      JsonNode s = JSON.readTree(summary.toFile());
      JsonNode consumed = s.get("consume");
      assertThat(s.get("rows_read").asLong()).isEqualTo(records);
      assertThat(s.get("rejected").asLong()).isEqualTo(rejects);
      assertThat(s.get("committed").asLong()).isEqualTo(events);
      assertThat(consumed.get("written").asLong()).isEqualTo(events);
      assertThat(consumed.get("events_read").asLong()).isEqualTo(events);
      assertThat(consumed.get("lag").asLong()).isZero();
      assertThat(after.sum("pep_producer_rows_read_total"))
          .isEqualTo(s.get("rows_read").asDouble());
      assertThat(after.sum("pep_producer_events_sent_total"))
          .isEqualTo(s.get("produced").asDouble());
      assertThat(after.sum("pep_producer_events_committed_total"))
          .isEqualTo(s.get("committed").asDouble());
      assertThat(after.sum("pep_producer_rejects_total")).isEqualTo(s.get("rejected").asDouble());
      assertThat(after.sum("pep_consumer_records_read_total"))
          .isEqualTo(consumed.get("events_read").asDouble());
      assertThat(after.sum("pep_sink_events_written_total"))
          .isEqualTo(consumed.get("written").asDouble());
      assertThat(after.series("pep_producer_rejects_total"))
          .containsEntry(
              "pep_producer_rejects_total{column=\"\",kind=\"field_count\"}",
              (double) (rejects - badPrices))
          .containsEntry(
              "pep_producer_rejects_total{column=\"UnitPrice\",kind=\"bad_value\"}",
              (double) badPrices);
      assertThat(after.sum("pep_consumer_records_read_total")).isEqualTo(events);
      assertThat(after.sum("pep_sink_events_written_total")).isEqualTo(events);
      assertThat(after.sum("pep_sink_duplicates_skipped_total")).isZero();
      assertThat(after.sum("pep_consumer_dead_lettered_total")).isZero();
      assertThat(after.sum("pep_producer_transactions_committed_total")).isGreaterThan(1);
      assertThat(after.sum("pep_producer_commit_seconds_count"))
          .isEqualTo(after.sum("pep_producer_transactions_committed_total"));
      assertThat(after.sum("pep_sink_batch_write_seconds_count")).isGreaterThan(0);
      Map<String, Double> lag = after.series("pep_consumer_lag_records");
      assertThat(lag).hasSize(3).allSatisfy((series, value) -> assertThat(value).isZero());
      assertThat(lag.keySet()).allSatisfy(k -> assertThat(k).contains("topic=\"" + topic + "\""));
      assertThat(after.names()).contains("jvm_memory_used_bytes", "jvm_gc_pause_seconds_count");
      after.passesPromtool();

      // The dashboard reads only metrics a real run exports.
      for (String expr : DashboardQueries.expressions()) {
        assertThat(after.names()).as(expr).containsAll(DashboardQueries.metricNames(expr));
      }
    } finally {
      p.destroy();
      p.waitFor();
    }
  }

  private static int indexOf(byte[] b, byte x) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }
}
