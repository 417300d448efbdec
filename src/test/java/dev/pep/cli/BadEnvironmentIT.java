package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.Fixtures;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bad environment stops the real command (the packaged jar, its own process) with one line that
 * names what is wrong, exit 1, and nothing presented as done: a cluster that does not answer, and a
 * rejects file, state directory or DuckDB file that cannot be written (a path under a regular file,
 * which no user, root included, can create).
 */
class BadEnvironmentIT {
  @TempDir Path tmp;

  /** A port nothing listens on: bound, then closed. */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("PEP_STATE_DIR", tmp.resolve("state").toString());
    env.put("PEP_DUCKDB_FILE", tmp.resolve("events.duckdb").toString());
    env.put("PEP_BROKER_PORT", "0");
    return env;
  }

  private Path aFile() throws IOException {
    return Files.writeString(tmp.resolve("a-file"), "not a directory");
  }

  /**
   * produce waits the default 15 s; consume and run are given 5 s with
   * kafka.admin.default.api.timeout.ms, which is how a user sets the wait.
   */
  @ParameterizedTest
  @ValueSource(strings = {"produce", "consume", "run"})
  void anUnreachableClusterStopsWithOneLineNamingTheAddress(String command) throws Exception {
    String address = "127.0.0.1:" + closedPort();
    Path summary = tmp.resolve("summary.json");
    boolean produce = command.equals("produce");
    Path config =
        Files.writeString(
            tmp.resolve("pep.properties"),
            produce ? "" : "kafka.admin.default.api.timeout.ms=5000\n");

    PepProcess.Result r =
        PepProcess.run(
            tmp,
            env(),
            90,
            command,
            "--config",
            config.toString(),
            "--bootstrap",
            address,
            command.equals("consume") ? "--until-idle" : "--file",
            command.equals("consume") ? "1" : Fixtures.sample().toString(),
            "--summary-json",
            summary.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines())
        .as(r.toString())
        .containsExactly(
            "Error: Cannot reach Kafka at "
                + address
                + (produce ? " within 15 s" : " within 5 s")
                + ": is the broker running and is the address right"
                + " (KAFKA_BOOTSTRAP_SERVERS)?");
    assertThat(r.out()).isEmpty();
    assertThat(summary).doesNotExist();
    assertThat(tmp.resolve("logs/pep.log")).content().contains("Cannot reach Kafka at " + address);
  }

  @Test
  void anUnwritableRejectsFileStopsProduceBeforeAnythingIsSent() throws Exception {
    Path rejects = aFile().resolve("rejects.csv");
    Map<String, String> env = env();
    env.put("PEP_REJECTS_FILE", rejects.toString());

    PepProcess.Result r =
        PepProcess.run(
            tmp, env, 90, "produce", "--file", Fixtures.fixture("mixed-rows.csv").toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines())
        .containsExactly(
            "Error: Cannot write "
                + rejects
                + " (PEP_REJECTS_FILE): "
                + tmp.resolve("a-file")
                + " is a file, not a directory.");
    assertThat(r.out()).isEmpty();
    // Checked before the embedded broker was started: no storage was formatted.
    assertThat(tmp.resolve("state")).doesNotExist();
  }

  /**
   * A rejects file that fails while written (a full disk: /dev/full answers every write with
   * ENOSPC, for root too) stops the run with exit 1 and no summary that could pass for done.
   */
  @Test
  void aRejectsFileThatCannotBeWrittenToTheEndStopsProduceWithoutASummary() throws Exception {
    Path full = Path.of("/dev/full");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.exists(full), "Skipped: no /dev/full on this system");
    Map<String, String> env = env();
    env.put("PEP_REJECTS_FILE", full.toString());
    Path summary = tmp.resolve("summary.json");

    PepProcess.Result r =
        PepProcess.run(
            tmp,
            env,
            120,
            "produce",
            "--file",
            Fixtures.fixture("mixed-rows.csv").toString(),
            "--summary-json",
            summary.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines().filter(l -> l.startsWith("Error:")))
        .as(r.toString())
        .containsExactly("Error: Cannot write rejects file /dev/full: No space left on device");
    assertThat(r.out()).isEmpty();
    assertThat(summary).doesNotExist();
  }

  @Test
  void anUnwritableStateDirectoryStopsProduceBeforeTheBrokerStarts() throws Exception {
    Path state = aFile().resolve("state");
    Map<String, String> env = env();
    env.put("PEP_STATE_DIR", state.toString());

    PepProcess.Result r =
        PepProcess.run(tmp, env, 90, "produce", "--file", Fixtures.sample().toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines())
        .containsExactly(
            "Error: Cannot write "
                + state
                + " (PEP_STATE_DIR): "
                + tmp.resolve("a-file")
                + " is a file, not a directory.");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aStateDirectoryThatIsAFileStopsRun() throws Exception {
    Path state = aFile();
    Map<String, String> env = env();
    env.put("PEP_STATE_DIR", state.toString());

    PepProcess.Result r =
        PepProcess.run(tmp, env, 90, "run", "--file", Fixtures.sample().toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines())
        .containsExactly(
            "Error: Cannot write "
                + state
                + " (PEP_STATE_DIR): "
                + state
                + " is a file, not a directory.");
    assertThat(r.out()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"consume", "run"})
  void anUnwritableDuckDbFileStopsBeforeTheBrokerStarts(String command) throws Exception {
    Path db = aFile().resolve("events.duckdb");
    Map<String, String> env = env();
    env.put("PEP_DUCKDB_FILE", db.toString());

    PepProcess.Result r =
        PepProcess.run(
            tmp,
            env,
            90,
            command,
            command.equals("consume") ? "--until-idle" : "--file",
            command.equals("consume") ? "1" : Fixtures.sample().toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines())
        .containsExactly(
            "Error: Cannot write "
                + db
                + " (PEP_DUCKDB_FILE): "
                + tmp.resolve("a-file")
                + " is a file, not a directory.");
    assertThat(r.out()).isEmpty();
    assertThat(tmp.resolve("state")).doesNotExist();
  }

  @Test
  void aDuckDbFileThatIsADirectoryStopsConsume() throws Exception {
    Path db = Files.createDirectories(tmp.resolve("events.duckdb"));

    PepProcess.Result r = PepProcess.run(tmp, env(), 90, "consume", "--until-idle", "1");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err().lines())
        .containsExactly(
            "Error: Cannot write "
                + db
                + " (PEP_DUCKDB_FILE): "
                + db
                + " is a directory, not a file.");
    assertThat(r.out()).isEmpty();
  }
}
