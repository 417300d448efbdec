package dev.pep.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Test helper: a scrape of a pep endpoint and the Prometheus text format read back by the test
 * itself (not by the code under test), and {@code promtool check metrics} on it.
 */
record Exposition(String text) {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One HTTP answer. */
  record Answer(int status, String body) {}

  static Answer get(int port, String path) throws IOException, InterruptedException {
    HttpResponse<String> r = send(port, path, "*/*");
    return new Answer(r.statusCode(), r.body());
  }

  /** A GET with an Accept header, the whole response. */
  static HttpResponse<String> send(int port, String path, String accept)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Accept", accept)
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static Exposition scrape(int port) throws IOException, InterruptedException {
    Answer a = get(port, "/metrics");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return new Exposition(a.body());
  }

  /** Every sample line's value by its series (name with labels, as written). */
  Map<String, Double> samples() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      m.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return m;
  }

  /** The sum of every series named {@code name} (all label sets); 0 when there is none. */
  double sum(String name) {
    double total = 0;
    for (Map.Entry<String, Double> e : samples().entrySet()) {
      if (nameOf(e.getKey()).equals(name)) {
        total += e.getValue();
      }
    }
    return total;
  }

  /** The series named {@code name}, with their values. */
  Map<String, Double> series(String name) {
    Map<String, Double> m = new LinkedHashMap<>();
    samples()
        .forEach(
            (k, v) -> {
              if (nameOf(k).equals(name)) {
                m.put(k, v);
              }
            });
    return m;
  }

  /** The names of every sample line. */
  Set<String> names() {
    Set<String> names = new TreeSet<>();
    samples().keySet().forEach(k -> names.add(nameOf(k)));
    return names;
  }

  private static String nameOf(String series) {
    int brace = series.indexOf('{');
    return brace < 0 ? series : series.substring(0, brace);
  }

  /**
   * Runs {@code promtool check metrics} on the exposition and asserts it passes. Without promtool
   * the calling test is skipped, except under {@code CI=true}, where it fails.
   */
  void passesPromtool() throws IOException, InterruptedException {
    Path promtool = onPath("promtool");
    if (promtool == null) {
      String why = "promtool is not installed (Debian: apt-get install prometheus)";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(why + "; under CI=true it must be");
      }
      assumeTrue(false, "Skipped: " + why);
    }
    Process p =
        new ProcessBuilder(promtool.toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("promtool check metrics said:\n" + output).isZero();
  }

  private static Path onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path p = Path.of(dir, command);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
