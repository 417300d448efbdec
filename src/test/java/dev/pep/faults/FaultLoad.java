package dev.pep.faults;

import dev.pep.Fixtures;
import dev.pep.broker.BrokerRestart;
import dev.pep.broker.EmbeddedBroker;
import dev.pep.consumer.ConsumeProcess;
import dev.pep.producer.TestProduce;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * The load of a consumer fault test: an embedded broker, a slice of the UCI file produced into a
 * topic, the event ids the oracle expects, and a seeded {@link Random} for the fault points.
 *
 * <p>{@code -Dpep.faults.long=true} uses the whole file (and the tests do more faults); {@code
 * -Dpep.faults.seed=N} replays a run whose failure message printed seed N.
 */
final class FaultLoad implements AutoCloseable {
  static final boolean LONG = Boolean.getBoolean("pep.faults.long");
  static final String FULL = "online-retail/Online Retail.csv";

  static final int SESSION_TIMEOUT_MS = 6_000;

  private EmbeddedBroker broker;
  final Path dir;
  final Path csv;
  final String topic;
  final Set<String> expected;
  final long seed;
  final Random random;

  private FaultLoad(EmbeddedBroker broker, Path dir, Path csv, String topic, Set<String> expected) {
    this.broker = broker;
    this.dir = dir;
    this.csv = csv;
    this.topic = topic;
    this.expected = expected;
    this.seed = Long.getLong("pep.faults.seed", new Random().nextLong());
    this.random = new Random(seed);
  }

  /**
   * Starts a broker in {@code dir} and produces the first {@code rows} data rows of the UCI file
   * (all of them under {@code pep.faults.long}) into {@code topic}.
   */
  static FaultLoad start(Path dir, int rows, String topic) throws IOException {
    Path full = Fixtures.sharedData(FULL);
    Path csv =
        LONG
            ? full
            : Fixtures.slice(full, 0, rows, dir.resolve("online-retail-first-" + rows + ".csv"));
    EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("kafka"), 0);
    try {
      TestProduce.file(dir, broker.bootstrapServers(), csv, topic);
      return new FaultLoad(broker, dir, csv, topic, new HashSet<>(Oracle.expectedIds(csv)));
    } catch (RuntimeException | IOException e) {
      broker.close();
      throw e;
    }
  }

  /**
   * Produces data rows {@code from} to {@code from + rows} of the UCI file, as a file of their own,
   * into the topic, and adds their ids to {@link #expected}. Safe from another thread; read {@code
   * expected} after that thread has ended.
   */
  synchronized void produceMore(int from, int rows) throws IOException {
    Path part =
        Fixtures.slice(
            Fixtures.sharedData(FULL),
            from,
            rows,
            dir.resolve("online-retail-rows-" + from + "-" + (from + rows) + ".csv"));
    TestProduce.file(dir, bootstrap(), part, topic);
    expected.addAll(Oracle.expectedIds(part));
  }

  String bootstrap() {
    return broker.bootstrapServers();
  }

  /**
   * A {@code pep consume} of this load's topic in {@code group}. A member killed without leaving
   * the group holds its partitions until the session timeout ends, so the broker's minimum (6 s)
   * keeps a restart quick.
   */
  ConsumeProcess consume(String group) {
    return new ConsumeProcess(bootstrap(), topic, group, dir)
        .setting("PEP_SESSION_TIMEOUT_MS", Integer.toString(SESSION_TIMEOUT_MS));
  }

  /** Stops the broker and starts it again on the same data directory and port. */
  void bounceBroker() {
    broker = BrokerRestart.restart(broker);
  }

  /** What a failure message starts with: how to replay this run. */
  String context() {
    return "seed " + seed + ", rerun with -Dpep.faults.seed=" + seed;
  }

  /** A whole number from {@code min} (inclusive) to {@code max} (exclusive), from the seed. */
  int between(int min, int max) {
    return min + random.nextInt(max - min);
  }

  @Override
  public void close() {
    broker.close();
  }
}
