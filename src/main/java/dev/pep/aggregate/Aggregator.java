package dev.pep.aggregate;

import dev.pep.config.PepException;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pep aggregate}: the {@link AggregateTopology} run by Kafka Streams with {@code
 * processing.guarantee=exactly_once_v2}, until stopped. Processes with the same application id
 * share the events topic's partitions; a process that dies hands its tasks to the others, which
 * restore its state from the changelogs and go on from its last committed transaction. The state
 * stores are in memory and the state directory is a temporary one of this process: nothing on local
 * disk needs to survive. Not thread-safe: one thread starts, waits and closes.
 */
public final class Aggregator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Aggregator.class);

  private final KafkaStreams streams;
  private final Path stateDir;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  /** The output topic of each aggregate, in {@link Aggregate} order. */
  private final List<String> outputs;

  private final KafkaClients kafka;
  private final String applicationId;

  private Aggregator(
      KafkaStreams streams,
      Path stateDir,
      List<String> outputs,
      KafkaClients kafka,
      String applicationId) {
    this.kafka = kafka;
    this.applicationId = applicationId;
    this.streams = streams;
    this.stateDir = stateDir;
    this.outputs = outputs;
  }

  /**
   * Makes sure the events topic and the compacted output topics exist (as many partitions as the
   * events topic), then starts the streams application.
   *
   * @param partitions the events topic's partitions when it has to be created
   * @throws PepException the cluster is unreachable or refuses, naming it
   */
  public static Aggregator start(
      KafkaClients kafka, String eventsTopic, int partitions, String applicationId) {
    int n = Topics.ensure(kafka, eventsTopic, partitions);
    List<String> outputs = Stream.of(Aggregate.values()).map(a -> a.topic(eventsTopic)).toList();
    for (String topic : outputs) {
      Topics.ensure(
          kafka,
          topic,
          n,
          Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }
    Path stateDir;
    try {
      stateDir = Files.createTempDirectory("pep-aggregate-");
    } catch (IOException e) {
      throw new PepException("Cannot create a state directory for Kafka Streams: " + e, e);
    }
    KafkaStreams streams =
        new KafkaStreams(
            AggregateTopology.build(eventsTopic), properties(kafka, applicationId, stateDir));
    Aggregator a = new Aggregator(streams, stateDir, outputs, kafka, applicationId);
    streams.setUncaughtExceptionHandler(
        e -> {
          a.failure.compareAndSet(null, e);
          log.error("Kafka Streams stopped on an error", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams.setStateListener(
        (now, before) -> log.info("Kafka Streams state {} -> {}", before, now));
    streams.start();
    return a;
  }

  /**
   * The streams configuration: exactly once, and the user's client properties ({@code kafka.*},
   * {@code kafka.consumer.*}, …) for the clients Kafka Streams makes.
   */
  static Properties properties(KafkaClients kafka, String applicationId, Path stateDir) {
    Properties p = new Properties();
    kafka.producer(Map.of()).forEach((k, v) -> p.put(StreamsConfig.producerPrefix(k), v));
    kafka.consumer(Map.of()).forEach((k, v) -> p.put(StreamsConfig.consumerPrefix(k), v));
    kafka.admin(Map.of()).forEach((k, v) -> p.put(StreamsConfig.adminClientPrefix(k), v));
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // commit.interval.ms stays at the exactly-once default (100 ms): once a second measured no
    // faster on a loaded machine (docs/benchmarks/aggregate.md, run B).
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return p;
  }

  /** The output topics, one per {@link Aggregate}, in its order. */
  public List<String> outputs() {
    return outputs;
  }

  /**
   * Waits until {@code stop} says so or the application stops on its own (an error); polls every
   * 200 ms.
   *
   * @throws PepException the application stopped on an error, with its cause
   */
  public void runUntil(BooleanSupplier stop) {
    while (!stop.getAsBoolean()) {
      check();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Returns while the application runs (or starts, or rebalances).
   *
   * @throws PepException the application stopped on an error, with its cause
   */
  public void check() {
    KafkaStreams.State s = streams.state();
    if (s == KafkaStreams.State.ERROR
        || s == KafkaStreams.State.PENDING_ERROR
        || s == KafkaStreams.State.NOT_RUNNING) {
      Throwable t = failure.get();
      throw new PepException(
          "pep aggregate stopped: Kafka Streams is " + s + (t == null ? "" : ": " + t.getMessage()),
          t);
    }
  }

  /**
   * Waits until the application has committed every event of the events topic below {@code until}
   * (per partition), or {@code stop} says so; returns true when it has. Its output records are
   * committed in the same transactions as those offsets, so the output topics then hold the
   * aggregates of those events.
   *
   * @throws PepException the application stopped on an error
   */
  public boolean awaitInput(Map<TopicPartition, Long> until, BooleanSupplier stop) {
    try (Admin admin = Admin.create(kafka.admin(Map.of()))) {
      while (!stop.getAsBoolean()) {
        check();
        if (CaughtUp.of(kafka, admin, applicationId, until)) {
          return true;
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return false;
    }
  }

  /**
   * Closes the application (its last transaction committed), leaving its consumer group, and
   * deletes the state directory. Kafka Streams stays in the group on close by default, for a
   * restart that comes straight back; then the next start of the same application id waited in its
   * rebalance until the old member's session timed out: 34 s of a 42 s {@code pep run --aggregate}
   * run again within a minute. Leaving hands the tasks over at once, to the next start or to
   * another process of the application.
   */
  @Override
  public void close() {
    streams.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(30)));
    try (Stream<Path> files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      log.warn("Cannot delete the state directory {}: {}", stateDir, e.toString());
    }
  }
}
