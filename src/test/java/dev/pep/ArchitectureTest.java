package dev.pep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package structure the README's Architecture section describes, checked against the code:
 * every reference from one package of {@code src/main/java/dev/pep} to another (an import or a
 * fully qualified name) points down the layers, and only {@code cli} writes to the console.
 */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/dev/pep");

  /** Each package and the packages it may use; anything else is a dependency the wrong way. */
  private static final Map<String, Set<String>> ALLOWED =
      Map.ofEntries(
          Map.entry("config", Set.of()),
          Map.entry("retry", Set.of("config")),
          Map.entry("csv", Set.of("config")),
          Map.entry("event", Set.of("csv", "config")),
          Map.entry("kafka", Set.of("event", "config", "retry")),
          Map.entry("sink", Set.of("event", "config", "retry")),
          Map.entry("broker", Set.of("kafka", "config")),
          Map.entry("producer", Set.of("kafka", "event", "csv", "config", "retry")),
          Map.entry("consumer", Set.of("sink", "kafka", "event", "config", "retry")),
          Map.entry(
              "bench", Set.of("producer", "broker", "kafka", "event", "csv", "config", "retry")),
          Map.entry("watch", Set.of("producer", "event", "csv", "config")),
          Map.entry(
              "metrics",
              Set.of("producer", "consumer", "sink", "kafka", "event", "csv", "config", "retry")),
          Map.entry("report", Set.of("sink", "event", "config")),
          Map.entry("aggregate", Set.of("kafka", "event", "config")),
          Map.entry(
              "cli",
              Set.of(
                  "bench",
                  "metrics",
                  "watch",
                  "report",
                  "aggregate",
                  "producer",
                  "consumer",
                  "sink",
                  "broker",
                  "kafka",
                  "event",
                  "csv",
                  "config",
                  "retry")));

  private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.pep\\.([a-z]+)\\.");

  @Test
  void everyPackageIsOneTheArchitectureNames() throws IOException {
    try (Stream<Path> dirs = Files.list(MAIN)) {
      List<String> packages = dirs.filter(Files::isDirectory).map(d -> name(d)).toList();
      assertThat(ALLOWED.keySet()).containsAll(packages);
    }
  }

  @Test
  void dependenciesPointDownTheLayers() throws IOException {
    List<String> wrongWay = new ArrayList<>();
    for (Path file : sources()) {
      String from = name(file.getParent());
      Set<String> used = new TreeSet<>();
      Matcher m = REFERENCE.matcher(Files.readString(file));
      while (m.find()) {
        used.add(m.group(1));
      }
      used.remove(from);
      for (String to : used) {
        if (!ALLOWED.getOrDefault(from, Set.of()).contains(to)) {
          wrongWay.add(MAIN.relativize(file) + " uses " + to);
        }
      }
    }
    assertThat(wrongWay).isEmpty();
  }

  @Test
  void onlyTheCliWritesToTheConsole() throws IOException {
    List<String> printing = new ArrayList<>();
    for (Path file : sources()) {
      if (!name(file.getParent()).equals("cli")
          && Pattern.compile("System\\.(out|err)\\b").matcher(Files.readString(file)).find()) {
        printing.add(MAIN.relativize(file).toString());
      }
    }
    assertThat(printing).isEmpty();
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      List<Path> java = files.filter(f -> f.toString().endsWith(".java")).toList();
      assertThat(java).hasSizeGreaterThan(50);
      return java;
    }
  }

  private static String name(Path dir) {
    return dir.getFileName().toString();
  }
}
