package dev.pep.cli;

import dev.pep.config.ConfigLoader;
import dev.pep.config.KafkaProperties;
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
      description = "Producer profile: baseline, optimized or fast (PEP_PROFILE).")
  String profile;

  @Option(
      names = "--separator",
      paramLabel = "SEP",
      description = "Field separator: ',', ';', tab, '|' or auto (CSV_SEPARATOR).")
  String separator;

  @Option(
      names = "--encoding",
      paramLabel = "CHARSET",
      description = "Encoding of the CSV file, e.g. UTF-8, ISO-8859-1, or auto (CSV_ENCODING).")
  String encoding;

  @Option(
      names = "--date-format",
      paramLabel = "PATTERN",
      description =
          "java.time pattern of InvoiceDate, e.g. 'dd/MM/yyyy HH:mm', or auto"
              + " (CSV_DATE_FORMAT).")
  String dateFormat;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      description = "Time zone of InvoiceDate, e.g. Europe/London (PEP_ZONE).")
  String zone;

  @Option(
      names = "--columns",
      paramLabel = "COLUMN=HEADER,...",
      description =
          "Header names of columns pep does not know, e.g. InvoiceNo=Invoice (CSV_COLUMNS).")
  String columns;

  @Option(
      names = "--on-bad-row",
      paramLabel = "POLICY",
      description =
          "reject (write to the rejects file, go on) or fail (stop, exit 1)" + " (PEP_ON_BAD_ROW).")
  String onBadRow;

  @Option(
      names = "--max-rejects",
      paramLabel = "N|P%",
      description =
          "Stop with exit 1 after more rejects than N, or than P%% of the rows read"
              + " (PEP_MAX_REJECTS).")
  String maxRejects;

  @Option(
      names = "-P",
      paramLabel = "KEY=VALUE",
      description = "A Kafka producer property, e.g. -P linger.ms=20 (kafka.producer.KEY).")
  Map<String, String> producerProperties = new LinkedHashMap<>();

  @Option(
      names = "-X",
      paramLabel = "KEY=VALUE",
      description =
          "A Kafka property for every client (producer, consumer, admin), e.g. -X"
              + " security.protocol=SASL_SSL (kafka.KEY). Put secrets in a --config file.")
  Map<String, String> clientProperties = new LinkedHashMap<>();

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
    put(flags, Settings.CSV_SEPARATOR.name(), separator);
    put(flags, Settings.CSV_ENCODING.name(), encoding);
    put(flags, Settings.CSV_DATE_FORMAT.name(), dateFormat);
    put(flags, Settings.ZONE.name(), zone);
    put(flags, Settings.CSV_COLUMNS.name(), columns);
    put(flags, Settings.ON_BAD_ROW.name(), onBadRow);
    put(flags, Settings.MAX_REJECTS.name(), maxRejects);
    clientProperties.forEach((k, v) -> flags.put(KafkaProperties.PREFIX + k, v));
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
