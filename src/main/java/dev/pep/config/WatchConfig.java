package dev.pep.config;

import java.time.Duration;
import java.util.List;

/**
 * The settings of {@code pep watch}: which files of the watched directory are taken, when, how many
 * at once, and what becomes of them. Immutable.
 *
 * @param patterns glob patterns of the file names taken (e.g. {@code *.csv.gz})
 * @param minAge how long a file's size and modification time must stay unchanged before it is read
 * @param parallel files produced at once
 * @param afterProduce what becomes of a file once all its rows are committed
 * @param pollInterval how often the directory is listed
 */
public record WatchConfig(
    List<String> patterns,
    Duration minAge,
    int parallel,
    AfterProduce afterProduce,
    Duration pollInterval) {

  public WatchConfig {
    patterns = List.copyOf(patterns);
    if (patterns.isEmpty()) {
      throw new IllegalArgumentException("at least one pattern");
    }
  }

  /** Parses PEP_WATCH_PATTERN: comma-separated glob patterns of file names, e.g. {@code *.csv}. */
  static List<String> patterns(String v) {
    List<String> out = new java.util.ArrayList<>();
    for (String p : v.split(",")) {
      String t = p.strip();
      if (t.isEmpty()) {
        continue;
      }
      if (t.contains("/") || t.contains("\\")) {
        throw new IllegalArgumentException(
            "'" + t + "' names a path: patterns match file names, e.g. *.csv,*.csv.gz");
      }
      try {
        java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + t);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("'" + t + "' is not a glob pattern: " + e.getMessage());
      }
      out.add(t);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("expected glob patterns, e.g. *.csv,*.csv.gz");
    }
    return List.copyOf(out);
  }
}
