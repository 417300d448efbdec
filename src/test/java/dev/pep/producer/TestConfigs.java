package dev.pep.producer;

import dev.pep.config.ConfigLoader;
import dev.pep.config.PipelineConfig;
import java.nio.file.Path;
import java.util.Map;

/** Test helper: a pipeline configuration resolved the way pep resolves it, from flags only. */
final class TestConfigs {
  private TestConfigs() {}

  static PipelineConfig of(
      Path workingDir, String bootstrap, String topic, Path csv, Path rejects) {
    return of(workingDir, bootstrap, topic, csv, rejects, Map.of());
  }

  /** As above, with more settings by name, e.g. {@code CSV_DATE_FORMAT}. */
  static PipelineConfig of(
      Path workingDir,
      String bootstrap,
      String topic,
      Path csv,
      Path rejects,
      Map<String, String> more) {
    Map<String, String> flags = new java.util.HashMap<>(more);
    flags.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    flags.put("KAFKA_TOPIC", topic);
    flags.put("CSV_FILE_PATH", csv.toString());
    flags.put("PEP_REJECTS_FILE", rejects.toString());
    return ConfigLoader.load(new ConfigLoader.Sources(null, workingDir, Map.of(), flags))
        .toPipelineConfig();
  }
}
