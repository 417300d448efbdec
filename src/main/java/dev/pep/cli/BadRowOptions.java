package dev.pep.cli;

import dev.pep.config.Settings;
import java.util.Map;
import picocli.CommandLine.Option;

/** What producing does with rows that are not valid events. */
final class BadRowOptions implements SettingFlags {
  @Option(
      names = "--on-bad-row",
      paramLabel = "POLICY",
      description =
          "reject (write to the rejects file, go on) or fail (stop, exit 1)" + " (PEP_ON_BAD_ROW).")
  String onBadRow;

  @Option(
      names = "--max-rejects",
      paramLabel = "N|P%",
      description =
          "Stop with exit 1 after more rejects than N, or than P%% of the rows read"
              + " (PEP_MAX_REJECTS).")
  String maxRejects;

  @Override
  public void addTo(Map<String, String> flags) {
    SettingFlags.put(flags, Settings.ON_BAD_ROW.name(), onBadRow);
    SettingFlags.put(flags, Settings.MAX_REJECTS.name(), maxRejects);
  }
}
