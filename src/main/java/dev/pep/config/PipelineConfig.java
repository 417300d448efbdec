package dev.pep.config;

import java.nio.file.Path;

/**
 * The validated, typed configuration every stage reads, in three groups: the cluster and topic, the
 * CSV input with its bad-row policy, and how to produce. Immutable; each {@code with*} method
 * rebuilds one group. The flat accessors ({@link #topic()}, {@link #csvFile()}, …) read through to
 * the groups.
 */
public record PipelineConfig(Cluster cluster, Input input, Producing producing) {

  public PipelineConfig {
    if (cluster == null || input == null || producing == null) {
      throw new IllegalArgumentException("a pipeline configuration needs all three groups");
    }
  }

  /**
   * The Kafka cluster and the topic.
   *
   * @param bootstrapServers empty when the embedded broker is to be started
   * @param kafkaProperties Kafka client properties given by the user (security and tuning); they
   *     win over pep's defaults and the profile
   * @param stateDir where the embedded broker keeps its data
   * @param brokerPort the embedded broker's port (0: any free port)
   */
  public record Cluster(
      String bootstrapServers,
      String topic,
      int partitions,
      KafkaProperties kafkaProperties,
      Path stateDir,
      int brokerPort) {
    public Cluster {
      if (kafkaProperties == null) {
        throw new IllegalArgumentException("kafkaProperties must not be null (none() for none)");
      }
    }

    Cluster withBootstrapServers(String servers) {
      return new Cluster(servers, topic, partitions, kafkaProperties, stateDir, brokerPort);
    }

    Cluster withTopic(String name) {
      return new Cluster(bootstrapServers, name, partitions, kafkaProperties, stateDir, brokerPort);
    }
  }

  /**
   * The CSV file to read and what to do with its bad rows.
   *
   * @param csvFileIsDefault true when the CSV path was not configured by the user
   * @param csv the CSV layout as configured; what it leaves empty is detected from the file
   * @param rejectsFile where rejected rows are written, with the reason
   * @param onBadRow what a run does with a row that is not a valid event
   * @param maxRejects the rejects after which a run stops as fed the wrong file
   */
  public record Input(
      Path csvFile,
      boolean csvFileIsDefault,
      CsvOptions csv,
      Path rejectsFile,
      OnBadRow onBadRow,
      RejectLimit maxRejects) {

    /** The same input settings for another file, which the user chose. */
    Input withCsvFile(Path file) {
      return new Input(file, false, csv, rejectsFile, onBadRow, maxRejects);
    }
  }

  /**
   * How events are produced.
   *
   * @param keyField the event field used as the record key
   * @param commitIntervalMs how often produce commits a transaction with its checkpoint
   * @param idHeader whether each record also carries the event id as an {@code event-id} header
   */
  public record Producing(
      Profile profile, KeyField keyField, int commitIntervalMs, boolean idHeader) {
    Producing withProfile(Profile p) {
      return new Producing(p, keyField, commitIntervalMs, idHeader);
    }
  }

  /** True when no cluster is configured and the embedded broker must be started. */
  public boolean embeddedBroker() {
    return cluster.bootstrapServers().isBlank();
  }

  /** A copy with other bootstrap servers (e.g. the embedded broker's address once started). */
  public PipelineConfig withBootstrapServers(String servers) {
    return new PipelineConfig(cluster.withBootstrapServers(servers), input, producing);
  }

  /** A copy reading another CSV file. */
  public PipelineConfig withCsvFile(Path file) {
    return new PipelineConfig(cluster, input.withCsvFile(file), producing);
  }

  /** A copy sending to another topic. */
  public PipelineConfig withTopic(String topic) {
    return new PipelineConfig(cluster.withTopic(topic), input, producing);
  }

  /** A copy with another producer profile. */
  public PipelineConfig withProfile(Profile profile) {
    return new PipelineConfig(cluster, input, producing.withProfile(profile));
  }

  // The flat accessors the stages read; each reads through to its group.

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  public String topic() {
    return cluster.topic();
  }

  public int partitions() {
    return cluster.partitions();
  }

  public KafkaProperties kafkaProperties() {
    return cluster.kafkaProperties();
  }

  public Path stateDir() {
    return cluster.stateDir();
  }

  public int brokerPort() {
    return cluster.brokerPort();
  }

  public Path csvFile() {
    return input.csvFile();
  }

  public boolean csvFileIsDefault() {
    return input.csvFileIsDefault();
  }

  public CsvOptions csv() {
    return input.csv();
  }

  public Path rejectsFile() {
    return input.rejectsFile();
  }

  public OnBadRow onBadRow() {
    return input.onBadRow();
  }

  public RejectLimit maxRejects() {
    return input.maxRejects();
  }

  public Profile profile() {
    return producing.profile();
  }

  public KeyField keyField() {
    return producing.keyField();
  }

  /** Whether each record also carries the event id as an {@code event-id} header. */
  public boolean idHeader() {
    return producing.idHeader();
  }

  public int commitIntervalMs() {
    return producing.commitIntervalMs();
  }
}
