package dev.pep.cli;

import dev.pep.config.Settings;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --profile NAME}: the producer profile of a command that produces the file. */
final class ProfileOption implements SettingFlags {
  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = "Producer profile: baseline, optimized or fast (PEP_PROFILE).")
  String profile;

  @Override
  public void addTo(Map<String, String> flags) {
    SettingFlags.put(flags, Settings.PROFILE.name(), profile);
  }
}
