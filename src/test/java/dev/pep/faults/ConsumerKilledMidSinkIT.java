package dev.pep.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.consumer.ConsumeProcess;
import dev.pep.consumer.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, item 4: a {@code pep consume} process is killed ({@code destroyForcibly}, SIGKILL)
 * several times in the middle of writing into each database sink, and rerun each time; the oracle
 * then holds exactly. Proof that each kill bit: the group's stored offsets after the kill are short
 * of the topic's end (the process died mid-load), and for PostgreSQL the server showed the
 * consumer's connection inside a transaction at the moment of the kill.
 *
 * <p>Both consumers write in 1,000-record transactions (polls of at most 1,000 records), and the
 * PostgreSQL one also commits slowly (a deferred trigger sleeps 20 ms per partition written): at
 * full speed a consumer stores the rest of the load in one or two 50,000-record steps, faster than
 * the test can see the progress and land its kill (seen for PostgreSQL in one of four runs, for
 * DuckDB once its sink appended straight into the table).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ConsumerKilledMidSinkIT {
  private static final int ROWS = 150_000;

  @TempDir static Path tmp;
  private static FaultLoad load;
  private static long total;

  @BeforeAll
  static void produceTheLoad() throws Exception {
    ConsumeProcess.jar();
    load = FaultLoad.start(tmp, ROWS, "kill-load");
    total =
        Oracle.endOffsets(load.bootstrap(), load.topic, true).values().stream()
            .mapToLong(Long::longValue)
            .sum();
  }

  @AfterAll
  static void stopBroker() {
    if (load != null) {
      load.close();
    }
  }

  private static int kills() {
    return FaultLoad.LONG ? 8 : 3;
  }

  @Test
  void postgresHoldsEveryEventOnceAfterTheConsumerIsKilledInsideItsTransactions() throws Exception {
    String url = Postgres.requireUrl();
    String table = Postgres.freshTables("fault_kill");
    String app = "pep-" + table;
    String group = "g-kill-pg";
    Postgres.createTablesWithSlowCommits(tmp, url, table, 0.02);
    ConsumeProcess consume =
        load.consume(group).inSmallBatches().postgres(PgBackends.urlFor(url, app), table);
    List<String> kills = new ArrayList<>();
    try (PgBackends pg = new PgBackends(url, app)) {
      long before = 0;
      for (int k = 0; k < kills(); k++) {
        // A seeded point in the rest of the first 70% of the load: a kill must land with
        // transactions left to write, after the one it interrupts.
        long threshold = before + (total * 7 / 10 - before) * load.between(10, 60) / 100;
        ConsumeProcess.Started p = consume.start("pg-" + k);
        PgBackends.Backend victim = null;
        while (victim == null && p.process().isAlive()) {
          if (pg.progress(table + "_offsets", group) >= threshold) {
            victim =
                pg.list().stream().filter(PgBackends.Backend::writing).findFirst().orElse(null);
          }
          if (victim == null) {
            Thread.sleep(5);
          }
        }
        p.process().destroyForcibly().waitFor();
        long after = pg.progress(table + "_offsets", group);
        kills.add(victim + " at " + after + "/" + total);
        // Proof that the fault bit: killed inside a transaction, with the load unfinished.
        assertThat(victim)
            .as("%s: kill %d found the consumer in a transaction", load.context(), k)
            .isNotNull();
        assertThat(after)
            .as("%s: progress after kill %d", load.context(), k)
            .isGreaterThanOrEqualTo(before)
            .isLessThan(total);
        before = after;
      }
    }
    ConsumeProcess.Started last = consume.start("pg-last");
    assertThat(last.process().waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(last.process().exitValue()).as(last.outputText()).isZero();
    // The rerun resumed from the stored offsets, not from the beginning.
    assertThat(last.summary("events_read")).isLessThan(load.expected.size());

    String context = load.context() + ", kills " + kills;
    System.out.println("postgres: " + context);
    try (Connection c = DriverManager.getConnection(url)) {
      Oracle.assertExactlyOnce(
          context,
          new Oracle.Run(load.bootstrap(), load.topic, group, c, table, table + "_offsets"),
          load.expected);
    }
  }

  @Test
  void duckDbHoldsEveryEventOnceAfterTheConsumerIsKilledWhileWriting() throws Exception {
    Path file = tmp.resolve("kill.duckdb");
    Path wal = tmp.resolve("kill.duckdb.wal");
    String table = "purchase_events";
    String group = "g-kill-duckdb";
    ConsumeProcess consume = load.consume(group).inSmallBatches().duckdb(file, table);
    List<Long> progress = new ArrayList<>();
    long before = 0;
    for (int k = 0; k < kills(); k++) {
      ConsumeProcess.Started p = consume.start("duckdb-" + k);
      // DuckDB locks its file, so the process is watched from outside: once it consumes (its
      // log says so) and has written (the file or its write-ahead log grew), it is killed a
      // seeded moment (under 50 ms) later, so that each process stores at most a batch or two.
      while (p.process().isAlive() && p.logLines("resuming from the sink's offsets") == 0) {
        Thread.sleep(5);
      }
      long size = size(file) + size(wal);
      while (p.process().isAlive() && size(file) + size(wal) <= size) {
        Thread.sleep(5);
      }
      Thread.sleep(load.between(0, 50));
      p.process().destroyForcibly().waitFor();
      long after = storedProgress(file, group);
      progress.add(after);
      // Proof that the fault bit: the process died with the load unfinished.
      assertThat(after)
          .as("%s: progress after kill %d of %d", load.context(), k, total)
          .isGreaterThanOrEqualTo(before)
          .isLessThan(total);
      before = after;
    }
    assertThat(before).as("%s: the killed processes stored something", load.context()).isPositive();
    ConsumeProcess.Started last = consume.start("duckdb-last");
    assertThat(last.process().waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(last.process().exitValue()).as(last.outputText()).isZero();

    String context = load.context() + ", progress after each kill " + progress + " of " + total;
    System.out.println("duckdb: " + context);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file)) {
      Oracle.assertExactlyOnce(
          context,
          new Oracle.Run(load.bootstrap(), load.topic, group, c, table, table + "_offsets"),
          load.expected);
    }
  }

  private static long size(Path p) throws java.io.IOException {
    return Files.exists(p) ? Files.size(p) : 0;
  }

  private static long storedProgress(Path duckdb, String group) throws Exception {
    if (!Files.exists(duckdb)) {
      return 0;
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + duckdb)) {
      return Long.parseLong(
          Postgres.scalar(
              c,
              "SELECT coalesce(sum(next_offset), 0) FROM purchase_events_offsets"
                  + " WHERE consumer_group = '"
                  + group
                  + "'"));
    } catch (java.sql.SQLException e) {
      return 0; // killed before its tables were made
    }
  }
}
