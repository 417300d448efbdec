package dev.pep;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the test fixtures under src/test/resources/fixtures and of ../shared/data. */
public final class Fixtures {
  private Fixtures() {}

  /** A fixture file written for a test case, e.g. {@code mixed-rows.csv}. */
  public static Path fixture(String name) {
    URL url = Fixtures.class.getResource("/fixtures/" + name);
    if (url == null) {
      throw new IllegalArgumentException("No fixture " + name + " under src/test/resources");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The demo sample shipped in src/main/resources: the first 1,071 rows of the UCI file. Read from
   * the source tree, not the class path: integration tests run against the packaged jar.
   */
  public static Path sample() {
    Path file = Path.of("src/main/resources/sample/Online Retail sample.csv").toAbsolutePath();
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("The bundled sample is missing: " + file);
    }
    return file;
  }

  /** A file under ../shared/data (system property {@code pep.shared.data}), present or not. */
  public static Path sharedDataPath(String relative) {
    return Path.of(System.getProperty("pep.shared.data", "../shared/data")).resolve(relative);
  }

  /**
   * Why a test that needs {@code relative} from ../shared/data must skip, or null if it is there.
   * Under {@code CI=true} an absent file fails the test instead (CI always has the shared data, so
   * a skip there would hide a test that never ran), as {@code Postgres.requireUrl()} does for the
   * database.
   */
  public static String sharedDataAbsent(String relative) {
    return sharedDataAbsent(relative, System.getenv("CI"));
  }

  static String sharedDataAbsent(String relative, String ci) {
    Path file = sharedDataPath(relative).toAbsolutePath().normalize();
    if (Files.isRegularFile(file)) {
      return null;
    }
    Path root = file;
    for (Path p = Path.of(relative); p != null; p = p.getParent()) {
      root = root.getParent();
    }
    String why =
        Files.isDirectory(root)
            ? file + " is absent from the shared data folder"
            : "the shared data folder " + root + " is absent";
    if ("true".equals(ci)) {
      throw new AssertionError(why + " (CI=true: the tests that need it must run)");
    }
    return "Skipped: " + why;
  }

  /**
   * A file under ../shared/data; skips the calling test, saying why, when it is absent (fails it
   * under {@code CI=true}).
   */
  public static Path sharedData(String relative) {
    String absent = sharedDataAbsent(relative);
    assumeTrue(absent == null, absent);
    return sharedDataPath(relative);
  }

  /** The header and data lines {@code from} to {@code from + rows} of {@code full}, as they are. */
  public static Path slice(Path full, int from, int rows, Path to) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(full, StandardCharsets.ISO_8859_1);
        BufferedWriter out = Files.newBufferedWriter(to, StandardCharsets.ISO_8859_1)) {
      out.write(in.readLine());
      out.write("\r\n");
      for (int i = 0; i < from; i++) {
        in.readLine();
      }
      for (int i = 0; i < rows; i++) {
        String line = in.readLine();
        if (line == null) {
          throw new IllegalArgumentException(
              "rows " + from + " to " + (from + rows) + " run past the end of " + full);
        }
        out.write(line);
        out.write("\r\n");
      }
    }
    return to;
  }
}
