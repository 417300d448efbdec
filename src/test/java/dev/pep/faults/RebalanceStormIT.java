package dev.pep.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.consumer.ConsumeProcess;
import dev.pep.consumer.Postgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, item 5: three {@code pep consume} processes in one group write one load into PostgreSQL;
 * one is paused (SIGSTOP) in the middle of a write for longer than {@code max.poll.interval.ms} and
 * the session timeout, so the group gives its partitions to the others, and then resumed (SIGCONT);
 * then members are stopped (SIGTERM or SIGKILL) and started again at seeded moments. The oracle
 * then holds exactly.
 *
 * <p>Proof that the fault bit: the paused member was inside a transaction when stopped, the group
 * rebalanced while it slept (the coordinator, asked before the member resumes, lists the two others
 * only, owning every partition; the member's own log may not say so, e.g. when it wakes inside a
 * rebalance and revokes rather than loses its partitions), and a write that came too late was
 * refused by the offset compare-and-set (a member's log says "another consumer wrote it").
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RebalanceStormIT {
  // The load arrives in parts while the members come and go: this many rows at first and before
  // each storm round, three times as many before each pause (twice in the long setting).
  private static final int ROWS = 30_000;
  private static final int MAX_POLL_INTERVAL_MS = 8_000;
  private static final String STALE = "another consumer wrote it";

  @TempDir static Path tmp;
  private static FaultLoad load;

  @BeforeAll
  static void produceTheLoad() throws Exception {
    ConsumeProcess.jar();
    load = FaultLoad.start(tmp, ROWS, "storm-load");
  }

  @AfterAll
  static void stopBroker() {
    if (load != null) {
      load.close();
    }
  }

  @Test
  void threeConsumersStartedStoppedAndPausedStoreEveryEventOnce() throws Exception {
    String url = Postgres.requireUrl();
    String table = Postgres.freshTables("fault_storm");
    String group = "g-storm";
    String offsets = table + "_offsets";
    List<ConsumeProcess.Started> all = new ArrayList<>();
    ConsumeProcess[] members = new ConsumeProcess[3];
    ConsumeProcess.Started[] running = new ConsumeProcess.Started[3];
    PgBackends[] backends = new PgBackends[3];
    List<String> events = new ArrayList<>();
    try {
      for (int m = 0; m < 3; m++) {
        String app = "pep-" + table + "-m" + m;
        backends[m] = new PgBackends(url, app);
        members[m] =
            load.consume(group)
                .postgres(PgBackends.urlFor(url, app), table)
                .setting("PEP_MAX_POLL_INTERVAL_MS", Integer.toString(MAX_POLL_INTERVAL_MS))
                .untilIdle("30");
        running[m] = members[m].start("m" + m + "-0");
        all.add(running[m]);
      }
      PgBackends progress = backends[0];
      for (ConsumeProcess.Started member : running) {
        awaitConsuming(member);
      }
      // The storm: a member, once it consumes, is stopped (SIGTERM) or killed (SIGKILL) a
      // seeded moment later and started again.
      int rounds = FaultLoad.LONG ? 12 : 4;
      int stormsDuringLoad = 0;
      int from = ROWS;
      for (int r = 0; r < rounds; r++) {
        // More of the load arrives, then a member goes.
        load.produceMore(from, ROWS);
        from += ROWS;
        int m = load.between(0, 3);
        awaitConsuming(running[m]);
        // Within 300 ms: the members write a part of 30,000 rows in well under a second, and the
        // proof below needs rounds that land while records are left.
        Thread.sleep(load.between(0, 300));
        boolean kill = load.random.nextBoolean();
        Process p = running[m].process();
        if (kill) {
          p.destroyForcibly();
        } else {
          p.destroy();
        }
        p.waitFor(30, TimeUnit.SECONDS);
        long at = progress.progress(offsets, group);
        long end = endSum();
        events.add((kill ? "killed m" : "stopped m") + m + " at " + at + "/" + end);
        if (at < end) {
          stormsDuringLoad++;
        }
        running[m] = members[m].start("m" + m + "-" + (r + 1));
        all.add(running[m]);
      }
      assertThat(stormsDuringLoad)
          .as("%s: storm rounds with records left to write %s", load.context(), events)
          .isPositive();

      // The pause: a member caught inside a write (its records not yet stored) sleeps past both
      // timeouts; the member that takes over its partition meets the paused one's row lock, and
      // whichever commits second is refused by the compare-and-set.
      int pauses = FaultLoad.LONG ? 2 : 1;
      for (int i = 0; i < pauses; i++) {
        // Every member in the group first, then the part: a member restarted by the storm would
        // otherwise join after the others had written the whole part.
        for (ConsumeProcess.Started member : running) {
          awaitConsuming(member);
        }
        // (The long setting's 12 storm rounds leave room in the file for 2 parts of 2 * ROWS.)
        int part = FaultLoad.LONG ? 2 * ROWS : 3 * ROWS;
        load.produceMore(from, part);
        from += part;
        int m = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (m < 0 && System.nanoTime() < deadline) {
          int candidate = load.between(0, 3);
          if (backends[candidate].list().stream().anyMatch(PgBackends.Backend::writing)) {
            // Stopped, and still inside the write: a write that committed between the look and
            // the signal leaves nothing to refuse, so that member is woken and another is caught.
            signal("STOP", running[candidate].process().pid());
            Thread.sleep(200);
            if (backends[candidate].list().stream().anyMatch(PgBackends.Backend::writing)) {
              m = candidate;
            } else {
              signal("CONT", running[candidate].process().pid());
            }
          }
        }
        assertThat(m).as("%s: a member was caught inside a write", load.context()).isNotNegative();
        ConsumeProcess.Started paused = running[m];
        long at = progress.progress(offsets, group);
        long end = endSum();
        Thread.sleep(MAX_POLL_INTERVAL_MS + 4_000);
        // Proof that the pause bit, seen from the group while the member still sleeps: the group
        // holds only the two others, and they own every partition.
        String group2 = groupWhilePaused(group);
        signal("CONT", paused.process().pid());
        events.add("paused m" + m + " at " + at + "/" + end);
        assertThat(at).as("%s: paused during the load", load.context()).isLessThan(end);
        assertThat(group2)
            .as("%s: the group while m%d slept (members, partitions owned)", load.context(), m)
            .isEqualTo("2 members, 3 partitions");
      }

      long total = endSum();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
      while (progress.progress(offsets, group) < total && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
    } finally {
      for (ConsumeProcess.Started s : all) {
        s.process().destroy();
      }
      for (ConsumeProcess.Started s : all) {
        if (!s.process().waitFor(30, TimeUnit.SECONDS)) {
          s.process().destroyForcibly();
        }
      }
      for (PgBackends b : backends) {
        if (b != null) {
          b.close();
        }
      }
    }
    long refused = 0;
    for (ConsumeProcess.Started s : all) {
      long n = s.logLines(STALE);
      refused += n;
      if (n > 0) {
        events.add(s.log().getParent().getFileName() + " refused " + n);
      }
    }
    String context = load.context() + ", " + events + ", stale writes refused " + refused;
    System.out.println(context);
    // Proof that the fault bit: a write that came too late was refused by the compare-and-set.
    assertThat(refused).as(context).isPositive();
    try (Connection c = DriverManager.getConnection(url)) {
      Oracle.assertExactlyOnce(
          context,
          new Oracle.Run(load.bootstrap(), load.topic, group, c, table, offsets),
          load.expected);
    }
  }

  /** Waits (at most 60 s) until the member has partitions and reads from the sink's offsets. */
  private static void awaitConsuming(ConsumeProcess.Started member) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (member.process().isAlive()
        && member.logLines("resuming from the sink's offsets") == 0
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  /** The records now in the topic (the sum of its end offsets). */
  private static long endSum() {
    return Oracle.endOffsets(load.bootstrap(), load.topic, true).values().stream()
        .mapToLong(Long::longValue)
        .sum();
  }

  private static void signal(String name, long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor()).as("kill -%s %d", name, pid).isZero();
  }

  /**
   * The group seen from the coordinator, as "N members, P partitions" owned by them, once it has
   * settled with two members (or after 20 s).
   */
  private static String groupWhilePaused(String group) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", load.bootstrap()))) {
      String seen = "";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      do {
        ConsumerGroupDescription d =
            admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        long partitions =
            d.members().stream()
                .flatMap(member -> member.assignment().topicPartitions().stream())
                .distinct()
                .count();
        seen = d.members().size() + " members, " + partitions + " partitions";
        if (d.members().size() == 2 && partitions == 3) {
          return seen;
        }
        Thread.sleep(200);
      } while (System.nanoTime() < deadline);
      return seen;
    }
  }
}
