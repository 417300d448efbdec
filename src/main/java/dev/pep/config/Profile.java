package dev.pep.config;

import java.util.Map;

/**
 * A named set of producer settings. Explicit {@code kafka.producer.*} properties override a
 * profile's values; idempotence and {@code acks=all} are on in every profile.
 */
public enum Profile {
  /**
   * The seed's first producer in spirit: one synchronous send per record with the client's default
   * batching. (The seed also slept per message; that only measured the sleep, so it is left out.)
   */
  BASELINE(Sends.SYNCHRONOUS, Map.of()),
  /** The seed's tuned producer: asynchronous sends and its batching and compression settings. */
  OPTIMIZED(
      Sends.ASYNCHRONOUS,
      Map.of(
          "batch.size", "32768",
          "linger.ms", "10",
          "compression.type", "lz4",
          "buffer.memory", "16777216",
          "max.in.flight.requests.per.connection", "5")),
  /**
   * Our fastest settings for this workload, found with {@code pep bench} (tuning log in
   * docs/benchmarks/bench.md): still one idempotent producer per file, {@code acks=all}.
   */
  FAST(
      Sends.ASYNCHRONOUS,
      Map.of(
          "batch.size", "131072",
          "linger.ms", "20",
          "compression.type", "lz4",
          "buffer.memory", "16777216",
          "max.in.flight.requests.per.connection", "5"));

  /** How a profile sends: waiting for each acknowledgement, or with many sends in flight. */
  public enum Sends {
    /** Each send waits for its acknowledgement before the next row is read. */
    SYNCHRONOUS,
    /** Sends return at once; acknowledgements arrive in callbacks. */
    ASYNCHRONOUS
  }

  private final Sends sends;
  private final Map<String, String> producerProperties;

  Profile(Sends sends, Map<String, String> producerProperties) {
    this.sends = sends;
    this.producerProperties = producerProperties;
  }

  /** How this profile sends. */
  public Sends sends() {
    return sends;
  }

  /** True when each send waits for its acknowledgement before the next row is read. */
  public boolean synchronous() {
    return sends == Sends.SYNCHRONOUS;
  }

  /** The producer properties this profile sets (before user overrides). */
  public Map<String, String> producerProperties() {
    return producerProperties;
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
