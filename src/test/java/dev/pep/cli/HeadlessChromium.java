package dev.pep.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real browser for tests: Debian's {@code chromium} run headless on a local file. Absent, the
 * calling test is skipped saying so, except under {@code CI=true}, where it fails ({@code .ci/run}
 * installs the package).
 */
final class HeadlessChromium {
  private static final List<String> NAMES =
      List.of("chromium", "chromium-browser", "google-chrome");
  private static final long TIMEOUT_SECONDS = 180;

  private final Path binary;
  private final Path profile;

  /** What one load of a page gave: the DOM after its scripts ran, and the browser's log. */
  record Page(String dom, String log) {}

  private HeadlessChromium(Path binary, Path profile) {
    this.binary = binary;
    this.profile = profile;
  }

  /**
   * The browser on the PATH, with a fresh profile under {@code dir}; skips or fails when absent.
   */
  static HeadlessChromium require(Path dir) {
    Path found = null;
    for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : NAMES) {
        Path p = Path.of(dirName, name);
        if (found == null && Files.isExecutable(p)) {
          found = p;
        }
      }
    }
    if (found == null) {
      String why = "No headless browser: none of " + NAMES + " is on the PATH";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(why + " (CI=true: .ci/run installs Debian's chromium)");
      }
      assumeTrue(false, "Skipped: " + why + " (apt-get install chromium)");
    }
    return new HeadlessChromium(found, dir.resolve("chromium-profile"));
  }

  /**
   * Loads {@code page}, lets its scripts run (virtual time, so a loaded machine does not cut them
   * short), and returns the serialized DOM with the browser's log (console messages included).
   */
  Page dumpDom(Path page) throws IOException, InterruptedException {
    Path out = Files.createTempFile(profile.getParent(), "dom", ".html");
    Path log = Files.createTempFile(profile.getParent(), "chromium", ".log");
    run(log, out, "--enable-logging=stderr", "--v=0", "--dump-dom", uri(page));
    return new Page(
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(log, StandardCharsets.UTF_8));
  }

  /**
   * Takes a screenshot of {@code page}, {@code width} × {@code height} pixels, into {@code png}.
   */
  void screenshot(Path page, Path png, int width, int height)
      throws IOException, InterruptedException {
    Files.deleteIfExists(png);
    Path log = Files.createTempFile(profile.getParent(), "chromium", ".log");
    run(
        log,
        null,
        "--hide-scrollbars",
        "--window-size=" + width + "," + height,
        "--screenshot=" + png.toAbsolutePath(),
        uri(page));
    if (!Files.isRegularFile(png)) {
      throw new AssertionError(
          "chromium wrote no screenshot " + png + "; its log:\n" + Files.readString(log));
    }
  }

  private void run(Path log, Path stdout, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary.toString());
    cmd.addAll(
        List.of(
            "--headless",
            "--no-sandbox", // tests may run as root, where the sandbox refuses to start
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--user-data-dir=" + profile.toAbsolutePath(),
            "--virtual-time-budget=10000"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
    if (stdout != null) {
      pb.redirectOutput(stdout.toFile());
    } else {
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
    Process p = pb.start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(
          "chromium did not finish in " + TIMEOUT_SECONDS + " s: " + String.join(" ", cmd));
    }
    if (p.exitValue() != 0) {
      throw new AssertionError(
          "chromium exited "
              + p.exitValue()
              + ": "
              + String.join(" ", cmd)
              + "\n"
              + Files.readString(log));
    }
  }

  private static String uri(Path page) {
    return page.toAbsolutePath().normalize().toUri().toString();
  }
}
