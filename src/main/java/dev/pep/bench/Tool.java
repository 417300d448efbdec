package dev.pep.bench;

/** What sends the records in one measured run. */
public enum Tool {
  /** pep's own producer ({@code CsvProducer}, as {@code pep produce}), in the bench's JVM. */
  PEP("pep"),
  /** Kafka's {@code ProducerPerformance} (kafka-tools), in a JVM of its own. */
  PERF_TOOL("perf-tool"),
  /** kcat (librdkafka), a process of its own. */
  KCAT("kcat");

  private final String label;

  Tool(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
