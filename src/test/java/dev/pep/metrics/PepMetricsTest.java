package dev.pep.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.event.Reject;
import dev.pep.event.SourcePosition;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The meters as the observers feed them, read back from the Prometheus exposition by the test's own
 * parser, and the endpoint's answers before a command works.
 */
class PepMetricsTest {
  @Test
  void theObserversCountWhatTheyAreTold() {
    try (PepMetrics m = new PepMetrics()) {
      m.produce().rowsRead(10);
      m.produce().sent(7);
      m.produce().committed(7, 2_000_000);
      m.produce().committed(0, 30_000_000);
      m.produce().aborted();
      m.produce()
          .rejected(
              new Reject(new SourcePosition("f.csv", 4), "UnitPrice", "1,2x", "is bad", List.of()));
      m.produce()
          .rejected(
              new Reject(
                  Reject.Kind.FIELD_COUNT,
                  new SourcePosition("f.csv", 5),
                  null,
                  "x",
                  "9",
                  List.of()));
      m.produce()
          .rejected(
              new Reject(new SourcePosition("f.csv", 6), "UnitPrice", "y", "is bad", List.of()));
      TopicPartition tp = new TopicPartition("t", 0);
      m.consume().applied(tp, 5, 3, 1);
      m.consume().deadLettered();
      m.consume().batchWritten(tp, 40_000_000);
      m.fileSeen();
      m.fileSeen();
      m.fileFinished();

      Exposition e = new Exposition(m.scrape());
      assertThat(e.sum("pep_producer_rows_read_total")).isEqualTo(10);
      assertThat(e.sum("pep_producer_events_sent_total")).isEqualTo(7);
      assertThat(e.sum("pep_producer_events_committed_total")).isEqualTo(7);
      assertThat(e.sum("pep_producer_transactions_committed_total")).isEqualTo(2);
      assertThat(e.sum("pep_producer_transactions_aborted_total")).isEqualTo(1);
      assertThat(e.series("pep_producer_rejects_total"))
          .containsEntry("pep_producer_rejects_total{column=\"UnitPrice\",kind=\"bad_value\"}", 2.0)
          .containsEntry("pep_producer_rejects_total{column=\"\",kind=\"field_count\"}", 1.0);
      // 2 ms and 30 ms: one commit at or under 5 ms, both at or under 50 ms.
      assertThat(e.samples())
          .containsEntry("pep_producer_commit_seconds_bucket{le=\"0.005\"}", 1.0)
          .containsEntry("pep_producer_commit_seconds_bucket{le=\"0.05\"}", 2.0)
          .containsEntry("pep_producer_commit_seconds_bucket{le=\"+Inf\"}", 2.0)
          .containsEntry("pep_producer_commit_seconds_count", 2.0)
          .containsEntry("pep_sink_batch_write_seconds_bucket{le=\"0.025\"}", 0.0)
          .containsEntry("pep_sink_batch_write_seconds_bucket{le=\"0.05\"}", 1.0);
      assertThat(e.sum("pep_consumer_records_read_total")).isEqualTo(5);
      assertThat(e.sum("pep_sink_events_written_total")).isEqualTo(3);
      assertThat(e.sum("pep_sink_duplicates_skipped_total")).isEqualTo(1);
      assertThat(e.sum("pep_consumer_dead_lettered_total")).isEqualTo(1);
      assertThat(e.sum("pep_watch_files_seen_total")).isEqualTo(2);
      assertThat(e.sum("pep_watch_files_finished_total")).isEqualTo(1);
      assertThat(e.sum("pep_watch_files_errored_total")).isZero();
      assertThat(e.names()).contains("jvm_memory_used_bytes", "jvm_threads_live_threads");
    }
  }

  @Test
  void theEndpointIsLiveAndNotReadyBeforeTheCommandWorks() throws Exception {
    try (PepMetrics m = new PepMetrics();
        MetricsServer server = MetricsServer.start(0, m)) {
      assertThat(Exposition.get(server.port(), "/live"))
          .isEqualTo(new Exposition.Answer(200, "live\n"));
      assertThat(Exposition.get(server.port(), "/ready"))
          .isEqualTo(new Exposition.Answer(503, "not ready: starting\n"));
      m.finished();
      assertThat(Exposition.get(server.port(), "/ready"))
          .isEqualTo(new Exposition.Answer(503, "not ready: finished\n"));
      Exposition e = Exposition.scrape(server.port());
      assertThat(e.sum("pep_producer_rows_read_total")).isZero();
      e.passesPromtool();
      // A scraper that asks for OpenMetrics (as Prometheus does) gets it, labelled as such.
      java.net.http.HttpResponse<String> om =
          Exposition.send(
              server.port(),
              "/metrics",
              "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
      assertThat(om.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("application/openmetrics-text");
      assertThat(om.body()).contains("# TYPE pep_producer_rows_read counter").endsWith("# EOF\n");
    }
  }
}
