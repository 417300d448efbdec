package dev.pep.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.Fixtures;
import dev.pep.broker.EmbeddedBroker;
import dev.pep.consumer.ConsumeProcess;
import dev.pep.consumer.Postgres;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak benchmark, not part of the default run: {@code -Dpep.soak=true} (and {@code
 * -Dpep.soak.loops=N}, default 5) loops produce → consume of the full UCI file against one embedded
 * broker and one PostgreSQL database, a fresh topic and table each loop, checks the {@link Oracle}
 * after each loop, and reports the throughput of both stages and the broker's heap (this JVM hosts
 * it) after each loop, on stdout and in {@code target/soak.csv}.
 */
@EnabledIfSystemProperty(named = "pep.soak", matches = "true")
class SoakIT {
  private static final String FULL = "online-retail/Online Retail.csv";

  @TempDir Path tmp;

  @Test
  void loopsOfTheFullFileKeepEveryEventExactlyOnce() throws Exception {
    int loops = Integer.getInteger("pep.soak.loops", 5);
    Path csv = Fixtures.sharedData(FULL);
    Set<String> expected = Oracle.expectedIds(csv);
    String url = Postgres.requireUrl();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    List<String> rows = new ArrayList<>();
    rows.add("loop,produce_events_per_s,consume_events_per_s,loop_seconds,broker_heap_mb");
    try (EmbeddedBroker broker = EmbeddedBroker.start(tmp.resolve("kafka"), 0)) {
      for (int loop = 1; loop <= loops; loop++) {
        long start = System.nanoTime();
        String topic = "soak-" + loop;
        String table = Postgres.freshTables("soak");
        ProduceProcess.Started produced =
            new ProduceProcess(tmp, broker.bootstrapServers(), topic, csv).start("produce-" + loop);
        assertThat(produced.await(300)).as(produced.outputText()).isZero();
        ConsumeProcess.Started consumed =
            new ConsumeProcess(broker.bootstrapServers(), topic, "soak", tmp)
                .postgres(url, table)
                .untilIdle("3")
                .start("consume-" + loop);
        assertThat(consumed.process().waitFor()).as(consumed.outputText()).isZero();
        try (Connection c = DriverManager.getConnection(url)) {
          Oracle.assertExactlyOnce(
              "soak loop " + loop,
              new Oracle.Run(
                  broker.bootstrapServers(), topic, "soak", c, table, table + "_offsets"),
              expected);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.gc();
        long heapMb = memory.getHeapMemoryUsage().getUsed() >> 20;
        rows.add(
            String.format(
                Locale.ROOT,
                "%d,%d,%d,%.1f,%d",
                loop,
                produced.summary("rate"),
                consumed.summary("rate"),
                seconds,
                heapMb));
        System.out.println("soak " + rows.get(rows.size() - 1));
      }
    }
    Files.write(Path.of("target/soak.csv"), rows);
  }
}
