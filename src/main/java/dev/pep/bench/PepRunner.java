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
   * Produces {@code workload} to {@code topic} with {@code contender}'s profile. The time is the
   * produce phase of the summary (first row handed to the producer to the last acknowledgement).
   */
  static Measured run(PipelineConfig base, Contender contender, Workload workload, String topic) {
    PipelineConfig config =
        base.withCsvFile(workload.csv()).withTopic(topic).withProfile(contender.profile());
    LatencySamples latencies = new LatencySamples((int) Math.min(workload.events(), 1 << 24));
    resetPeakHeap();
    ProduceSummary s =
        new CsvProducer(config, config.partitions(), workload.layout())
            .observeSends(latencies)
            .run(ProduceProgress.Listener.NONE, () -> false);
    String failure =
        s.failure() != null
            ? s.failure()
            : s.acknowledged() != s.sent()
                ? s.sent() - s.acknowledged() + " sends unacknowledged"
                : null;
    return new Measured(s.acknowledged(), s.seconds(), latencies.latency(), peakHeap(), failure);
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
