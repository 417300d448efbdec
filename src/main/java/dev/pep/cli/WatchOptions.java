package dev.pep.cli;

import dev.pep.config.Settings;
import java.util.Map;
import picocli.CommandLine.Option;

/** The flags of {@code pep watch}; each maps to one PEP_WATCH_* setting. */
final class WatchOptions implements SettingFlags {
  @Option(
      names = "--pattern",
      paramLabel = "GLOB,...",
      description = "File names to take, e.g. '*.csv,*.csv.gz' (PEP_WATCH_PATTERN).")
  String pattern;

  @Option(
      names = "--min-age-ms",
      paramLabel = "MS",
      description =
          "Unchanged size and time for this long before a file is read (PEP_WATCH_MIN_AGE_MS).")
  String minAgeMs;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      description = "Files produced at once (PEP_WATCH_PARALLEL).")
  String parallel;

  @Option(
      names = "--done",
      paramLabel = "ACTION",
      description =
          "After a file's last commit: move (to finished/), delete or keep (PEP_WATCH_DONE).")
  String done;

  @Option(
      names = "--poll-ms",
      paramLabel = "MS",
      description = "How often the directory is listed (PEP_WATCH_POLL_MS).")
  String pollMs;

  @Override
  public void addTo(Map<String, String> flags) {
    SettingFlags.put(flags, Settings.WATCH_PATTERN.name(), pattern);
    SettingFlags.put(flags, Settings.WATCH_MIN_AGE_MS.name(), minAgeMs);
    SettingFlags.put(flags, Settings.WATCH_PARALLEL.name(), parallel);
    SettingFlags.put(flags, Settings.WATCH_DONE.name(), done);
    SettingFlags.put(flags, Settings.WATCH_POLL_MS.name(), pollMs);
  }
}
