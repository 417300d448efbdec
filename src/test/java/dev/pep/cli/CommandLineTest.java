package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.config.Setting;
import dev.pep.config.Settings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real command line, in-process, for what needs no broker: help, usage errors, config. */
class CommandLineTest {

  private static PepCommandLine.Result pep(String... args) {
    return PepCommandLine.execute(args);
  }

  @Test
  void helpListsEveryCommand() {
    PepCommandLine.Result r = pep("--help");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out().lines())
        .anySatisfy(l -> assertThat(l).startsWith("Usage: pep "))
        .anySatisfy(l -> assertThat(l).matches("\\s+run\\s+The main job.*"))
        .anySatisfy(l -> assertThat(l).matches("\\s+produce\\s+Send every row.*"))
        .anySatisfy(l -> assertThat(l).matches("\\s+broker\\s+Run the embedded Kafka broker.*"))
        .anySatisfy(l -> assertThat(l).matches("\\s+config\\s+Print the effective settings.*"))
        .anySatisfy(l -> assertThat(l).matches("\\s+validate\\s+Read a CSV file as produce.*"));
    assertThat(r.err()).isEmpty();
  }

  @Test
  void produceHelpShowsItsOptions() {
    PepCommandLine.Result r = pep("produce", "--help");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .startsWith("Usage: pep produce ")
        .contains("--summary-json=PATH")
        .contains("--file=CSV")
        .contains("--partitions=N")
        .contains("-P=KEY=VALUE");
  }

  @Test
  void versionNamesKafka() {
    PepCommandLine.Result r = pep("--version");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).matches("pep \\S+ \\(Apache Kafka 4\\.3\\.1\\)\\R");
  }

  @Test
  void aBadPartitionCountExitsTwoWithTheStandardMessage() {
    PepCommandLine.Result r = pep("produce", "--partitions", "abc");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().lines())
        .containsExactly(
            "Error: Invalid value 'abc' for configuration KAFKA_PARTITIONS: expected a whole"
                + " number from 1 to 10000");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aMissingCsvFileExitsTwoNamingItsPath() {
    PepCommandLine.Result r = pep("produce", "--file", "does-not-exist.csv");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err().lines())
        .containsExactly(
            "Error: CSV file not found: "
                + Path.of("does-not-exist.csv").toAbsolutePath().normalize());
  }

  @Test
  void runChecksTheFileBeforeStartingABroker() {
    PepCommandLine.Result r = pep("run", "--file", "does-not-exist.csv");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).doesNotContain("Embedded Kafka");
    assertThat(r.err().lines())
        .containsExactly(
            "Error: CSV file not found: "
                + Path.of("does-not-exist.csv").toAbsolutePath().normalize());
  }

  @Test
  void runChecksTheHeaderBeforeStartingABroker() {
    PepCommandLine.Result r =
        pep("run", "--file", dev.pep.Fixtures.fixture("header-lacks-columns.csv").toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).doesNotContain("Embedded Kafka").doesNotContain("Layout of");
    assertThat(r.err().lines())
        .containsExactly(
            "Error: header-lacks-columns.csv line 1: the header lacks column(s) Description,"
                + " CustomerID (found: InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,Country)");
  }

  @Test
  void anUnknownOptionExitsTwoAndPointsToHelp() {
    PepCommandLine.Result r = pep("produce", "--nope");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines())
        .containsExactly("Error: Unknown option: '--nope'", "Try 'pep produce --help'.");
  }

  @Test
  void configHidesASecretGivenAsAFlag() {
    PepCommandLine.Result r = pep("config", "-P", "sasl.jaas.config=topsecret");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out().lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches("kafka\\.producer\\.sasl\\.jaas\\.config\\s+\\[hidden\\]\\s+flag"));
    assertThat(r.out() + r.err()).doesNotContain("topsecret");
  }

  @Test
  void configHidesAKafkaPasswordPropertyWhoseNameSaysNothingOfPasswords() {
    PepCommandLine.Result r =
        pep("config", "-P", "sasl.oauthbearer.assertion.private.key.passphrase=topsecret");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out().lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches(
                        "kafka\\.producer\\.sasl\\.oauthbearer\\.assertion\\.private\\.key"
                            + "\\.passphrase\\s+\\[hidden\\]\\s+flag"));
    assertThat(r.out() + r.err()).doesNotContain("topsecret");
  }

  @Test
  void dashXSetsAPropertyOfEveryClientAndHidesASecret() {
    PepCommandLine.Result r =
        pep(
            "config",
            "--bootstrap",
            "kafka.example:9093",
            "-X",
            "security.protocol=SASL_SSL",
            "-X",
            "sasl.jaas.config=topsecret");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out().lines())
        .anySatisfy(l -> assertThat(l).matches("kafka\\.security\\.protocol\\s+SASL_SSL\\s+flag"))
        .anySatisfy(
            l -> assertThat(l).matches("kafka\\.sasl\\.jaas\\.config\\s+\\[hidden\\]\\s+flag"));
    assertThat(r.out() + r.err()).doesNotContain("topsecret");
  }

  @Test
  void configListsEverySettingWithItsSource() {
    PepCommandLine.Result r = pep("config", "--topic", "orders", "-P", "linger.ms=20");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).matches("NAME\\s+VALUE\\s+SOURCE");
    assertThat(lines).hasSize(1 + Settings.ALL.size() + 1);
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("KAFKA_TOPIC\\s+orders\\s+flag"));
    assertThat(lines)
        .anySatisfy(l -> assertThat(l).matches("kafka\\.producer\\.linger\\.ms\\s+20\\s+flag"));
  }

  @Test
  void aSecretIsNotPrintedWhenAnotherFlagIsWrong() {
    PepCommandLine.Result r = pep("config", "-P", "sasl.jaas.config=topsecret", "-P", "lingr.ms=5");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines())
        .containsExactly(
            "Error: Unknown Kafka producer property 'lingr.ms' (flag: kafka.producer.lingr.ms). Did"
                + " you mean linger.ms?");
    assertThat(r.out() + r.err()).doesNotContain("topsecret");
  }

  @Test
  void configReferenceIsAMarkdownTableOfEverySetting() {
    PepCommandLine.Result r = pep("config", "--reference");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.subList(0, 2))
        .containsExactly("| Name | Default | Description |", "|---|---|---|");
    assertThat(lines).hasSize(2 + Settings.ALL.size() + 4);
    for (int i = 0; i < Settings.ALL.size(); i++) {
      Setting<?> s = Settings.ALL.get(i);
      assertThat(lines.get(2 + i)).startsWith("| `" + s.name() + "` | ").endsWith(s.doc() + " |");
    }
    assertThat(lines.subList(lines.size() - 4, lines.size()))
        .satisfiesExactly(
            l -> assertThat(l).startsWith("| `kafka.<property>` | |"),
            l -> assertThat(l).startsWith("| `kafka.producer.<property>` | |"),
            l -> assertThat(l).startsWith("| `kafka.consumer.<property>` | |"),
            l -> assertThat(l).startsWith("| `kafka.admin.<property>` | |"));
    assertThat(lines).contains("| `KAFKA_PARTITIONS` | `3` | " + Settings.PARTITIONS.doc() + " |");
    assertThat(lines)
        .contains(
            "| `KAFKA_BOOTSTRAP_SERVERS` | (empty) | " + Settings.BOOTSTRAP_SERVERS.doc() + " |");
  }
}
