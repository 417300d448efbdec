package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pep.config.ResolvedConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Each command takes only the setting flags it uses: the others are a usage error (exit 2), and
 * each one it takes reaches its setting. The table of who takes what is the README's ("Shared
 * flags"), written out here rather than read from the code.
 */
class CommandFlagsTest {
  /** A flag with a valid value and the setting (or Kafka property) it sets. */
  private record Flag(String name, String value, String setting) {}

  private static final List<Flag> FLAGS =
      List.of(
          new Flag("--bootstrap", "kafka.example:9093", "KAFKA_BOOTSTRAP_SERVERS"),
          new Flag("--bootstrap-servers", "kafka.example:9094", "KAFKA_BOOTSTRAP_SERVERS"),
          new Flag("-X", "request.timeout.ms=5000", "kafka.request.timeout.ms"),
          new Flag("--topic", "orders", "KAFKA_TOPIC"),
          new Flag("--partitions", "4", "KAFKA_PARTITIONS"),
          new Flag("--file", "orders.csv", "CSV_FILE_PATH"),
          new Flag("--separator", ";", "CSV_SEPARATOR"),
          new Flag("--encoding", "UTF-8", "CSV_ENCODING"),
          new Flag("--date-format", "dd/MM/yyyy HH:mm", "CSV_DATE_FORMAT"),
          new Flag("--zone", "UTC", "PEP_ZONE"),
          new Flag("--columns", "UnitPrice=Price", "CSV_COLUMNS"),
          new Flag("--on-bad-row", "fail", "PEP_ON_BAD_ROW"),
          new Flag("--max-rejects", "5%", "PEP_MAX_REJECTS"),
          new Flag("--profile", "fast", "PEP_PROFILE"),
          new Flag("-P", "linger.ms=7", "kafka.producer.linger.ms"),
          new Flag("--sink", "jsonl", "PEP_SINK"),
          new Flag("--db-url", "jdbc:postgresql://h/db", "PEP_DB_URL"),
          new Flag("--group", "g1", "PEP_GROUP_ID"),
          new Flag("--metrics-port", "9404", "PEP_METRICS_PORT"),
          new Flag("--metrics-linger", "30", "PEP_METRICS_LINGER_SECONDS"),
          new Flag("--pattern", "*.csv.gz", "PEP_WATCH_PATTERN"),
          new Flag("--min-age-ms", "500", "PEP_WATCH_MIN_AGE_MS"),
          new Flag("--parallel", "3", "PEP_WATCH_PARALLEL"),
          new Flag("--done", "keep", "PEP_WATCH_DONE"),
          new Flag("--poll-ms", "250", "PEP_WATCH_POLL_MS"));

  private static final Set<String> CLUSTER = Set.of("--bootstrap", "--bootstrap-servers", "-X");
  private static final Set<String> INPUT =
      Set.of("--file", "--separator", "--encoding", "--date-format", "--zone", "--columns");
  private static final Set<String> BAD_ROWS = Set.of("--on-bad-row", "--max-rejects");
  private static final Set<String> SINK = Set.of("--sink", "--db-url", "--group");
  private static final Set<String> METRICS = Set.of("--metrics-port", "--metrics-linger");
  private static final Set<String> WATCH =
      Set.of("--pattern", "--min-age-ms", "--parallel", "--done", "--poll-ms");
  private static final Set<String> LAYOUT =
      Set.of("--separator", "--encoding", "--date-format", "--zone", "--columns");

  private static final Map<String, Set<String>> TAKES = new LinkedHashMap<>();

