package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pep.Fixtures;
import dev.pep.broker.SaslBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client security end to end through the packaged jar: the embedded broker gets a SASL_PLAINTEXT
 * listener whose SCRAM credentials are written at format time, and {@code pep produce} and {@code
 * pep consume} reach it only with the right {@code kafka.sasl.*} settings. Every secret the test
 * sets (JAAS password, keystore, truststore and key passwords, database password) is then looked
 * for in every output: stdout, stderr, summaries, the log files, {@code pep config}.
 */
class SecurityIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String USER = "alice";
  private static final String PASSWORD = "Scram-pw-7f3a9c";
  private static final String WRONG_PASSWORD = "Wrong-pw-51e2d8";
  private static final String KEYSTORE_PASSWORD = "ks-secret-0a1b2c";
  private static final String TRUSTSTORE_PASSWORD = "ts-secret-3d4e5f";
  private static final String KEY_PASSWORD = "key-secret-6a7b8c";
  private static final String DB_PASSWORD = "db-secret-9d0e1f";
  private static final String URL_PASSWORD = "url-secret-2b3c4d";
  private static final List<String> SECRETS =
      List.of(
          PASSWORD,
          WRONG_PASSWORD,
          KEYSTORE_PASSWORD,
          TRUSTSTORE_PASSWORD,
          KEY_PASSWORD,
          DB_PASSWORD);

  @TempDir static Path brokerDir;
  private static SaslBroker broker;

  @TempDir Path tmp;
  @TempDir Path configDir;

  @BeforeAll
  static void startBroker() {
    broker = SaslBroker.start(brokerDir, Map.of(USER, PASSWORD));
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  /** A --config file with SASL settings and more secrets that must never be shown. */
  private Path config(String mechanism, String password) throws IOException {
    String module =
        mechanism.equals("PLAIN")
            ? "org.apache.kafka.common.security.plain.PlainLoginModule"
            : "org.apache.kafka.common.security.scram.ScramLoginModule";
    return Files.write(
        configDir.resolve("pep-" + mechanism + "-" + System.nanoTime() + ".properties"),
        List.of(
            "PEP_REJECTS_FILE=" + tmp.resolve("rejects.csv"),
            "PEP_DUCKDB_FILE=" + tmp.resolve("events.duckdb"),
            "PEP_DB_PASSWORD=" + DB_PASSWORD,
            "kafka.security.protocol=SASL_PLAINTEXT",
            "kafka.sasl.mechanism=" + mechanism,
            "kafka.sasl.jaas.config="
                + module
                + " required username=\""
                + USER
                + "\" password=\""
                + password
                + "\";",
            // Not used by SASL_PLAINTEXT, but set as a user with an SSL profile would have them.
            "kafka.ssl.keystore.password=" + KEYSTORE_PASSWORD,
            "kafka.ssl.truststore.password=" + TRUSTSTORE_PASSWORD,
            "kafka.ssl.key.password=" + KEY_PASSWORD,
            "kafka.admin.default.api.timeout.ms=10000"),
        StandardCharsets.UTF_8);
  }

  private PepProcess.Result pep(String... args) throws Exception {
    return PepProcess.run(tmp, Map.of(), 120, args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN"})
  void produceAndConsumeThroughTheSaslListenerWithTheRightCredentials(String mechanism)
      throws Exception {
    Path config = config(mechanism, PASSWORD);
    String topic = "sasl-" + mechanism.toLowerCase(java.util.Locale.ROOT);
    String sasl = broker.saslBootstrapServers();

    PepProcess.Result produced =
        pep(
            "produce",
            "--config",
            config.toString(),
            "--bootstrap",
            sasl,
            "--topic",
            topic,
            "--file",
            Fixtures.sample().toString(),
            "--summary-json",
            tmp.resolve("produce.json").toString());
    PepProcess.Result consumed =
        pep(
            "consume",
            "--config",
            config.toString(),
            "--bootstrap",
            sasl,
            "--topic",
            topic,
            "--until-idle",
            "2",
            "--summary-json",
            tmp.resolve("consume.json").toString());

    assertThat(produced.exitCode()).as(produced.toString()).isZero();
    assertThat(produced.out())
        .contains("Produced Online Retail sample.csv to " + topic + " (3 partitions");
    assertThat(json("produce.json").get("committed").asLong()).isEqualTo(1071);
    assertThat(consumed.exitCode()).as(consumed.toString()).isZero();
    assertThat(json("consume.json").get("written").asLong()).isEqualTo(1071);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + tmp.resolve("events.duckdb"));
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*), count(DISTINCT event_id) FROM purchase_events")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(1071);
      assertThat(rs.getLong(2)).isEqualTo(1071);
    }
    // The pass-through reached the clients: their logged configuration says SASL, password hidden.
    assertThat(tmp.resolve("logs/pep.log"))
        .content()
        .contains("security.protocol = SASL_PLAINTEXT", "sasl.mechanism = " + mechanism)
        .contains("sasl.jaas.config = [hidden]");
    assertNoSecretIn(tmp, produced, consumed, configOutput(config));
  }

  @Test
  void theSaslListenerRefusesClientsWithoutCredentials() throws Exception {
    Path config =
        Files.write(
            configDir.resolve("plain.properties"),
            List.of(
                "PEP_REJECTS_FILE=" + tmp.resolve("rejects.csv"),
                "kafka.admin.default.api.timeout.ms=5000"));

    PepProcess.Result r =
        pep(
            "produce",
            "--config",
            config.toString(),
            "--bootstrap",
            broker.saslBootstrapServers(),
            "--file",
            Fixtures.sample().toString());

    // Without SASL the client never gets an answer it understands: the listener is not open.
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines())
        .containsExactly(
            "Error: Cannot reach Kafka at "
                + broker.saslBootstrapServers()
                + " within 5 s: is the broker running and is the address right"
                + " (KAFKA_BOOTSTRAP_SERVERS)?");
  }

  @ParameterizedTest
  @ValueSource(strings = {"produce", "consume"})
  void aWrongPasswordStopsWithOneLineAndExitOneWithoutThePassword(String command) throws Exception {
    Path config = config("SCRAM-SHA-256", WRONG_PASSWORD);

    PepProcess.Result r =
        pep(
            command,
            "--config",
            config.toString(),
            "--bootstrap",
            broker.saslBootstrapServers(),
            "--topic",
            "sasl-refused",
            command.equals("consume") ? "--until-idle" : "--file",
            command.equals("consume") ? "1" : Fixtures.sample().toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines())
        .as(r.toString())
        .containsExactly(
            "Error: Kafka at "
                + broker.saslBootstrapServers()
                + " refused to authenticate pep: Authentication failed during authentication due"
                + " to invalid credentials with SASL mechanism SCRAM-SHA-256. Check the SASL/SSL"
                + " settings (kafka.sasl.*, kafka.ssl.*, kafka.security.protocol).");
    assertThat(r.out()).isEmpty();
    assertNoSecretIn(tmp, r, configOutput(config));
  }

  @Test
  void configShowsEverySecretHiddenAndAnErrorBesideThemShowsNone() throws Exception {
    Path config = config("SCRAM-SHA-512", PASSWORD);

    PepProcess.Result shown = pep("config", "--config", config.toString(), "--bootstrap", "h:9");
    PepProcess.Result wrong =
        pep(
            "config",
            "--config",
            config.toString(),
            "--bootstrap",
            "h:9",
            "-X",
            "sasl.mechansim=X");

    assertThat(shown.exitCode()).as(shown.toString()).isZero();
    for (String key :
        List.of(
            "kafka.sasl.jaas.config",
            "kafka.ssl.keystore.password",
            "kafka.ssl.truststore.password",
            "kafka.ssl.key.password",
            "PEP_DB_PASSWORD")) {
      assertThat(shown.out().lines())
          .anySatisfy(
              l -> assertThat(l).matches(key.replace(".", "\\.") + "\\s+\\[hidden\\]\\s+.*"));
    }
    assertThat(shown.out().lines())
        .anySatisfy(l -> assertThat(l).matches("kafka\\.sasl\\.mechanism\\s+SCRAM-SHA-512\\s+.*"));
    assertThat(wrong.exitCode()).isEqualTo(2);
    assertThat(wrong.err().lines())
        .containsExactly(
            "Error: Unknown Kafka client property 'sasl.mechansim' (flag: kafka.sasl.mechansim)."
                + " Did you mean sasl.mechanism?");
    assertNoSecretIn(tmp, shown, wrong);
  }

  @Test
  void aJaasConfigKafkaCannotParseIsReportedWithoutItsPassword() throws Exception {
    Path config =
        Files.write(
            configDir.resolve("bad-jaas.properties"),
            List.of(
                "PEP_REJECTS_FILE=" + tmp.resolve("rejects.csv"),
                "kafka.security.protocol=SASL_PLAINTEXT",
                "kafka.sasl.mechanism=SCRAM-SHA-256",
                // No closing semicolon.
                "kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule"
                    + " required username=\"alice\" password=\""
                    + PASSWORD
                    + "\""));

    PepProcess.Result r =
        pep(
            "produce",
            "--config",
            config.toString(),
            "--bootstrap",
            broker.saslBootstrapServers(),
            "--file",
            Fixtures.sample().toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines())
        .containsExactly(
            "Error: The Kafka client settings for "
                + broker.saslBootstrapServers()
                + " are not usable: JAAS config entry not terminated by semi-colon (check kafka.*"
                + " in the configuration, e.g. kafka.sasl.jaas.config).");
    assertNoSecretIn(tmp, r);
  }

  /**
   * The database passwords too: PEP_DB_PASSWORD and a password inside PEP_DB_URL reach the
   * PostgreSQL sink and show in no output, summary or log (the test server trusts local clients, so
   * any password is accepted; under CI=true a server must answer).
   */
  @Test
  void databasePasswordsAreInNoOutputOfAConsumeIntoPostgres() throws Exception {
    String base =
        System.getenv()
            .getOrDefault(
                "PEP_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    try (Connection c = DriverManager.getConnection(base)) {
      assertThat(c.isValid(5)).isTrue();
    } catch (java.sql.SQLException e) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("PostgreSQL at " + base + " does not answer (CI=true)", e);
      }
      org.junit.jupiter.api.Assumptions.assumeTrue(
          false, "Skipped: PostgreSQL at " + base + " does not answer: " + e.getMessage());
    }
    // A URL that brings its own password (CI's) keeps it; locally ours is added and looked for.
    String url = base.contains("password=") ? base : base + "&password=" + URL_PASSWORD;
    String table = "sec_" + Long.toString(System.nanoTime(), 36);
    Path config = config("SCRAM-SHA-256", PASSWORD);
    String topic = "sasl-postgres";
    PepProcess.Result produced =
        pep(
            "produce",
            "--config",
            config.toString(),
            "--bootstrap",
            broker.saslBootstrapServers(),
            "--topic",
            topic,
            "--file",
            Fixtures.sample().toString());

    PepProcess.Result consumed =
        PepProcess.run(
            tmp,
            Map.of("PEP_EVENTS_TABLE", table, "PEP_OFFSETS_TABLE", table + "_offsets"),
            120,
            "consume",
            "--config",
            config.toString(),
            "--bootstrap",
            broker.saslBootstrapServers(),
            "--topic",
            topic,
            "--sink",
            "postgres",
            "--db-url",
            url,
            "--until-idle",
            "2",
            "--summary-json",
            tmp.resolve("consume.json").toString());
    PepProcess.Result shown =
        PepProcess.run(
            tmp,
            Map.of("PEP_DB_URL", url),
            120,
            "config",
            "--config",
            config.toString(),
            "--bootstrap",
            "h:9");

    assertThat(produced.exitCode()).as(produced.toString()).isZero();
    assertThat(consumed.exitCode()).as(consumed.toString()).isZero();
    assertThat(json("consume.json").get("written").asLong()).isEqualTo(1071);
    assertThat(consumed.out()).contains("password=[hidden]");
    assertThat(shown.exitCode()).as(shown.toString()).isZero();
    assertThat(shown.out().lines())
        .anySatisfy(l -> assertThat(l).matches("PEP_DB_URL\\s+.*password=\\[hidden\\].*"))
        .anySatisfy(l -> assertThat(l).matches("PEP_DB_PASSWORD\\s+\\[hidden\\]\\s+.*"));
    assertNoSecretIn(tmp, produced, consumed, shown);
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table + ", " + table + "_offsets");
    }
  }

  private PepProcess.Result configOutput(Path config) throws Exception {
    PepProcess.Result r = pep("config", "--config", config.toString(), "--bootstrap", "h:9");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  private JsonNode json(String name) throws IOException {
    return JSON.readTree(tmp.resolve(name).toFile());
  }

  /**
   * No secret in any output the runs gave, nor in any file under the working directory (captured
   * stdout and stderr, summaries, logs/, rejects, the database file). The config files are apart.
   */
  private static void assertNoSecretIn(Path workDir, PepProcess.Result... results)
      throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(workDir)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).anySatisfy(f -> assertThat(f.toString()).endsWith("pep.log"));
    List<String> texts = new ArrayList<>();
    for (PepProcess.Result r : results) {
      texts.add(r.out());
      texts.add(r.err());
    }
    for (Path f : files) {
      texts.add(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
    }
    for (String secret : SECRETS) {
      for (int i = 0; i < texts.size(); i++) {
        assertThat(texts.get(i))
            .as(
                "a secret in "
                    + (i < 2 * results.length
                        ? "a command's output"
                        : files.get(i - 2 * results.length)))
            .doesNotContain(secret);
      }
    }
  }
}
