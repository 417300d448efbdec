package dev.pep.bench;

import dev.pep.config.PipelineConfig;
import dev.pep.producer.CsvProducer;
import dev.pep.producer.ProduceProgress;
import dev.pep.producer.ProduceSummary;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Runs one of our profiles in this JVM through {@link CsvProducer}, the code path of {@code pep
 * produce}, with every send timed from just before {@code send} to its callback.
 */
final class PepRunner {
  private PepRunner() {}

  /**
   * Produces {@code workload} to {@code topic} with {@code contender}'s profile, from its first row
   * ({@code RESTART}: the bench's topics are fresh, but a leftover checkpoint must not make a run
   * skip rows). The time is the sending phase: first send to last acknowledgement.
   */
  static Measured run(PipelineConfig base, Contender contender, Workload workload, String topic) {
    PipelineConfig config =
        base.withCsvFile(workload.csv()).withTopic(topic).withProfile(contender.profile());
    LatencySamples latencies = new LatencySamples((int) Math.min(workload.events(), 1 << 24));
    resetPeakHeap();
    ProduceSummary s =
        new CsvProducer(config, config.partitions(), workload.layout(), CsvProducer.Start.RESTART)
            .observeSends(latencies)
            .run(ProduceProgress.Listener.NONE, () -> false);
    String failure =
        s.failure() != null
            ? s.failure()
            : s.committed() != s.sent() ? s.sent() - s.committed() + " sends not committed" : null;
    return new Measured(
        s.committed(), latencies.sendSeconds(), latencies.latency(), peakHeap(), failure);
  }

  private static void resetPeakHeap() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** Sum of the heap pools' peaks since the reset: an upper bound of the heap in use at once. */
  private static long peakHeap() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return bytes;
  }
}
