package dev.pep.bench;

import dev.pep.config.PepException;
import dev.pep.config.PipelineConfig;
import dev.pep.config.Profile;
import dev.pep.kafka.KafkaClients;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link BenchPlan}'s matrix against one broker: every contender unmeasured in the warm-up
 * rounds (the JIT of the bench's JVM, and the embedded broker's, reach their steady state), then
 * {@code runs} measured rounds, each run on a fresh topic that is checked (end offsets = rows to
 * send, bytes on disk) and deleted afterwards. Within a round the order of the contenders
 * alternates (forwards, then backwards), so a slow spell of a shared machine does not always hit
 * the same one. Blocks the calling thread.
 */
public final class Bench {
  /** Told of each run as it happens, for progress lines. */
  public interface Listener {
    void finished(RunResult result);

    Listener NONE = r -> {};
  }

  private static final Logger log = LoggerFactory.getLogger(Bench.class);

  private final BenchPlan plan;

  public Bench(BenchPlan plan) {
    this.plan = plan;
  }

  /**
   * Runs the matrix. Stops early, with the runs so far, when {@code stop} says so; a run that fails
   * is recorded as invalid and the bench goes on.
   */
  public BenchResults run(Listener listener, BooleanSupplier stop) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    PipelineConfig config = plan.config();
    Workload main =
        Workload.prepare(
            config.csvFile(), plan.rows(), config.csv(), plan.workDir().resolve("input"));
    long baselineRows =
        plan.rows() > 0 ? Math.min(plan.rows(), plan.baselineRows()) : plan.baselineRows();
    Workload baseline =
        plan.profiles().contains(Profile.BASELINE) && baselineRows < main.events()
            ? Workload.prepare(
                config.csvFile(),
                baselineRows,
                config.csv(),
                plan.workDir().resolve("baseline-input"))
            : main;
    List<Contender> contenders = new ArrayList<>();
    for (Profile p : plan.profiles()) {
      contenders.add(
          new Contender(Tool.PEP, p, (p == Profile.BASELINE ? baseline : main).events()));
    }
    for (Profile p : plan.peerProfiles()) {
      contenders.add(new Contender(Tool.PERF_TOOL, p, main.events()));
      if (plan.kcat() != null) {
        contenders.add(new Contender(Tool.KCAT, p, main.events()));
      }
    }
    String kcatVersion = plan.kcat() == null ? null : Peers.kcatVersion(plan.kcat());
    Machine machine = Machine.current(config.bootstrapServers(), kcatVersion);
    Peers peers =
        new Peers(config, plan.perfJvmOptions(), plan.kcat(), plan.logDir(), plan.warmups() + 1);
    List<RunResult> results = new ArrayList<>();
    String nonce = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    try (TopicStats topics = new TopicStats(KafkaClients.of(config), config.partitions())) {
      rounds:
      for (int round = 1; round <= plan.warmups() + plan.runs(); round++) {
        int run = Math.max(0, round - plan.warmups()); // 0: a warm-up
        List<Contender> order = new ArrayList<>(contenders);
        if (round % 2 == 1) {
          java.util.Collections.reverse(order);
        }
        for (Contender c : order) {
          if (stop.getAsBoolean()) {
            break rounds;
          }
          Workload w = c.tool() == Tool.PEP && c.profile() == Profile.BASELINE ? baseline : main;
          String name = c.name().replace('/', '-') + (run == 0 ? "-w" + round : "-r" + run);
          RunResult r = measure(c, run, w, "bench-" + nonce + "-" + name, name, topics, peers);
          log.info("Bench run {}: {}", run, r);
          results.add(r);
          listener.finished(r);
        }
      }
    }
    return new BenchResults(
        started,
        (System.nanoTime() - t0) / 1e9,
        config.csvFile().getFileName().toString(),
        main.events(),
        main.rejected(),
        baseline.events(),
        main.meanPayloadBytes(),
        plan.warmups(),
        plan.runs(),
        config.partitions(),
        machine,
        contenders,
        results);
  }

  private RunResult measure(
      Contender c,
      int run,
      Workload w,
      String topic,
      String runName,
      TopicStats topics,
      Peers peers) {
    topics.create(topic);
    Measured m;
    try {
      m =
          switch (c.tool()) {
            case PEP -> PepRunner.run(plan.config(), c, w, topic);
            case PERF_TOOL -> peers.perfTool(c, w, topic, runName);
            case KCAT -> peers.kcat(c, w, topic, runName);
          };
    } catch (PepException e) {
      m = Measured.failed(e.getMessage());
    }
    long records = topics.records(topic);
    // The perf tool's topic holds its warm-up passes too: report the size of one pass.
    int passes = c.tool() == Tool.PERF_TOOL ? peers.perfToolPasses() : 1;
    long bytes = topics.bytesOnDisk(topic) / passes;
    topics.delete(topic);
    long expected = passes * c.rows();
    String failure = m.failure();
    if (failure == null && records != expected) {
      failure =
          String.format(
              Locale.ROOT, "the topic holds %,d records, expected %,d", records, expected);
    }
    // Peers pick lines at random (the perf tool) or send them as they are: same mean size.
    long payload = Math.round(w.meanPayloadBytes() * m.sent());
    return new RunResult(
        c,
        run,
        m.sent(),
        m.seconds(),
        records,
        payload,
        bytes,
        m.latency(),
        m.peakHeapBytes(),
        failure);
  }
}
