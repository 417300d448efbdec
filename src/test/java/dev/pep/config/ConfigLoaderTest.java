package dev.pep.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path properties(String... lines) throws IOException {
    Path file = dir.resolve("pep.properties");
    Files.write(file, java.util.List.of(lines), StandardCharsets.UTF_8);
    return file;
  }

  private void dotEnv(String... lines) throws IOException {
    Files.write(dir.resolve(".env"), java.util.List.of(lines), StandardCharsets.UTF_8);
  }

  private ResolvedConfig load(Path configFile, Map<String, String> env, Map<String, String> flags) {
    return ConfigLoader.load(new ConfigLoader.Sources(configFile, dir, env, flags));
  }

  @Test
  void withoutAnySourceEverySettingIsItsDefault() {
    ResolvedConfig r = load(null, Map.of(), Map.of());

    assertThat(r.values()).hasSize(Settings.ALL.size());
    for (Setting<?> s : Settings.ALL) {
      assertThat(r.values().get(s.name()))
          .isEqualTo(new ResolvedConfig.Value(s.defaultValue(), "default"));
    }
    PipelineConfig c = r.toPipelineConfig();
    assertThat(c.topic()).isEqualTo("purchase-events");
    assertThat(c.partitions()).isEqualTo(3);
    assertThat(c.embeddedBroker()).isTrue();
    assertThat(c.csvFileIsDefault()).isTrue();
    assertThat(c.csv()).isEqualTo(CsvOptions.detect(java.time.ZoneId.of("Europe/London")));
    assertThat(c.onBadRow()).isEqualTo(OnBadRow.REJECT);
    assertThat(c.maxRejects()).isEqualTo(RejectLimit.NONE);
    assertThat(c.profile()).isEqualTo(Profile.OPTIMIZED);
    assertThat(c.keyField()).isEqualTo(KeyField.INVOICE_NO);
    assertThat(c.brokerPort()).isEqualTo(9092);
    assertThat(c.kafkaProperties().producer()).isEmpty();
  }

  @Test
  void eachLayerWinsOverTheOnesBelowIt() throws IOException {
    Path file =
        properties(
            "KAFKA_TOPIC=from-file",
            "KAFKA_PARTITIONS=4",
            "PEP_PROFILE=baseline",
            "PEP_KEY_FIELD=stock_code");
    dotEnv("KAFKA_TOPIC=from-dotenv", "KAFKA_PARTITIONS=5", "PEP_PROFILE=optimized");
    Map<String, String> env =
        Map.of("KAFKA_TOPIC", "from-env", "KAFKA_PARTITIONS", "6", "PATH", "/usr/bin");
    Map<String, String> flags = Map.of("KAFKA_TOPIC", "from-flag");

    ResolvedConfig r = load(file, env, flags);

    Map<String, ResolvedConfig.Value> v = r.values();
    assertThat(v.get("KAFKA_TOPIC")).isEqualTo(new ResolvedConfig.Value("from-flag", "flag"));
    assertThat(v.get("KAFKA_PARTITIONS")).isEqualTo(new ResolvedConfig.Value("6", "environment"));
    assertThat(v.get("PEP_PROFILE")).isEqualTo(new ResolvedConfig.Value("optimized", ".env"));
    assertThat(v.get("PEP_KEY_FIELD"))
        .isEqualTo(new ResolvedConfig.Value("stock_code", file.toString()));
    assertThat(v.get("CSV_ENCODING")).isEqualTo(new ResolvedConfig.Value("auto", "default"));
    // Environment variables that are not settings are not taken in.
    assertThat(v).doesNotContainKey("PATH").hasSize(Settings.ALL.size());

    PipelineConfig c = r.toPipelineConfig();
    assertThat(c.topic()).isEqualTo("from-flag");
    assertThat(c.partitions()).isEqualTo(6);
    assertThat(c.profile()).isEqualTo(Profile.OPTIMIZED);
    assertThat(c.keyField()).isEqualTo(KeyField.STOCK_CODE);
  }

  @Test
  void environmentCarriesOnlyNamedSettingsNotProducerProperties() {
    ResolvedConfig r = load(null, Map.of("kafka.producer.linger.ms", "99"), Map.of());

    assertThat(r.values()).doesNotContainKey("kafka.producer.linger.ms");
    assertThat(r.toPipelineConfig().kafkaProperties().producer()).isEmpty();
  }

  @Test
  void producerPropertiesFromEveryLayerReachTheOverridesWithTheHighestWinning() throws IOException {
    Path file = properties("kafka.producer.linger.ms=20", "kafka.producer.batch.size=1000");
    dotEnv("kafka.producer.linger.ms=30");

    ResolvedConfig r = load(file, Map.of(), Map.of("kafka.producer.compression.type", "zstd"));

    assertThat(r.values().get("kafka.producer.linger.ms"))
        .isEqualTo(new ResolvedConfig.Value("30", ".env"));
    assertThat(r.toPipelineConfig().kafkaProperties().producer())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("linger.ms", "30", "batch.size", "1000", "compression.type", "zstd"));
  }

  @Test
  void aCsvPathGivenByTheUserIsNotTheDefault() {
    PipelineConfig c =
        load(null, Map.of(), Map.of("CSV_FILE_PATH", "data/Online Retail.csv")).toPipelineConfig();

    // Same text as the default, but the user chose it: no fallback to the bundled sample.
    assertThat(c.csvFileIsDefault()).isFalse();
    assertThat(c.csvFile()).isEqualTo(Path.of("data/Online Retail.csv"));
  }

  @Test
  void aNonNumericPartitionCountIsReportedWithTheStandardMessage() {
    ResolvedConfig r = load(null, Map.of("KAFKA_PARTITIONS", "abc"), Map.of());

    assertThatThrownBy(r::toPipelineConfig)
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid value 'abc' for configuration KAFKA_PARTITIONS: expected a whole number"
                + " from 1 to 10000");
  }

  @Test
  void outOfRangeAndMistypedValuesNameTheSettingAndWhatWasExpected() {
    assertThatThrownBy(
            () -> load(null, Map.of(), Map.of("KAFKA_PARTITIONS", "0")).toPipelineConfig())
        .hasMessage(
            "Invalid value '0' for configuration KAFKA_PARTITIONS: expected a whole number"
                + " from 1 to 10000");
    assertThatThrownBy(
            () -> load(null, Map.of(), Map.of("PEP_BROKER_PORT", "65536")).toPipelineConfig())
        .hasMessage(
            "Invalid value '65536' for configuration PEP_BROKER_PORT: expected a whole number"
                + " from 0 to 65535");
    assertThatThrownBy(
            () -> load(null, Map.of(), Map.of("PEP_PROFILE", "turbo")).toPipelineConfig())
        .hasMessage(
            "Invalid value 'turbo' for configuration PEP_PROFILE: expected one of baseline,"
                + " optimized, fast");
    assertThatThrownBy(
            () -> load(null, Map.of(), Map.of("PEP_KEY_FIELD", "country")).toPipelineConfig())
        .hasMessage(
            "Invalid value 'country' for configuration PEP_KEY_FIELD: expected one of invoice_no,"
                + " stock_code, customer_id, none");
    assertThatThrownBy(() -> load(null, Map.of(), Map.of("KAFKA_TOPIC", "a b")).toPipelineConfig())
        .hasMessage(
            "Invalid value 'a b' for configuration KAFKA_TOPIC: a topic name is 1 to 249"
                + " characters of a-z, A-Z, 0-9, '.', '_' and '-'");
    assertThatThrownBy(
            () ->
                load(null, Map.of(), Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost"))
                    .toPipelineConfig())
        .hasMessage(
            "Invalid value 'localhost' for configuration KAFKA_BOOTSTRAP_SERVERS: expected"
                + " host:port[,host:port...]");
    assertThatThrownBy(
            () -> load(null, Map.of(), Map.of("CSV_ENCODING", "latin-42")).toPipelineConfig())
        .hasMessage(
            "Invalid value 'latin-42' for configuration CSV_ENCODING: not a character encoding"
                + " this JVM knows");
  }

  @Test
  void enumValuesAcceptAnyCaseAndDashes() {
    PipelineConfig c =
        load(null, Map.of(), Map.of("PEP_PROFILE", "BASELINE", "PEP_KEY_FIELD", "customer-id"))
            .toPipelineConfig();

    assertThat(c.profile()).isEqualTo(Profile.BASELINE);
    assertThat(c.keyField()).isEqualTo(KeyField.CUSTOMER_ID);
  }

  @Test
  void anUnknownKeyInThePropertiesFileIsAnError() throws IOException {
    Path file = properties("KAFKA_TOPICS=orders");

    assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Unknown configuration KAFKA_TOPICS ("
                + file
                + "). Did you mean KAFKA_TOPIC? `pep config --reference` lists every setting.");
  }

  @Test
  void anUnknownKeyInDotEnvIsIgnored() throws IOException {
    // .env files are shared with other tools (docker compose, scripts): their keys are not ours.
    dotEnv("POSTGRES_PASSWORD=x", "KAFKA_TOPIC=from-dotenv");

    ResolvedConfig r = load(null, Map.of(), Map.of());

    assertThat(r.values()).doesNotContainKey("POSTGRES_PASSWORD").hasSize(Settings.ALL.size());
    assertThat(r.values().get("KAFKA_TOPIC"))
        .isEqualTo(new ResolvedConfig.Value("from-dotenv", ".env"));
  }

  @Test
  void anUnknownProducerPropertyIsAnErrorNamingIt() throws IOException {
    Path file = properties("kafka.producer.lingr.ms=5");

    assertThatThrownBy(() -> load(file, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Unknown Kafka producer property 'lingr.ms' ("
                + file
                + ": kafka.producer.lingr.ms). Did you mean linger.ms?");
    assertThatThrownBy(() -> load(null, Map.of(), Map.of("kafka.producer.lingr.ms", "5")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Unknown Kafka producer property 'lingr.ms' (flag: kafka.producer.lingr.ms). Did you"
                + " mean linger.ms?");
  }

  @Test
  void aMissingConfigFileIsNamed() {
    Path missing = dir.resolve("nope.properties");

    assertThatThrownBy(() -> load(missing, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Configuration file not found: " + missing);
  }

  @Test
  void aBadDotEnvLineStopsTheLoadNamingFileAndLine() throws IOException {
    dotEnv("# settings", "KAFKA_TOPIC=t", "oops");

    assertThatThrownBy(() -> load(null, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(dir.resolve(".env") + " line 3: expected KEY=value, found 'oops'");
  }

  @Test
  void secretsAreShownHidden() throws IOException {
    Path file =
        properties(
            "kafka.producer.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                + " required username=\"u\" password=\"topsecret\";",
            "kafka.producer.ssl.keystore.password=storepass",
            "kafka.producer.ssl.key.password=keypass",
            "kafka.producer.linger.ms=7");

    ResolvedConfig r = load(file, Map.of(), Map.of());

    Map<String, ResolvedConfig.Value> v = r.values();
    assertThat(display(v, "kafka.producer.sasl.jaas.config")).isEqualTo("[hidden]");
    assertThat(display(v, "kafka.producer.ssl.keystore.password")).isEqualTo("[hidden]");
    assertThat(display(v, "kafka.producer.ssl.key.password")).isEqualTo("[hidden]");
    assertThat(display(v, "kafka.producer.linger.ms")).isEqualTo("7");
    assertThat(display(v, "KAFKA_TOPIC")).isEqualTo("purchase-events");
    // An empty secret is shown as empty: there is nothing to hide, and the person sees it is unset.
    assertThat(ResolvedConfig.display("kafka.producer.ssl.truststore.password", "")).isEmpty();
  }

  @Test
  void everyKafkaPasswordPropertyIsShownHidden() {
    java.util.List<String> passwords =
        org.apache.kafka.clients.producer.ProducerConfig.configDef().configKeys().values().stream()
            .filter(k -> k.type == org.apache.kafka.common.config.ConfigDef.Type.PASSWORD)
            .map(k -> k.name)
            .toList();

    assertThat(passwords).contains("sasl.jaas.config", "ssl.keystore.password");
    for (String name : passwords) {
      assertThat(ResolvedConfig.display(Settings.PRODUCER_PREFIX + name, "s3cret"))
          .as(name)
          .isEqualTo("[hidden]");
    }
  }

  @Test
  void tableNamesFromConfigurationMustBeIdentifiers() throws IOException {
    Path file = properties("PEP_OFFSETS_TABLE=pep_offsets; DROP TABLE purchase_events");
    ResolvedConfig r = load(file, Map.of(), Map.of());

    assertThatThrownBy(r::toSinkConfig)
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid value 'pep_offsets; DROP TABLE purchase_events' for configuration"
                + " PEP_OFFSETS_TABLE: a table name is 1 to 63 of a-z, 0-9 and '_', not starting"
                + " with a digit");
    assertThatThrownBy(
            () ->
                new SinkConfig(
                    SinkType.DUCKDB,
                    "g",
                    "",
                    null,
                    Path.of("e.duckdb"),
                    Path.of("-"),
                    "events\"x",
                    "offsets",
                    45_000,
                    300_000))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Invalid value 'events\"x' for configuration PEP_EVENTS_TABLE");
  }

  @Test
  void aTopicNameFromConfigurationMustBeAKafkaTopicName() {
    ResolvedConfig r = load(null, Map.of("KAFKA_TOPIC", "events'; --"), Map.of());

    assertThatThrownBy(r::toPipelineConfig)
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid value 'events'; --' for configuration KAFKA_TOPIC: a topic name is 1 to 249"
                + " characters of a-z, A-Z, 0-9, '.', '_' and '-'");
  }

  private static String display(Map<String, ResolvedConfig.Value> v, String key) {
    return ResolvedConfig.display(key, v.get(key).raw());
  }

  @Test
  void aPasswordInAJdbcUrlIsHiddenWhenShown() {
    assertThat(
            ResolvedConfig.display(
                "PEP_DB_URL", "jdbc:postgresql://h:5432/db?user=u&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://h:5432/db?user=u&password=[hidden]&ssl=true");
  }

  @Test
  void thePostgresSinkWithoutAUrlIsAnErrorNamingBothSettings() {
    ResolvedConfig r = load(null, Map.of(), Map.of("PEP_SINK", "postgres"));

    assertThatThrownBy(r::toSinkConfig)
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "PEP_SINK=postgres needs PEP_DB_URL (or --db-url), e.g."
                + " jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    // The producing side does not need the sink's settings.
    assertThat(r.toPipelineConfig().topic()).isEqualTo("purchase-events");
  }

  @Test
  void oneTableForEventsAndOffsetsIsAnErrorNamingBothSettings() {
    ResolvedConfig r =
        load(null, Map.of("PEP_EVENTS_TABLE", "t", "PEP_OFFSETS_TABLE", "t"), Map.of());

    assertThatThrownBy(r::toSinkConfig)
        .isInstanceOf(ConfigException.class)
        .hasMessage("PEP_EVENTS_TABLE and PEP_OFFSETS_TABLE must differ, both are 't'");
  }

  @Test
  void eachWithMethodChangesOneValueAndKeepsTheRest() {
    PipelineConfig c =
        load(
                null,
                Map.of(),
                Map.of(
                    "KAFKA_TOPIC", "orders",
                    "PEP_PROFILE", "fast",
                    "PEP_ON_BAD_ROW", "fail",
                    "PEP_COMMIT_INTERVAL_MS", "250"))
            .toPipelineConfig();

    PipelineConfig d =
        c.withBootstrapServers("h:9")
            .withTopic("other")
            .withCsvFile(Path.of("x.csv"))
            .withProfile(Profile.BASELINE);

    assertThat(d.bootstrapServers()).isEqualTo("h:9");
    assertThat(d.topic()).isEqualTo("other");
    assertThat(d.csvFile()).isEqualTo(Path.of("x.csv"));
    assertThat(d.csvFileIsDefault()).as("a file chosen in code is not the default").isFalse();
    assertThat(d.profile()).isEqualTo(Profile.BASELINE);
    assertThat(c.topic()).isEqualTo("orders");
    assertThat(c.profile()).isEqualTo(Profile.FAST);
    assertThat(c.csvFileIsDefault()).isTrue();
    // What no with-method touched is carried over.
    assertThat(d.partitions()).isEqualTo(c.partitions());
    assertThat(d.stateDir()).isEqualTo(c.stateDir());
    assertThat(d.csv()).isEqualTo(c.csv());
    assertThat(d.rejectsFile()).isEqualTo(c.rejectsFile());
    assertThat(d.onBadRow()).isEqualTo(OnBadRow.FAIL);
    assertThat(d.maxRejects()).isEqualTo(c.maxRejects());
    assertThat(d.keyField()).isEqualTo(c.keyField());
    assertThat(d.commitIntervalMs()).isEqualTo(250);
    assertThat(d.kafkaProperties()).isEqualTo(c.kafkaProperties());
  }
}
