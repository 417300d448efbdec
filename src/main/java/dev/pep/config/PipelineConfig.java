package dev.pep.config;

import java.nio.file.Path;

/**
 * The validated, typed configuration every stage reads. Immutable.
 *
 * @param bootstrapServers empty when the embedded broker is to be started
 * @param csvFileIsDefault true when the CSV path was not configured by the user
 * @param csv the CSV layout as configured; what it leaves empty is detected from the file
 * @param kafkaProperties Kafka client properties given by the user (security and tuning); they win
 *     over pep's defaults and the profile
 * @param onBadRow what a run does with a row that is not a valid event
 * @param maxRejects the rejects after which a run stops as fed the wrong file
 * @param commitIntervalMs how often produce commits a transaction with its checkpoint
 */
public record PipelineConfig(
    String bootstrapServers,
    String topic,
    int partitions,
    Path csvFile,
    boolean csvFileIsDefault,
    CsvOptions csv,
    Profile profile,
    KeyField keyField,
    Path rejectsFile,
    Path stateDir,
    int brokerPort,
    KafkaProperties kafkaProperties,
    OnBadRow onBadRow,
    RejectLimit maxRejects,
    int commitIntervalMs) {

  public PipelineConfig {
    if (kafkaProperties == null) {
      throw new IllegalArgumentException("kafkaProperties must not be null (none() for none)");
    }
  }

  /** True when no cluster is configured and the embedded broker must be started. */
  public boolean embeddedBroker() {
    return bootstrapServers.isBlank();
  }

  /** A copy with other bootstrap servers (e.g. the embedded broker's address once started). */
  public PipelineConfig withBootstrapServers(String servers) {
    return new PipelineConfig(
        servers,
        topic,
        partitions,
        csvFile,
        csvFileIsDefault,
        csv,
        profile,
        keyField,
        rejectsFile,
        stateDir,
        brokerPort,
        kafkaProperties,
        onBadRow,
        maxRejects,
        commitIntervalMs);
  }

  /** A copy reading another CSV file. */
  public PipelineConfig withCsvFile(Path file) {
    return new PipelineConfig(
        bootstrapServers,
        topic,
        partitions,
        file,
        false,
        csv,
        profile,
        keyField,
        rejectsFile,
        stateDir,
        brokerPort,
        kafkaProperties,
        onBadRow,
        maxRejects,
        commitIntervalMs);
  }

  /** A copy sending to another topic. */
  public PipelineConfig withTopic(String topic) {
    return new PipelineConfig(
        bootstrapServers,
        topic,
        partitions,
        csvFile,
        csvFileIsDefault,
        csv,
        profile,
        keyField,
        rejectsFile,
        stateDir,
        brokerPort,
        kafkaProperties,
        onBadRow,
        maxRejects,
        commitIntervalMs);
  }

  /** A copy with another producer profile. */
  public PipelineConfig withProfile(Profile profile) {
    return new PipelineConfig(
        bootstrapServers,
        topic,
        partitions,
        csvFile,
        csvFileIsDefault,
        csv,
        profile,
        keyField,
        rejectsFile,
        stateDir,
        brokerPort,
        kafkaProperties,
        onBadRow,
        maxRejects,
        commitIntervalMs);
  }
}
