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
    return ConfigLoader.load(
            new ConfigLoader.Sources(
                null,
                workingDir,
                Map.of(),
                Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS",
                    bootstrap,
                    "KAFKA_TOPIC",
                    topic,
                    "CSV_FILE_PATH",
                    csv.toString(),
                    "PEP_REJECTS_FILE",
                    rejects.toString())))
        .toPipelineConfig();
  }
}
