package dev.pep.cli;

import dev.pep.config.ConfigLoader;
import dev.pep.config.PipelineConfig;
import dev.pep.config.ResolvedConfig;
import dev.pep.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every command that reads configuration shares. Flags are the highest-precedence
 * source; each maps to one named setting.
 */
final class ConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file with settings (names as in `pep config`).")
  Path configFile;

  @Option(
      names = "--file",
      paramLabel = "CSV",
      description = "CSV file to produce (CSV_FILE_PATH).")
  String file;

  @Option(
      names = {"--bootstrap-servers", "--bootstrap"},
      paramLabel = "HOST:PORT",
      description =
          "Kafka cluster to use; empty starts the embedded broker (KAFKA_BOOTSTRAP_SERVERS).")
  String bootstrapServers;

  @Option(names = "--topic", paramLabel = "NAME", description = "Topic (KAFKA_TOPIC).")
  String topic;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      description = "Partitions when the topic is created (KAFKA_PARTITIONS).")
  String partitions;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = "Producer profile: baseline or optimized (PEP_PROFILE).")
  String profile;

  @Option(
      names = "-P",
      paramLabel = "KEY=VALUE",
      description = "A Kafka producer property, e.g. -P linger.ms=20 (kafka.producer.KEY).")
  Map<String, String> producerProperties = new LinkedHashMap<>();

  /** The configuration as resolved from every source, before typing. */
  ResolvedConfig resolve() {
    return resolve(Map.of());
  }

  /** The same, with more flags (of another mixin) at flag precedence. */
  ResolvedConfig resolve(Map<String, String> moreFlags) {
    Map<String, String> flags = new LinkedHashMap<>(moreFlags);
    put(flags, Settings.CSV_FILE.name(), file);
    put(flags, Settings.BOOTSTRAP_SERVERS.name(), bootstrapServers);
    put(flags, Settings.TOPIC_NAME.name(), topic);
    put(flags, Settings.PARTITIONS.name(), partitions);
    put(flags, Settings.PROFILE.name(), profile);
    producerProperties.forEach((k, v) -> flags.put(Settings.PRODUCER_PREFIX + k, v));
    return ConfigLoader.load(
        new ConfigLoader.Sources(configFile, Path.of("").toAbsolutePath(), System.getenv(), flags));
  }

  /** The typed configuration; throws {@link dev.pep.config.ConfigException} on a bad value. */
  PipelineConfig load() {
    return resolve().toPipelineConfig();
  }

  static void put(Map<String, String> flags, String name, String value) {
    if (value != null) {
      flags.put(name, value);
    }
  }
}
