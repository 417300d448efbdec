package dev.pep.config;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * The validated, typed configuration every stage reads. Immutable.
 *
 * @param bootstrapServers empty when the embedded broker is to be started
 * @param csvFileIsDefault true when the CSV path was not configured by the user
 * @param producerOverrides Kafka producer properties given by the user; they win over the profile
 */
public record PipelineConfig(
    String bootstrapServers,
    String topic,
    int partitions,
    Path csvFile,
    boolean csvFileIsDefault,
    Charset encoding,
    String dateFormat,
    ZoneId zone,
    Profile profile,
    KeyField keyField,
    Path rejectsFile,
    Path stateDir,
    int brokerPort,
    Map<String, String> producerOverrides) {

  public PipelineConfig {
    producerOverrides = Map.copyOf(producerOverrides);
    DateTimeFormatter.ofPattern(dateFormat, Locale.ROOT); // validated again for direct callers
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
        encoding,
        dateFormat,
        zone,
        profile,
        keyField,
        rejectsFile,
        stateDir,
        brokerPort,
        producerOverrides);
  }

  /** A copy reading another CSV file. */
  public PipelineConfig withCsvFile(Path file) {
    return new PipelineConfig(
        bootstrapServers,
        topic,
        partitions,
        file,
        false,
        encoding,
        dateFormat,
        zone,
        profile,
        keyField,
        rejectsFile,
        stateDir,
        brokerPort,
        producerOverrides);
  }
}
