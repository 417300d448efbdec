package dev.pep.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Every setting's raw value and its source, before typing; see {@link #toPipelineConfig()}. */
public final class ResolvedConfig {
  /** A raw value and the source it came from ("default", a file, ".env", "environment", "flag"). */
  public record Value(String raw, String source) {}

  private final Map<String, Value> values;

  ResolvedConfig(Map<String, Value> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Named settings first, in table order, then pass-through Kafka properties in load order. */
  public Map<String, Value> values() {
    return values;
  }

  /** The value of {@code key} as it should be shown to a person: secrets masked. */
  public static String display(String key, String raw) {
    if (Settings.isSecret(key) && !raw.isEmpty()) {
      return Secrets.HIDDEN;
    }
    return Secrets.hideUrlPassword(raw);
  }

  private <T> T get(Setting<T> setting) {
    return setting.parse(values.get(setting.name()).raw());
  }

  /** The consuming side's settings; throws {@link ConfigException} naming the first bad one. */
  public SinkConfig toSinkConfig() {
    String password = get(Settings.DB_PASSWORD);
    String passwordFile = get(Settings.DB_PASSWORD_FILE);
    if (password.isEmpty() && !passwordFile.isEmpty()) {
      try {
        java.util.List<String> lines =
            java.nio.file.Files.readAllLines(
                Path.of(passwordFile), java.nio.charset.StandardCharsets.UTF_8);
        password = lines.isEmpty() ? "" : lines.get(0).strip();
      } catch (java.io.IOException e) {
        throw new ConfigException(
            "Cannot read PEP_DB_PASSWORD_FILE " + passwordFile + ": " + e.getMessage());
      }
    }
    return new SinkConfig(
        get(Settings.SINK),
        get(Settings.GROUP_ID),
        get(Settings.DB_URL),
        password.isEmpty() ? null : password,
        duckDbFile(),
        get(Settings.JSONL_PATH),
        get(Settings.EVENTS_TABLE),
        get(Settings.OFFSETS_TABLE),
        get(Settings.SESSION_TIMEOUT_MS),
        get(Settings.MAX_POLL_INTERVAL_MS),
        get(Settings.DB_WAIT_LIMIT_MS));
  }

  private Path duckDbFile() {
    Path file = get(Settings.DUCKDB_FILE);
    return file != null ? file : get(Settings.STATE_DIR).resolve("events.duckdb");
  }

  /** The settings of {@code pep watch}; throws {@link ConfigException} naming the first bad one. */
  public WatchConfig toWatchConfig() {
    return new WatchConfig(
        get(Settings.WATCH_PATTERN),
        java.time.Duration.ofMillis(get(Settings.WATCH_MIN_AGE_MS)),
        get(Settings.WATCH_PARALLEL),
        get(Settings.WATCH_DONE),
        java.time.Duration.ofMillis(get(Settings.WATCH_POLL_MS)));
  }

  /** Types and validates every value; throws {@link ConfigException} naming the first bad one. */
  /** The metrics endpoint's settings; throws {@link ConfigException} naming a bad one. */
  public MetricsConfig toMetricsConfig() {
    return new MetricsConfig(get(Settings.METRICS_PORT), get(Settings.METRICS_LINGER_SECONDS));
  }

  public PipelineConfig toPipelineConfig() {
    Map<String, String> raw = new TreeMap<>();
    values.forEach((k, v) -> raw.put(k, v.raw()));
    KafkaProperties kafka = KafkaProperties.of(raw);
    String bootstrap = get(Settings.BOOTSTRAP_SERVERS);
    CrossFieldChecks.pipeline(bootstrap, kafka);
    PipelineConfig.Cluster cluster =
        new PipelineConfig.Cluster(
            bootstrap,
            get(Settings.TOPIC_NAME),
            get(Settings.PARTITIONS),
            kafka,
            get(Settings.STATE_DIR),
            get(Settings.BROKER_PORT));
    PipelineConfig.Input input =
        new PipelineConfig.Input(
            get(Settings.CSV_FILE),
            "default".equals(values.get(Settings.CSV_FILE.name()).source()),
            new CsvOptions(
                get(Settings.CSV_SEPARATOR),
                get(Settings.CSV_ENCODING),
                get(Settings.CSV_DATE_FORMAT),
                get(Settings.ZONE),
                get(Settings.CSV_COLUMNS)),
            get(Settings.REJECTS_FILE),
            get(Settings.ON_BAD_ROW),
            get(Settings.MAX_REJECTS));
    PipelineConfig.Producing producing =
        new PipelineConfig.Producing(
            get(Settings.PROFILE),
            get(Settings.KEY_FIELD),
            get(Settings.COMMIT_INTERVAL_MS),
            get(Settings.EVENT_ID_HEADER));
    return new PipelineConfig(cluster, input, producing);
  }
}
