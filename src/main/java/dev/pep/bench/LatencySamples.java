package dev.pep.bench;

import dev.pep.producer.SendObserver;
import java.util.Arrays;

/**
 * Every acknowledged send's latency of one run, in whole microseconds, in a growing primitive array
 * (4 bytes a record: 2 MB for the full UCI file; no boxing, no allocation per record but the
 * array's doublings). One writer at a time (the producer's network thread); read it once the run
 * has returned.
 */
final class LatencySamples implements SendObserver {
  private int[] micros;
  private int count;
  private long firstSent = Long.MAX_VALUE;
  private long lastAcked = Long.MIN_VALUE;

  LatencySamples(int expected) {
    micros = new int[Math.max(16, expected)];
  }

  @Override
  public void acknowledged(long sentNanos, long ackedNanos) {
    firstSent = Math.min(firstSent, sentNanos);
    lastAcked = Math.max(lastAcked, ackedNanos);
    long latencyNanos = ackedNanos - sentNanos;
    if (count == micros.length) {
      micros = Arrays.copyOf(micros, micros.length * 2);
    }
    micros[count++] = (int) Math.min(Integer.MAX_VALUE, latencyNanos / 1_000);
  }

  int count() {
    return count;
  }

  /**
   * Seconds from the first send to the last acknowledgement: the sending phase, as the perf tool
   * times it (without opening the file, creating the producer and reading the checkpoint).
   */
  double sendSeconds() {
    return count == 0 ? 0 : (lastAcked - firstSent) / 1e9;
  }

  /** The percentiles of the samples so far; {@link Latency#NONE} when there are none. */
  Latency latency() {
    if (count == 0) {
      return Latency.NONE;
    }
    int[] sorted = Arrays.copyOf(micros, count);
    Arrays.sort(sorted);
    return new Latency(
        millis(sorted, 0.50),
        millis(sorted, 0.95),
        millis(sorted, 0.99),
        sorted[count - 1] / 1000.0,
        count);
  }

  private static double millis(int[] sorted, double p) {
    return sorted[nearestRank(sorted.length, p)] / 1000.0;
  }

  /**
   * Index of the {@code p} percentile in {@code n} ascending samples, by the nearest-rank method:
   * the smallest sample with at least {@code p} of all samples at or below it.
   */
  static int nearestRank(int n, double p) {
    if (n <= 0 || !(p > 0 && p <= 1)) {
      throw new IllegalArgumentException("nearest rank of p=" + p + " in " + n + " samples");
    }
    // The epsilon keeps 0.95 * 100 at rank 95, whatever the double rounding.
    return Math.max(0, (int) Math.ceil(p * n - 1e-9) - 1);
  }
}
