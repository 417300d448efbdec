package dev.pep.faults;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server of one test, which the test may restart and stop: {@code initdb} a
 * data directory under /tmp, {@code pg_ctl start} on a free port of 127.0.0.1 (trust
 * authentication, user postgres). The shared server other tests use is never touched. Run as the
 * {@code postgres} OS user through {@code runuser} when the tests run as root (PostgreSQL refuses
 * to run as root). Without PostgreSQL's server binaries ({@code /usr/lib/postgresql/<version>/bin})
 * the calling test is skipped, saying why, except under {@code CI=true}, where it fails.
 */
final class OwnPostgres implements AutoCloseable {
  private final Path bin;
  private final Path data;
  private final int port;

  private OwnPostgres(Path bin, Path data, int port) {
    this.bin = bin;
    this.data = data;
    this.port = port;
  }

  /** Creates and starts a server; skips the calling test when PostgreSQL is not installed. */
  static OwnPostgres start() throws IOException, InterruptedException {
    Path bin = binaries();
    Path data = Files.createTempDirectory("pep-own-pg-");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    OwnPostgres pg = new OwnPostgres(bin, data, port);
    if (isRoot()) {
      pg.run(List.of("chown", "postgres", data.toString()), false);
    }
    pg.run(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            data.resolve("db").toString(),
            "-U",
            "postgres",
            "-A",
            "trust",
            "--no-sync"),
        true);
    pg.startServer();
    return pg;
  }

  /** The JDBC URL of the server's {@code postgres} database. */
  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres&connectTimeout=5";
  }

  /** {@code pg_ctl restart -m fast}: every connection is closed, the server is back at once. */
  void restart() throws IOException, InterruptedException {
    pgCtl("restart", "-m", "fast");
  }

  /** {@code pg_ctl stop -m fast}: connections are closed, new ones refused until {@link #start}. */
  void stop() throws IOException, InterruptedException {
    pgCtl("stop", "-m", "fast");
  }

  void startServer() throws IOException, InterruptedException {
    pgCtl("start");
  }

  /** True when the server accepts a connection. */
  boolean answers() {
    try (Connection c = DriverManager.getConnection(url())) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private void pgCtl(String action, String... more) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                bin.resolve("pg_ctl").toString(),
                action,
                "-D",
                data.resolve("db").toString(),
                "-w",
                "-t",
                "60",
                "-l",
                data.resolve("server.log").toString()));
    command.addAll(List.of(more));
    if (!action.equals("stop")) {
      command.addAll(
          List.of("-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + data.resolve("db")));
    }
    run(command, true);
  }

  private void run(List<String> command, boolean asPostgres)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asPostgres && isRoot()) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Path out = Files.createTempFile("pep-own-pg-cmd", ".out");
    try {
      Process p =
          new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", full) + " did not finish within 120 s");
      }
      if (p.exitValue() != 0) {
        throw new IOException(
            String.join(" ", full)
                + " failed, exit "
                + p.exitValue()
                + ":\n"
                + Files.readString(out, StandardCharsets.UTF_8)
                + serverLog());
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private String serverLog() throws IOException {
    Path log = data.resolve("server.log");
    return Files.isRegularFile(log) ? "\n--- server.log\n" + Files.readString(log) : "";
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** The newest installed PostgreSQL's bin directory; skips (fails under CI) when none is. */
  private static Path binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    Path found = null;
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        found =
            versions
                .map(v -> v.resolve("bin"))
                .filter(b -> Files.isExecutable(b.resolve("initdb")))
                .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                .max(
                    Comparator.comparingInt(
                        b -> {
                          try {
                            return Integer.parseInt(b.getParent().getFileName().toString());
                          } catch (NumberFormatException e) {
                            return 0;
                          }
                        }))
                .orElse(null);
      }
    }
    if (found == null) {
      String why = "no PostgreSQL server binaries (initdb, pg_ctl) under " + root;
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(why + " (CI=true: the database restart tests must run)");
      }
      assumeTrue(false, "Skipped: " + why);
    }
    return found;
  }

  /** Stops the server at once and deletes its data directory. */
  @Override
  public void close() throws IOException, InterruptedException {
    try {
      if (Files.exists(data.resolve("db/postmaster.pid"))) {
        pgCtl("stop", "-m", "immediate");
      }
    } finally {
      try (Stream<Path> files = Files.walk(data)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
