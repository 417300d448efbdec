package dev.pep.cli;

import dev.pep.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code -P KEY=VALUE}: a property of the Kafka producers a command makes. */
final class ProducerPropertyOption implements SettingFlags {
  @Option(
      names = "-P",
      paramLabel = "KEY=VALUE",
      description = "A Kafka producer property, e.g. -P linger.ms=20 (kafka.producer.KEY).")
  Map<String, String> producerProperties = new LinkedHashMap<>();

  @Override
  public void addTo(Map<String, String> flags) {
    producerProperties.forEach((k, v) -> flags.put(Settings.PRODUCER_PREFIX + k, v));
  }
}
