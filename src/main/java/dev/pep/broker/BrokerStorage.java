package dev.pep.broker;

import dev.pep.config.PepException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/** The broker's storage, formatted as {@code kafka-storage.sh format} does. */
final class BrokerStorage {
  private BrokerStorage() {}

  /**
   * Formats {@code logDir} for node {@code nodeId} of cluster {@code clusterId} unless it already
   * is; returns true when it formatted. {@code scram} are SCRAM credentials to write into the
   * cluster's metadata, as {@code kafka-storage.sh format --add-scram} takes them.
   */
  static boolean format(Path logDir, int nodeId, String clusterId, List<String> scram) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return false;
    }
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(nodeId)
          .setClusterId(clusterId)
          .setDirectories(List.of(logDir.toString()))
          .setMetadataLogDirectory(logDir.toString())
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setControllerListenerName("CONTROLLER")
          .setIgnoreFormatted(true)
          .setScramArguments(scram)
          .run();
      return true;
    } catch (Exception e) {
      throw new PepException(
          "Cannot format the embedded broker's storage in " + logDir + ": " + e.getMessage(), e);
    }
  }
}
