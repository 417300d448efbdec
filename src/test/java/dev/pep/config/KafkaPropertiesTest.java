package dev.pep.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pep.kafka.KafkaClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code kafka.*} pass-through scheme: which client gets what, checks, secrets. */
class KafkaPropertiesTest {
  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\""
          + " password=\"jaas-pw-1\";";

  @TempDir Path dir;

  private ResolvedConfig load(Map<String, String> flags) {
    Map<String, String> f = new java.util.HashMap<>(flags);
    f.putIfAbsent("KAFKA_BOOTSTRAP_SERVERS", "kafka.example:9093");
    return ConfigLoader.load(new ConfigLoader.Sources(null, dir, Map.of(), f));
  }

  @Test
  void commonPropertiesReachEveryClientAndClientPropertiesWinOverThem() {
    KafkaClients kafka =
        KafkaClients.of(
            load(Map.of(
                    "kafka.security.protocol", "SASL_SSL",
                    "kafka.sasl.mechanism", "SCRAM-SHA-512",
                    "kafka.sasl.jaas.config", JAAS,
                    "kafka.ssl.truststore.location", "/etc/pep/truststore.p12",
                    "kafka.consumer.sasl.mechanism", "PLAIN",
                    "kafka.producer.linger.ms", "20",
                    "kafka.admin.request.timeout.ms", "45000"))
                .toPipelineConfig());

    Map<String, Object> defaults = Map.of("client.id", "pep-x", "request.timeout.ms", 1000);
    Map<String, Object> producer = kafka.producer(defaults);
    Map<String, Object> consumer = kafka.consumer(defaults);
    Map<String, Object> admin = kafka.admin(defaults);
    for (Map<String, Object> p : List.of(producer, consumer, admin)) {
      assertThat(p)
          .containsEntry("bootstrap.servers", "kafka.example:9093")
          .containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.jaas.config", JAAS)
          .containsEntry("ssl.truststore.location", "/etc/pep/truststore.p12")
          .containsEntry("client.id", "pep-x");
    }
    assertThat(producer).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    assertThat(admin).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    assertThat(consumer).containsEntry("sasl.mechanism", "PLAIN");
    assertThat(producer).containsEntry("linger.ms", "20").containsEntry("request.timeout.ms", 1000);
    assertThat(consumer).doesNotContainKey("linger.ms");
    assertThat(admin).containsEntry("request.timeout.ms", "45000");
  }

  @Test
  void theProducerPropertiesCarryTheSecuritySettingsOverTheProfile() {
    PipelineConfig c =
        load(Map.of(
                "kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.sasl.mechanism", "SCRAM-SHA-256",
                "kafka.producer.linger.ms", "3"))
            .toPipelineConfig();

    Map<String, Object> p = dev.pep.producer.ProducerProperties.of(c);

    assertThat(p)
        .containsEntry("bootstrap.servers", "kafka.example:9093")
        .containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
        .containsEntry("linger.ms", "3")
        .containsEntry("acks", "all");
  }

