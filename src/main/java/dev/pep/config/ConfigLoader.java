package dev.pep.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Layers the configuration sources in rising precedence: defaults, the properties file given with
 * {@code --config}, {@code .env} in the working directory, environment variables, command-line
 * flags. Every source uses the same names; Kafka client properties are {@code kafka.*} (every
 * client), {@code kafka.producer.*}, {@code kafka.consumer.*}, {@code kafka.admin.*} (see {@link
 * KafkaProperties}); environment variables carry only the named settings.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** Where the layers come from; {@code configFile} may be null. */
  public record Sources(
      Path configFile, Path workingDir, Map<String, String> env, Map<String, String> flags) {}

  /** Resolves every setting and where its value came from; throws {@link ConfigException}. */
  public static ResolvedConfig load(Sources sources) {
    Map<String, ResolvedConfig.Value> values = new LinkedHashMap<>();
    for (Setting<?> s : Settings.ALL) {
      values.put(s.name(), new ResolvedConfig.Value(s.defaultValue(), "default"));
    }
    if (sources.configFile() != null) {
      Path file = sources.configFile();
      apply(values, readProperties(file), file.toString(), true);
    }
    Path dotEnv = sources.workingDir().resolve(".env");
    if (Files.isRegularFile(dotEnv)) {
      apply(values, DotEnv.read(dotEnv), ".env", false);
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (Setting<?> s : Settings.ALL) {
      String v = sources.env().get(s.name());
      if (v != null) {
        env.put(s.name(), v);
      }
    }
    apply(values, env, "environment", false);
    apply(values, sources.flags(), "flag", true);
    return new ResolvedConfig(values);
  }

  private static void apply(
      Map<String, ResolvedConfig.Value> values,
      Map<String, String> layer,
      String source,
      boolean strict) {
    for (Map.Entry<String, String> e : layer.entrySet()) {
      String key = e.getKey();
      if (KafkaProperties.isPassThrough(key)) {
        KafkaProperties.check(key, e.getValue(), source);
        values.put(key, new ResolvedConfig.Value(e.getValue(), source));
      } else if (Settings.byName(key) != null) {
        values.put(key, new ResolvedConfig.Value(e.getValue(), source));
      } else if (strict) {
        throw new ConfigException(
            "Unknown configuration "
                + key
                + " ("
                + source
                + ")."
                + suggestion(key)
                + " `pep config --reference` lists every setting.");
      }
    }
  }

  /** " Did you mean X?" for the closest known name within two edits, else "". */
  static String suggestion(String key) {
    String best = null;
    int bestDistance = 3;
    for (String name : names()) {
      int d = distance(key.toUpperCase(java.util.Locale.ROOT), name);
      if (d < bestDistance) {
        best = name;
        bestDistance = d;
      }
    }
    return best == null ? "" : " Did you mean " + best + "?";
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static List<String> names() {
    return Settings.ALL.stream().map(Setting::name).toList();
  }

  private static Map<String, String> readProperties(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (NoSuchFileException e) {
      throw new ConfigException("Configuration file not found: " + file);
    } catch (IOException e) {
      throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage());
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (String name : p.stringPropertyNames()) {
      m.put(name, p.getProperty(name));
    }
    return m;
  }
}