  static {
    TAKES.put(
        "run",
        union(
            CLUSTER,
            INPUT,
            BAD_ROWS,
            SINK,
            METRICS,
            Set.of("--topic", "--partitions", "--profile", "-P")));
    TAKES.put(
        "produce",
        union(
            CLUSTER,
            INPUT,
            BAD_ROWS,
            METRICS,
            Set.of("--topic", "--partitions", "--profile", "-P")));
    TAKES.put("consume", union(CLUSTER, SINK, METRICS, Set.of("--topic", "--partitions", "-P")));
    TAKES.put("status", union(CLUSTER, SINK, Set.of("--topic")));
    TAKES.put("validate", INPUT);
    TAKES.put("broker", Set.of("--topic", "--partitions"));
    // bench makes a fresh topic per run and measures the profiles named by --profiles.
    TAKES.put("bench", union(CLUSTER, INPUT, BAD_ROWS, Set.of("--partitions", "-P")));
    // watch reads the files of its directory: the layout flags, not --file.
    TAKES.put(
        "watch",
        union(
            CLUSTER,
            LAYOUT,
            BAD_ROWS,
            SINK,
            WATCH,
            METRICS,
            Set.of("--topic", "--partitions", "--profile", "-P")));
    // report reads the database only: which one, not the consumer group.
    TAKES.put("report", Set.of("--sink", "--db-url"));
    // aggregate --tables writes into the sink's database, under a group of its own.
    TAKES.put("aggregate", union(CLUSTER, Set.of("--topic", "--partitions", "--sink", "--db-url")));
    TAKES.put(
        "config",
        union(
            CLUSTER,
            INPUT,
            BAD_ROWS,
            SINK,
            METRICS,
            WATCH,
            Set.of("--topic", "--partitions", "--profile", "-P")));
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    java.util.HashSet<String> all = new java.util.HashSet<>();
    for (Set<String> s : sets) {
      all.addAll(s);
    }
    return Set.copyOf(all);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "run",
        "produce",
        "consume",
        "validate",
        "broker",
        "bench",
        "watch",
        "status",
        "report",
        "aggregate",
        "config"
      })
  void aCommandTakesTheFlagsItUsesAndRefusesTheOthers(String command) {
    Set<String> takes = TAKES.get(command);
    // One command line for every parse (picocli resets the options before each).
    CommandLine cl = Main.commandLine();
    Flag refused = null;
    for (Flag f : FLAGS) {
      if (takes.contains(f.name())) {
        assertThat(resolve(cl, command, f).values().get(f.setting()))
            .as(command + " " + f.name())
            .isEqualTo(new ResolvedConfig.Value(value(f), "flag"));
      } else {
        assertThatThrownBy(() -> cl.parseArgs(line(command, f)))
            .as(command + " " + f.name())
            .isInstanceOf(CommandLine.UnmatchedArgumentException.class)
            .hasMessageStartingWith("Unknown option")
            .hasMessageContaining("'" + f.name() + "'");
        refused = f;
      }
    }
    if (refused != null) {
      // The whole command line, as a user runs it: a usage error, nothing started.
      Flag f = refused;
      PepCommandLine.Result r = PepCommandLine.execute(line(command, f));
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
      assertThat(r.err().lines().toList())
          .as(r.toString())
          .last()
          .isEqualTo("Try 'pep " + command + " --help'.");
      assertThat(r.err()).startsWith("Error: Unknown option").contains("'" + f.name() + "'");
      assertThat(r.out()).isEmpty();
    }
  }

  /** {@code pep COMMAND FLAG VALUE}, with the directory {@code watch} requires. */
  private static String[] line(String command, Flag f) {
    return command.equals("watch")
        ? new String[] {command, "spool", f.name(), f.value()}
        : new String[] {command, f.name(), f.value()};
  }

  /** What the setting holds after the flag: for -X and -P the part after '='. */
  private static String value(Flag f) {
    return f.name().equals("-X") || f.name().equals("-P")
        ? f.value().substring(f.value().indexOf('=') + 1)
        : f.value();
  }

  /** Parses {@code pep COMMAND FLAG VALUE} and resolves the configuration as the command would. */
  private static ResolvedConfig resolve(CommandLine cl, String command, Flag f) {
    CommandLine.ParseResult parsed = cl.parseArgs(line(command, f));
    CommandSpec spec = parsed.subcommand().commandSpec();
    ConfigOptions options = null;
    for (CommandSpec mixin : spec.mixins().values()) {
      if (mixin.userObject() instanceof ConfigOptions o) {
        options = o;
      }
    }
    assertThat(options).as(command + " has --config").isNotNull();
    return options.resolve();
  }
}