  @Test
  void aMisspelledPropertyIsRefusedWithTheClosestName() {
    assertThatThrownBy(() -> load(Map.of("kafka.sasl.mechansim", "PLAIN")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Unknown Kafka client property 'sasl.mechansim' (flag: kafka.sasl.mechansim). Did you"
                + " mean sasl.mechanism?");
    assertThatThrownBy(() -> load(Map.of("kafka.consumer.max.pol.records", "5")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Unknown Kafka consumer property 'max.pol.records' (flag:"
                + " kafka.consumer.max.pol.records). Did you mean max.poll.records?");
  }

  @Test
  void aPropertyOfOneClientKindIsRefusedForEveryClientWithWhereToPutIt() {
    assertThatThrownBy(() -> load(Map.of("kafka.linger.ms", "5")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Kafka property 'linger.ms' is a producer property only (flag: kafka.linger.ms): set"
                + " it as kafka.producer.linger.ms.");
    assertThatThrownBy(() -> load(Map.of("kafka.admin.max.poll.records", "5")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Kafka property 'max.poll.records' is a consumer property only (flag:"
                + " kafka.admin.max.poll.records): set it as kafka.consumer.max.poll.records.");
  }

  @Test
  void propertiesPepOwnsAreRefusedSayingWhatToDoInstead() {
    assertThatThrownBy(() -> load(Map.of("kafka.bootstrap.servers", "h:1")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Kafka property 'bootstrap.servers' cannot be set (flag: kafka.bootstrap.servers):"
                + " set KAFKA_BOOTSTRAP_SERVERS (--bootstrap) instead.");
    assertThatThrownBy(() -> load(Map.of("kafka.consumer.isolation.level", "read_uncommitted")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Kafka property 'isolation.level' cannot be set (flag:"
                + " kafka.consumer.isolation.level): pep reads only committed records"
                + " (read_committed).");
    assertThatThrownBy(() -> load(Map.of("kafka.consumer.group.id", "g")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("set PEP_GROUP_ID (--group) instead");
  }

  @Test
  void aBadValueIsRefusedByKafkasOwnValidator() {
    assertThatThrownBy(() -> load(Map.of("kafka.security.protocol", "SASL_PLAINTEX")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "Invalid value 'SASL_PLAINTEX' for configuration kafka.security.protocol: ")
        .hasMessageContaining("SASL_PLAINTEXT");
    assertThatThrownBy(() -> load(Map.of("kafka.producer.linger.ms", "soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "Invalid value 'soon' for configuration kafka.producer.linger.ms: ");
  }

  @Test
  void aSecurityProtocolWithoutAClusterIsRefused() {
    ResolvedConfig r =
        load(Map.of("KAFKA_BOOTSTRAP_SERVERS", "", "kafka.security.protocol", "SASL_SSL"));

    assertThatThrownBy(r::toPipelineConfig)
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "kafka.security.protocol=SASL_SSL needs a cluster that offers it: set"
                + " KAFKA_BOOTSTRAP_SERVERS (the embedded broker pep starts without it listens on"
                + " PLAINTEXT only).");
  }

  @Test
  void everyPasswordTypedPropertyOfEveryClientKindIsHiddenUnderEveryPrefix() {
    List<String> checked = new ArrayList<>();
    for (KafkaProperties.Kind kind : KafkaProperties.Kind.values()) {
      org.apache.kafka.common.config.ConfigDef def =
          switch (kind) {
            case PRODUCER -> org.apache.kafka.clients.producer.ProducerConfig.configDef();
            case CONSUMER -> org.apache.kafka.clients.consumer.ConsumerConfig.configDef();
            case ADMIN -> org.apache.kafka.clients.admin.AdminClientConfig.configDef();
          };
      for (var key : def.configKeys().values()) {
        if (key.type != org.apache.kafka.common.config.ConfigDef.Type.PASSWORD) {
          continue;
        }
        for (String prefix : List.of(KafkaProperties.PREFIX, kind.prefix())) {
          assertThat(ResolvedConfig.display(prefix + key.name, "s3cret"))
              .as(prefix + key.name)
              .isEqualTo("[hidden]");
          checked.add(prefix + key.name);
        }
      }
    }
    assertThat(checked)
        .contains(
            "kafka.sasl.jaas.config",
            "kafka.consumer.ssl.truststore.password",
            "kafka.admin.ssl.keystore.password",
            "kafka.ssl.key.password");
    assertThat(ResolvedConfig.display("kafka.sasl.mechanism", "PLAIN")).isEqualTo("PLAIN");
  }

  @Test
  void aBadSecretValueIsReportedWithoutTheValue() {
    // A password-typed value is never refused by its type, but must never be echoed either:
    // ssl.keystore.type is checked, ssl.keystore.password is hidden in any message.
    assertThatThrownBy(() -> load(Map.of("kafka.ssl.keystore.passwrd", "pw-9")))
        .isInstanceOf(ConfigException.class)
        .hasMessageNotContaining("pw-9")
        .hasMessageContaining("Did you mean ssl.keystore.password?");
  }

  /**
   * Every Kafka client in the main code takes its properties from the one place: each {@code new
   * KafkaProducer}, {@code new KafkaConsumer} and {@code Admin.create} gets its properties from a
   * {@code KafkaClients} call, in the argument or through the variable or method it names (see
   * {@link ClientConstructions}). A new client that builds its own map would miss the user's
   * security settings.
   */
  @Test
  void everyKafkaClientInTheCodeIsBuiltThroughKafkaClients() throws IOException {
    Map<String, String> sources = new java.util.HashMap<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        sources.put(f.getFileName().toString().replace(".java", ""), Files.readString(f));
      }
    }
    ClientConstructions scan = new ClientConstructions(sources);

    assertThat(scan.problems()).isEmpty();
    // Producers (ours, the dead-letter one), consumers, admin clients: the scan saw them all.
    assertThat(scan.found()).isGreaterThanOrEqualTo(9);
  }

  @Test
  void theClientScanRefusesPropertiesThatDoNotComeFromKafkaClients() {
    String head =
        "import dev.pep.kafka.KafkaClients;\n"
            + "class C {\n"
            + "  private final KafkaClients kafka; // KafkaClients.of(config).producer(p)\n";
    Map<String, String> bad =
        Map.of(
            "Inline",
            head + "  void a() { new KafkaConsumer<>(Map.of(\"bootstrap.servers\", b)); }\n}\n",
            "Variable",
            head
                + "  void a() {\n"
                + "    Map<String, Object> p = new HashMap<>();\n"
                + "    p.put(\"x\", \"kafka.producer(p)\");\n"
                + "    try (Admin admin = Admin.create(p)) {}\n"
                + "  }\n}\n",
            "Reassigned",
            head
                + "  void a() {\n"
                + "    Map<String, Object> p = kafka.producer(Map.of());\n"
                + "    p = new HashMap<>();\n"
                + "    new KafkaProducer<byte[], byte[]>(p);\n"
                + "  }\n}\n",
            "Method",
            head
                + "  private Map<String, Object> props() { return Map.of(\"a\", kafka); }\n"
                + "  void a() { new KafkaConsumer<>(props(), null, null); }\n}\n",
            "OtherClientsType",
            "class D {\n  Other kafka;\n  void a() { new KafkaConsumer<>(kafka.consumer(p)); }\n}\n");
    ClientConstructions scan = new ClientConstructions(bad);

    assertThat(scan.problems())
        .hasSize(5)
        .contains(
            "Inline line 4: new KafkaConsumer<>(Map.of(\"bootstrap.servers\", b), ...) does not"
                + " take its properties from KafkaClients")
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("Variable line 7: Admin.create(p, ...)")
                    .endsWith("does not take its properties from KafkaClients"));
  }

  @Test
  void theClientScanAcceptsEachWayTheCodeGetsPropertiesFromKafkaClients() {
    String head = "class C {\n  private final KafkaClients kafka;\n";
    Map<String, String> good =
        Map.of(
            "Inline",
            head + "  void a() { Admin.create(kafka.admin(Map.of(\"k\", 1))); }\n}\n",
            "Chain",
            "class D {\n  void a() { Admin.create(KafkaClients.plain(b)\n  .admin(Map.of())); }\n}\n",
            "Variable",
            head
                + "  void a() {\n"
                + "    Map<String, Object> p = new HashMap<>(kafka.consumer(Map.of()));\n"
                + "    p.put(\"isolation.level\", \"read_committed\");\n"
                + "    new KafkaConsumer<>(p, null, null);\n"
                + "  }\n}\n",
            "Method",
            head
                + "  private Map<String, Object> props() {\n"
                + "    Map<String, Object> p = new HashMap<>();\n"
                + "    return kafka.consumer(p);\n  }\n"
                + "  void a() { new KafkaConsumer<>(props()); }\n}\n",
            "Static",
            "class E {\n  void a() { new KafkaProducer<>(Props.of(config)); }\n}\n",
            "Props",
            "class Props {\n  static Map<String, Object> of(PipelineConfig config) {\n"
                + "    return KafkaClients.of(config).producer(Map.of());\n  }\n}\n");
    ClientConstructions scan = new ClientConstructions(good);

    assertThat(scan.problems()).isEmpty();
    assertThat(scan.found()).isEqualTo(5);
  }
}
