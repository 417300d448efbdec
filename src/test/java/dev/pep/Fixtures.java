package dev.pep;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URISyntaxException;
import java.net.URL;
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

  /**
   * A file under ../shared/data (system property {@code pep.shared.data}); skips the test, saying
   * why, when the folder or the file is absent. CI always has it.
   */
  public static Path sharedData(String relative) {
    String dir = System.getProperty("pep.shared.data", "../shared/data");
    Path root = Path.of(dir);
    assumeTrue(
        Files.isDirectory(root),
        "Skipped: the shared data folder " + root.toAbsolutePath() + " is absent");
    Path file = root.resolve(relative);
    assumeTrue(
        Files.isRegularFile(file),
        "Skipped: " + file.toAbsolutePath() + " is absent from the shared data folder");
    return file;
  }
}
