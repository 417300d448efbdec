package dev.pep.cli;

import dev.pep.config.KafkaProperties;
import dev.pep.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The cluster a command talks to, and the Kafka properties of every client it makes. */
final class ClusterOptions implements SettingFlags {
  @Option(
      names = {"--bootstrap-servers", "--bootstrap"},
      paramLabel = "HOST:PORT",
      description =
          "Kafka cluster to use; empty starts the embedded broker (KAFKA_BOOTSTRAP_SERVERS).")
  String bootstrapServers;

  @Option(
      names = "-X",
      paramLabel = "KEY=VALUE",
      description =
          "A Kafka property for every client (producer, consumer, admin), e.g. -X"
              + " security.protocol=SASL_SSL (kafka.KEY). Put secrets in a --config file.")
  Map<String, String> clientProperties = new LinkedHashMap<>();

  @Override
  public void addTo(Map<String, String> flags) {
    SettingFlags.put(flags, Settings.BOOTSTRAP_SERVERS.name(), bootstrapServers);
    clientProperties.forEach((k, v) -> flags.put(KafkaProperties.PREFIX + k, v));
  }
}
