package dev.pep.bench;

/**
 * What a tool reported for one run, before the bench checks the topic.
 *
 * @param sent records sent and acknowledged
 * @param seconds the tool's measured time
 * @param peakHeapBytes -1 when not measured
 * @param failure why the tool's run failed, or null
 */
record Measured(long sent, double seconds, Latency latency, long peakHeapBytes, String failure) {
  static Measured failed(String failure) {
    return new Measured(0, 0, Latency.NONE, -1, failure);
  }
}
