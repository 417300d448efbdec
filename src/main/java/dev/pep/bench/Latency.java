package dev.pep.bench;

/**
 * Send-to-acknowledgement latency percentiles of one run, in milliseconds.
 *
 * @param samples how many sends were timed; 0 when the tool reports none ({@link #NONE})
 */
public record Latency(double p50, double p95, double p99, double max, long samples) {
  /** No latency measured (kcat). */
  static final Latency NONE = new Latency(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);

  boolean measured() {
    return samples > 0;
  }
}
