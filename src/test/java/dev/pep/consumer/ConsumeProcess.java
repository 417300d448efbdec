package dev.pep.consumer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper: a {@code pep consume} process started from the shaded jar {@code target/pep.jar}, as
 * a user would run it, so a test can kill it, pause it or run several at once. Each process gets
 * its own log directory and output file under {@code workDir}.
 */
public final class ConsumeProcess {
  private final String bootstrap;
  private final String topic;
  private final String group;
  private final Path workDir;
  private final List<String> sinkArgs = new ArrayList<>();
  private final Map<String, String> env = new HashMap<>();
  private final List<String> configArgs = new ArrayList<>();
  private String untilIdle = "5";
  private Path summaryJson;

  public ConsumeProcess(String bootstrap, String topic, String group, Path workDir) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.group = group;
    this.workDir = workDir;
  }

  /** The packaged jar; skips the calling test, saying why, when it is not built. */
  public static Path jar() {
    Path jar = Path.of("target/pep.jar").toAbsolutePath();
    assumeTrue(Files.isRegularFile(jar), "Skipped: target/pep.jar is not built");
    return jar;
  }

  /** Writes into PostgreSQL at {@code url}, tables {@code table} and {@code table_offsets}. */
  public ConsumeProcess postgres(String url, String table) {
    sinkArgs.addAll(List.of("--sink", "postgres", "--db-url", url));
    return tables(table);
  }

  /** Writes into the DuckDB file {@code file}, tables {@code table} and {@code table_offsets}. */
  public ConsumeProcess duckdb(Path file, String table) {
    sinkArgs.addAll(List.of("--sink", "duckdb"));
    env.put("PEP_DUCKDB_FILE", file.toString());
    return tables(table);
  }

  private ConsumeProcess tables(String table) {
    env.put("PEP_EVENTS_TABLE", table);
    env.put("PEP_OFFSETS_TABLE", table + "_offsets");
    return this;
  }

  /** A setting by name, e.g. {@code PEP_SESSION_TIMEOUT_MS}. */
  public ConsumeProcess setting(String name, String value) {
    env.put(name, value);
    return this;
  }

  /**
   * Caps each poll, so each transaction, at 1,000 records (a {@code --config} file with {@code
   * kafka.consumer.max.poll.records}): the consumer then stores its progress in small steps, so a
   * test can watch it and land a fault, or a second member, mid-load. At pep's own 50,000 records a
   * poll, a load is stored in a few large steps, sometimes before the test can look.
   */
  public ConsumeProcess inSmallBatches() throws IOException {
    Path config = workDir.resolve("small-polls.properties");
    Files.writeString(config, "kafka.consumer.max.poll.records=1000\n");
    configArgs.addAll(List.of("--config", config.toString()));
    return this;
  }

  public ConsumeProcess untilIdle(String seconds) {
    this.untilIdle = seconds;
    return this;
  }

  /** Starts a process; {@code name} names its log directory, output and summary files. */
  public Started start(String name) throws IOException {
    Path logs = workDir.resolve("logs-" + name);
    Path summary = workDir.resolve(name + "-summary.json");
    Path out = workDir.resolve(name + ".out");
    Files.deleteIfExists(summary);
    List<String> command =
        new ArrayList<>(
            List.of(
                "java",
                "-Xmx1g",
                "-jar",
                jar().toString(),
                "consume",
                "--bootstrap",
                bootstrap,
                "--topic",
                topic,
                "--group",
                group,
                "--until-idle",
                untilIdle,
                "--summary-json",
                summary.toString()));
    command.addAll(sinkArgs);
    command.addAll(configArgs);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    pb.environment().put("PEP_LOG_DIR", logs.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
    return new Started(pb.start(), logs.resolve("pep.log"), summary, out);
  }

  /** A running (or finished) consume process and the files it writes. */
  public record Started(Process process, Path log, Path summaryJson, Path output) {
    /** Its log so far ("" before it wrote one). */
    public String logText() throws IOException {
      return Files.isRegularFile(log) ? Files.readString(log) : "";
    }

    /** How many lines of its log contain {@code text}. */
    public long logLines(String text) throws IOException {
      return logText().lines().filter(l -> l.contains(text)).count();
    }

    /** A number from its summary JSON, e.g. {@code written}, {@code stale_batches}. */
    public long summary(String field) throws IOException {
      return summaryField(summaryJson, field);
    }

    /** Its output, for failure messages. */
    public String outputText() throws IOException {
      return Files.isRegularFile(output) ? Files.readString(output) : "";
    }
  }

  /** A number from a {@code --summary-json} file. */
  public static long summaryField(Path summaryJson, String field) throws IOException {
    String json = Files.readString(summaryJson);
    Matcher m = Pattern.compile("\"" + field + "\" : (\\d+)").matcher(json);
    if (!m.find()) {
      throw new AssertionError("No " + field + " in " + json);
    }
    return Long.parseLong(m.group(1));
  }
}
