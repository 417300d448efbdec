package dev.pep.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.Fixtures;
import dev.pep.broker.EmbeddedBroker;
import dev.pep.consumer.ConsumeProcess;
import dev.pep.consumer.Postgres;
import dev.pep.producer.TestProduce;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /ready} of a {@code pep consume} process (the packaged jar) into the real PostgreSQL
 * server, reached through a {@link TcpForwarder} the test controls: 503 until the consumer works,
 * 200 while it does, 503 naming the database while the database cannot be reached (the forwarder
 * cut; the shared server itself keeps running for everyone else), 200 again once it can.
 */
class ReadinessIT {
  private static final Pattern HOST_PORT = Pattern.compile("//([^/:]+):(\\d+)/");

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

  @Test
  void readyOnlyWhileConsumingWithTheDatabaseReachable() throws Exception {
    String url = Postgres.requireUrl();
    String table = Postgres.freshTables("pep_ready");
    Matcher hp = HOST_PORT.matcher(url);
    assertThat(hp.find()).as(url).isTrue();
    String topic = "ready-" + System.nanoTime();
    long rows =
        TestProduce.file(tmp, broker.bootstrapServers(), Fixtures.sample(), topic).committed();

    try (TcpForwarder forwarder = new TcpForwarder(hp.group(1), Integer.parseInt(hp.group(2)))) {
      String forwarded = hp.replaceFirst("//127.0.0.1:" + forwarder.port() + "/");
      ConsumeProcess.Started c =
          new ConsumeProcess(broker.bootstrapServers(), topic, "g-ready", tmp)
              .postgres(forwarded, table)
              .setting("PEP_METRICS_PORT", "0")
              .untilIdle("600")
              .start("ready");
      try {
        int port = MetricsRun.awaitPort(c::outputText, c.process());

        // Not ready until it consumes: the answers before the first 200 are all 503 "starting".
        List<Exposition.Answer> answers = new ArrayList<>();
        Exposition.Answer a;
        do {
          assertThat(c.process().isAlive()).as(c.outputText()).isTrue();
          a = Exposition.get(port, "/ready");
          answers.add(a);
          Thread.sleep(20);
        } while (a.status() != 200);
        assertThat(answers.subList(0, answers.size() - 1))
            .allSatisfy(
                x -> {
                  assertThat(x.status()).isEqualTo(503);
                  assertThat(x.body()).isEqualTo("not ready: starting\n");
                });
        assertThat(a.body()).isEqualTo("ready: consuming " + topic + " (group g-ready)\n");

        awaitUntil(() -> Postgres.count(url, table) == rows, "all rows stored", c);
        awaitUntil(
            () -> Exposition.scrape(port).sum("pep_sink_events_written_total") == rows,
            "the counter reaches the rows",
            c);

        // The database goes away (for this consumer only): not ready, saying why.
        forwarder.stop();
        Exposition.Answer down = awaitReady(port, 503, c);
        assertThat(down.body()).startsWith("not ready: database unreachable: postgres ");
        assertThat(down.body()).doesNotContain("password");
        // /metrics still answers; the lag is unknown (NaN) while the database is away.
        assertThat(Exposition.scrape(port).series("pep_consumer_lag_records").values())
            .isNotEmpty()
            .allSatisfy(v -> assertThat(v).isNaN());

        // Back: ready again.
        forwarder.start();
        Exposition.Answer up = awaitReady(port, 200, c);
        assertThat(up.body()).isEqualTo("ready: consuming " + topic + " (group g-ready)\n");
        assertThat(Exposition.scrape(port).series("pep_consumer_lag_records").values())
            .hasSize(3)
            .allSatisfy(v -> assertThat(v).isZero());
      } finally {
        c.process().destroy();
        c.process().waitFor();
      }
    }
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void awaitUntil(Condition condition, String what, ConsumeProcess.Started c)
      throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!condition.holds()) {
      assertThat(System.nanoTime()).as(what + "\n" + c.outputText()).isLessThan(deadline);
      assertThat(c.process().isAlive()).as(c.outputText()).isTrue();
      Thread.sleep(100);
    }
  }

  private static Exposition.Answer awaitReady(int port, int status, ConsumeProcess.Started c)
      throws Exception {
    Exposition.Answer[] last = new Exposition.Answer[1];
    awaitUntil(
        () -> {
          last[0] = Exposition.get(port, "/ready");
          return last[0].status() == status;
        },
        "/ready " + status,
        c);
    return last[0];
  }
}
