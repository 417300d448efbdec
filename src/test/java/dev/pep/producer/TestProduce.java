package dev.pep.producer;

import dev.pep.config.PipelineConfig;
import dev.pep.csv.CsvLayout;
import dev.pep.csv.LayoutDetector;
import dev.pep.kafka.KafkaClients;
import dev.pep.kafka.Topics;
import java.nio.file.Path;

/** Test helper for other packages: produces a whole CSV file with pep's own producer. */
public final class TestProduce {
  private TestProduce() {}

  /**
   * Produces {@code csv} into {@code topic} (created with the default partitions if missing), its
   * rejects beside it in {@code workDir}; fails unless the run completed.
   */
  public static ProduceSummary file(Path workDir, String bootstrap, Path csv, String topic) {
    return file(workDir, bootstrap, csv, topic, CsvProducer.Start.RESUME);
  }

  /** As above, resuming after the file's checkpoint or sending it again from its first row. */
  public static ProduceSummary file(
      Path workDir, String bootstrap, Path csv, String topic, CsvProducer.Start start) {
    PipelineConfig config =
        TestConfigs.of(workDir, bootstrap, topic, csv, workDir.resolve(topic + "-rejects.csv"));
    int partitions = Topics.ensure(KafkaClients.plain(bootstrap), topic, config.partitions());
    ProduceSummary s = run(config, partitions, start);
    if (!s.complete()) {
      throw new AssertionError("Producing " + csv + " did not complete: " + s);
    }
    return s;
  }

  /** Produces {@code config}'s file as {@code pep produce} would, resuming after its checkpoint. */
  public static ProduceSummary run(PipelineConfig config, int partitions) {
    return run(config, partitions, CsvProducer.Start.RESUME);
  }

  /** Produces {@code config}'s file, its layout detected first, without progress or a stop. */
  public static ProduceSummary run(PipelineConfig config, int partitions, CsvProducer.Start start) {
    CsvLayout layout = LayoutDetector.detect(config.csvFile(), config.csv());
    return new CsvProducer(config, partitions, layout, start)
        .run(ProduceProgress.Listener.NONE, () -> false);
  }
}
