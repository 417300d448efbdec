package dev.pep.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One contender's measured runs in figures: medians and spread of the valid runs, latency
 * percentiles as the median over the runs of each run's percentile (max: the largest), the largest
 * peak heap. NaN where no valid run measured a figure.
 */
public record ContenderSummary(
    Contender contender,
    int validRuns,
    int runs,
    double medianRecordsPerSecond,
    double minRecordsPerSecond,
    double maxRecordsPerSecond,
    double medianMegabytesPerSecond,
    Latency latency,
    double medianBytesOnDisk,
    double medianCompressionRatio,
    long peakHeapBytes) {

  static ContenderSummary of(Contender c, List<RunResult> measured) {
    List<RunResult> valid = measured.stream().filter(RunResult::valid).toList();
    List<RunResult> timed = valid.stream().filter(r -> r.latency().measured()).toList();
    Latency latency =
        timed.isEmpty()
            ? Latency.NONE
            : new Latency(
                median(timed, r -> r.latency().p50()),
                median(timed, r -> r.latency().p95()),
                median(timed, r -> r.latency().p99()),
                timed.stream().mapToDouble(r -> r.latency().max()).max().orElse(Double.NaN),
                timed.stream().mapToLong(r -> r.latency().samples()).sum());
    return new ContenderSummary(
        c,
        valid.size(),
        measured.size(),
        median(valid, RunResult::recordsPerSecond),
        valid.stream().mapToDouble(RunResult::recordsPerSecond).min().orElse(Double.NaN),
        valid.stream().mapToDouble(RunResult::recordsPerSecond).max().orElse(Double.NaN),
        median(valid, RunResult::megabytesPerSecond),
        latency,
        median(valid, r -> r.bytesOnDisk()),
        median(valid, RunResult::compressionRatio),
        valid.stream().mapToLong(RunResult::peakHeapBytes).max().orElse(-1));
  }

  /** The median of {@code f} over {@code runs}: the middle value, or the mean of the two middle. */
  static double median(List<RunResult> runs, ToDoubleFunction<RunResult> f) {
    double[] v = runs.stream().mapToDouble(f).toArray();
    return median(v);
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int mid = v.length / 2;
    return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  }

  /** This contender's median records/s over {@code other}'s; NaN when either has none. */
  public double ratioTo(ContenderSummary other) {
    return medianRecordsPerSecond / other.medianRecordsPerSecond;
  }
}
