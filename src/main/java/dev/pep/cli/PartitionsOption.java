package dev.pep.cli;

import dev.pep.config.Settings;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --partitions N}: for commands that create their topic when it is absent. */
final class PartitionsOption implements SettingFlags {
  @Option(
      names = "--partitions",
      paramLabel = "N",
      description = "Partitions when the topic is created (KAFKA_PARTITIONS).")
  String partitions;

  @Override
  public void addTo(Map<String, String> flags) {
    SettingFlags.put(flags, Settings.PARTITIONS.name(), partitions);
  }
}
