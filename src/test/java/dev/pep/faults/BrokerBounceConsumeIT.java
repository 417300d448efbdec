package dev.pep.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.consumer.ConsumeProcess;
import dev.pep.consumer.Postgres;
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
 * Issue 7, item 3 (the consuming half): the embedded broker is stopped and started again on the
 * same data directory and port while a {@code pep consume} process writes a load into PostgreSQL.
 * The consumer rides it out, or fails with a clear error and succeeds on rerun; the oracle then
 * holds exactly. The load comes in parts, one per bounce, each bounce a seeded moment after the
 * consumer began storing its part. Proof that the fault bit: each bounce came with records left to
 * write, and the consumer's log shows it could not reach the broker.
 *
 * <p>The consumer is slowed down so that each part takes seconds to write (polls of at most 1,000
 * records, and a deferred trigger that makes each commit sleep 50 ms per partition written): at
 * full speed it writes a part while the part is still being produced, and a bounce then finds
 * nothing left to write (seen once in CI).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class BrokerBounceConsumeIT {
  private static final int ROWS = 60_000; // per part: one part per bounce

  @TempDir static Path tmp;
  private static FaultLoad load;

  @BeforeAll
  static void produceTheLoad() throws Exception {
    ConsumeProcess.jar();
    load = FaultLoad.start(tmp, ROWS, "bounce-load");
  }

  @AfterAll
  static void stopBroker() {
    if (load != null) {
      load.close();
    }
  }

  @Test
  void theConsumerRidesOutBrokerRestartsAndStoresEveryEventOnce() throws Exception {
    String url = Postgres.requireUrl();
    String table = Postgres.freshTables("fault_bounce");
    String group = "g-bounce";
    String offsets = table + "_offsets";
    Postgres.createTablesWithSlowCommits(tmp, url, table, 0.05);
    // Idle for long enough to outlive a bounce and the next part's production.
    ConsumeProcess consume =
        load.consume(group).inSmallBatches().postgres(url, table).untilIdle("20");
    List<String> bounces = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    List<ConsumeProcess.Started> runs = new ArrayList<>();
    ConsumeProcess.Started p = consume.start("bounce-0");
    runs.add(p);
    try (PgBackends pg = new PgBackends(url, "none")) {
      int count = FaultLoad.LONG ? 5 : 2;
      long before = 0;
      for (int b = 0; b < count; b++) {
        if (b > 0) {
          load.produceMore(ROWS * b, ROWS);
        }
        // Once the consumer has stored part of this part, a seeded moment later, the bounce.
        while (pg.progress(offsets, group) <= before && p.process().isAlive()) {
          Thread.sleep(5);
        }
        Thread.sleep(load.between(0, 300));
        long at = pg.progress(offsets, group);
        long end = endSum();
        // Proof that the fault bit: the broker went away with records left to write.
        assertThat(at).as("%s: progress at bounce %d", load.context(), b).isLessThan(end);
        assertThat(p.process().isAlive())
            .as("%s: consumer alive at bounce %d", load.context(), b)
            .isTrue();
        load.bounceBroker();
        bounces.add(at + "/" + end);
        before = end;
      }
      for (int attempt = 1; ; attempt++) {
        assertThat(p.process().waitFor(180, TimeUnit.SECONDS)).isTrue();
        if (p.process().exitValue() == 0) {
          break;
        }
        // Failing is allowed if it says why; a rerun must then finish the job.
        String out = p.outputText();
        failures.add(
            out.lines()
                .filter(l -> l.startsWith("ERROR") || l.startsWith("pep:"))
                .toList()
                .toString());
        assertThat(attempt).as("%s: reruns; outputs %s", load.context(), failures).isLessThan(3);
        p = consume.start("bounce-rerun-" + attempt);
        runs.add(p);
      }
    }
    String context = load.context() + ", bounces at " + bounces + ", failures " + failures;
    System.out.println(context);
    long lost = 0;
    for (ConsumeProcess.Started r : runs) {
      lost += r.logLines("could not be established");
    }
    assertThat(lost).as("%s: the consumer's log shows it lost the broker", context).isPositive();
    try (Connection c = DriverManager.getConnection(url)) {
      Oracle.assertExactlyOnce(
          context,
          new Oracle.Run(load.bootstrap(), load.topic, group, c, table, offsets),
          load.expected);
    }
  }

  /** The records now in the topic (the sum of its end offsets). */
  private static long endSum() {
    return Oracle.endOffsets(load.bootstrap(), load.topic, true).values().stream()
        .mapToLong(Long::longValue)
        .sum();
  }
}
