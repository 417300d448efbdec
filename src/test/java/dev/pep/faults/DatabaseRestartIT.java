package dev.pep.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.consumer.ConsumeProcess;
import dev.pep.consumer.Postgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consumer's PostgreSQL server restarted ({@code pg_ctl restart -m fast}) and then stopped for
 * longer than several backoffs, mid-consume: the consumer waits, says so in its progress line,
 * reconnects and completes exactly once. A server that stays down past {@code PEP_DB_WAIT_LIMIT_MS}
 * ends the run with one line, and a rerun once it is back completes exactly once. Each test starts
 * its own server ({@link OwnPostgres}); the shared one is not touched.
 *
 * <p>Proof that each fault bit: at the restart and at the stop, the database held some but not all
 * of the load's rows and the consumer was running; during the stop the consumer's log shows failed
 * writes being retried, and its progress line the wait.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DatabaseRestartIT {
  private static final int ROWS = 30_000;
  private static final String WAITING = "the database has been failing for ";

  @TempDir static Path tmp;
  private static FaultLoad load;

  @BeforeAll
  static void produceTheLoad() throws Exception {
    ConsumeProcess.jar();
    load = FaultLoad.start(tmp, ROWS, "db-restart-load");
  }

  @AfterAll
  static void stopBroker() {
    if (load != null) {
      load.close();
    }
  }

  @Test
  void theConsumerWaitsOutARestartAndAStopAndStoresEveryEventOnce() throws Exception {
    try (OwnPostgres pg = OwnPostgres.start()) {
      String url = pg.url();
      String table = "restart_events";
      String group = "g-restart";
      // Slow commits (a deferred trigger) make the load last long enough for two faults.
      Postgres.createTablesWithSlowCommits(tmp, url, table, 0.3);
      ConsumeProcess.Started p =
          load.consume(group)
              .postgres(url, table)
              .inSmallBatches()
              .setting("PEP_DB_WAIT_LIMIT_MS", "120000")
              .start("restart");
      String context = load.context();

      long atRestart = awaitRows(p, url, table, ROWS / 10);
      assertThat(atRestart).as(context + ": rows at the restart").isBetween(1L, ROWS - 1L);
      pg.restart();
      assertThat(p.process().isAlive()).as(context + "\n" + p.outputText()).isTrue();

      long atStop = awaitRows(p, url, table, atRestart + ROWS / 10);
      assertThat(atStop).as(context + ": rows at the stop").isBetween(atRestart + 1, ROWS - 1L);
      long retriesBefore = p.logLines("retrying in");
      pg.stop();
      // Down until the consumer has retried several times and shown the wait in its progress.
      await(
          () -> {
            try {
              return p.logLines("retrying in") >= retriesBefore + 4
                  && p.outputText().contains(WAITING);
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          },
          p,
          context);
      assertThat(p.process().isAlive()).as(context + "\n" + p.outputText()).isTrue();
      pg.startServer();

      assertThat(p.process().waitFor(240, TimeUnit.SECONDS)).isTrue();
      assertThat(p.process().exitValue()).as(context + "\n" + p.outputText()).isZero();
      assertThat(p.outputText())
          .containsPattern(
              "\\.\\.\\. the database has been failing for \\d+ s; waiting \\(up to"
                  + " PEP_DB_WAIT_LIMIT_MS\\) and retrying: ");
      assertThat(p.summary("retries")).as(context).isPositive();
      assertThat(p.logLines("Reconnecting to postgres")).as(context).isGreaterThanOrEqualTo(2);
      try (Connection c = DriverManager.getConnection(url)) {
        Oracle.assertExactlyOnce(
            context,
            new Oracle.Run(load.bootstrap(), load.topic, group, c, table, table + "_offsets"),
            load.expected);
      }
    }
  }

  @Test
  void aDatabaseDownPastTheLimitEndsTheRunWithOneLineAndARerunCompletesIt() throws Exception {
    try (OwnPostgres pg = OwnPostgres.start()) {
      String url = pg.url();
      String table = "down_events";
      String group = "g-down";
      Postgres.createTablesWithSlowCommits(tmp, url, table, 0.3);
      ConsumeProcess.Started p =
          load.consume(group)
              .postgres(url, table)
              .inSmallBatches()
              .setting("PEP_DB_WAIT_LIMIT_MS", "3000")
              .start("down");
      String context = load.context();

      long atStop = awaitRows(p, url, table, ROWS / 10);
      assertThat(atStop).as(context + ": rows at the stop").isBetween(1L, ROWS - 1L);
      pg.stop();

      assertThat(p.process().waitFor(120, TimeUnit.SECONDS)).isTrue();
      String out = p.outputText();
      assertThat(p.process().exitValue()).as(context + "\n" + out).isEqualTo(1);
      assertThat(out)
          .containsPattern(
              "Error: postgres \\S+ has been failing for \\d+\\.\\d s, longer than"
                  + " PEP_DB_WAIT_LIMIT_MS=3000 allows; last error: .+\\. Every batch it stored is"
                  + " stored with its offset: run again once the database is back, and the"
                  + " consumer resumes from there\\.");
      assertThat(out.lines().filter(l -> l.startsWith("Error: ")).count()).isEqualTo(1);

      pg.startServer();
      ConsumeProcess.Started rerun =
          load.consume(group).postgres(url, table).inSmallBatches().start("down-rerun");
      assertThat(rerun.process().waitFor(240, TimeUnit.SECONDS)).isTrue();
      assertThat(rerun.process().exitValue()).as(context + "\n" + rerun.outputText()).isZero();
      try (Connection c = DriverManager.getConnection(url)) {
        Oracle.assertExactlyOnce(
            context,
            new Oracle.Run(load.bootstrap(), load.topic, group, c, table, table + "_offsets"),
            load.expected);
      }
    }
  }

  /** Waits until {@code table} holds at least {@code rows} rows; returns how many it holds. */
  private static long awaitRows(ConsumeProcess.Started p, String url, String table, long rows)
      throws Exception {
    long[] n = {0};
    await(
        () -> {
          n[0] = Postgres.count(url, table);
          return n[0] >= rows;
        },
        p,
        "waiting for " + rows + " rows in " + table);
    return n[0];
  }

  private static void await(BooleanSupplier condition, ConsumeProcess.Started p, String what)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!condition.getAsBoolean()) {
      if (!p.process().isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(what + ": the consumer ended or took too long\n" + p.outputText());
      }
      Thread.sleep(20);
    }
  }
}
