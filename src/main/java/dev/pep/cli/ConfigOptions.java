package dev.pep.cli;

import dev.pep.config.ConfigLoader;
import dev.pep.config.PipelineConfig;
import dev.pep.config.ResolvedConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --config FILE}, and the resolution of a command's configuration: every source, with the
 * flags of the command's other {@link SettingFlags} mixins (whichever it has) at the highest
 * precedence. Each command mixes in only the flag groups it uses, so a flag it would ignore is a
 * usage error.
 */
final class ConfigOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file with settings (names as in `pep config`).")
  Path configFile;

  /** The configuration as resolved from every source, before typing. */
  ResolvedConfig resolve() {
    Map<String, String> flags = new LinkedHashMap<>();
    if (command != null) {
      for (CommandSpec mixin : command.mixins().values()) {
        if (mixin.userObject() instanceof SettingFlags f) {
          f.addTo(flags);
        }
      }
    }
    return ConfigLoader.load(
        new ConfigLoader.Sources(configFile, Path.of("").toAbsolutePath(), System.getenv(), flags));
  }

  /** The typed configuration; throws {@link dev.pep.config.ConfigException} on a bad value. */
  PipelineConfig load() {
    return resolve().toPipelineConfig();
  }
}
