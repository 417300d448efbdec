package dev.pep.bench;

/**
 * One measured (or warm-up) run.
 *
 * @param run 0 for the warm-up, then 1, 2, ...
 * @param sent records the tool reported as sent and acknowledged
 * @param seconds the tool's measured time (see the report's method section)
 * @param recordsInTopic sum of the fresh topic's end offsets after the run
 * @param payloadBytes uncompressed value bytes sent (the JSON events)
 * @param bytesOnDisk size of the topic's log segments on the broker after the run (for the perf
 *     tool, which sends every row twice, half of it)
 * @param peakHeapBytes peak heap of the JVM during the run; -1 when not measured (another process)
 * @param failure why the run is not valid, or null
 */
public record RunResult(
    Contender contender,
    int run,
    long sent,
    double seconds,
    long recordsInTopic,
    long payloadBytes,
    long bytesOnDisk,
    Latency latency,
    long peakHeapBytes,
    String failure) {

  /**
   * Valid: every record reported sent, and no failure — the bench sets one when the topic does not
   * hold exactly the records the tool had to send.
   */
  public boolean valid() {
    return failure == null && sent == contender.rows();
  }

  public double recordsPerSecond() {
    return seconds > 0 ? sent / seconds : 0;
  }

  /** Value bytes per second in MB (2^20 bytes, as ProducerPerformance counts them). */
  public double megabytesPerSecond() {
    return seconds > 0 ? payloadBytes / seconds / (1024.0 * 1024.0) : 0;
  }

  /** Uncompressed value bytes per byte stored; 0 when nothing was stored. */
  public double compressionRatio() {
    return bytesOnDisk > 0 ? (double) payloadBytes / bytesOnDisk : 0;
  }
}
