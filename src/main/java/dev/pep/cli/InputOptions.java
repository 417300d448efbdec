package dev.pep.cli;

import dev.pep.config.Settings;
import java.util.Map;
import picocli.CommandLine.Option;

/** The CSV file a command reads and its layout ({@link LayoutOptions}). */
final class InputOptions extends LayoutOptions {
  @Option(names = "--file", paramLabel = "CSV", description = "CSV file to read (CSV_FILE_PATH).")
  String file;

  @Override
  public void addTo(Map<String, String> flags) {
    SettingFlags.put(flags, Settings.CSV_FILE.name(), file);
    super.addTo(flags);
  }
}
