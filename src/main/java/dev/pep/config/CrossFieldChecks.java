package dev.pep.config;

/**
 * Every check that involves two settings, in one place (as Kafka's {@code ProducerConfig} keeps its
 * own): each throws {@link ConfigException} whose message names both keys. Checks of one value
 * alone are the settings' parsers ({@link Settings}).
 */
final class CrossFieldChecks {
  private CrossFieldChecks() {}

  /** The producing side's checks, on typed values. */
  static void pipeline(String bootstrapServers, KafkaProperties kafka) {
    String protocol = securityProtocol(kafka);
    if (bootstrapServers.isBlank() && protocol != null) {
      throw new ConfigException(
          "kafka.security.protocol="
              + protocol
              + " needs a cluster that offers it: set "
              + Settings.BOOTSTRAP_SERVERS.name()
              + " (the embedded broker pep starts without it listens on PLAINTEXT only).");
    }
  }

  /** The consuming side's checks, on typed values. */
  static void sink(SinkType sink, String dbUrl, String eventsTable, String offsetsTable) {
    if (sink == SinkType.POSTGRES && dbUrl.isBlank()) {
      throw new ConfigException(
          Settings.SINK.name()
              + "=postgres needs "
              + Settings.DB_URL.name()
              + " (or --db-url), e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    }
    if (eventsTable.equals(offsetsTable)) {
      throw new ConfigException(
          Settings.EVENTS_TABLE.name()
              + " and "
              + Settings.OFFSETS_TABLE.name()
              + " must differ, both are '"
              + eventsTable
              + "'");
    }
  }

  /** A security protocol other than PLAINTEXT that some client is to use, or null. */
  private static String securityProtocol(KafkaProperties kafka) {
    for (KafkaProperties.Kind kind : KafkaProperties.Kind.values()) {
      String p = kafka.get(kind, "security.protocol");
      if (p != null && !p.trim().equalsIgnoreCase("PLAINTEXT")) {
        return p.trim();
      }
    }
    return null;
  }
}
