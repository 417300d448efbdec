package dev.pep.cli;

import java.util.Map;

/**
 * A mixin whose flags each set one named setting (or Kafka property); {@link ConfigOptions} adds
 * them, at flag precedence, to the configuration of the command it is mixed into.
 */
interface SettingFlags {
  /** Puts the setting of every flag that was given into {@code flags}, by setting name. */
  void addTo(Map<String, String> flags);

  /** Puts {@code value} under {@code name} when the flag was given. */
  static void put(Map<String, String> flags, String name, String value) {
    if (value != null) {
      flags.put(name, value);
    }
  }
}
