package dev.pep.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pep.config.PepException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One load as its {@code --summary-json} file tells it (of {@code pep run} or {@code pep produce}):
 * the database keeps no times, so durations come from there.
 *
 * @param writtenAt when the summary file was last written (its modification time)
 * @param consumed events stored by the consume step; -1 when the summary has none (produce)
 * @param consumeSeconds the consume step's time; -1 when the summary has none
 */
public record LoadRun(
    Path summary,
    Instant writtenAt,
    String command,
    String file,
    long rowsRead,
    long committed,
    long rejected,
    double produceSeconds,
    long consumed,
    long duplicates,
    double consumeSeconds,
    boolean complete) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads a summary file.
   *
   * @throws PepException the file is missing, not JSON, or not a run or produce summary
   */
  public static LoadRun read(Path path) {
    JsonNode n;
    Instant at;
    try {
      n = JSON.readTree(path.toFile());
      at = Files.getLastModifiedTime(path).toInstant();
    } catch (IOException e) {
      throw new PepException(
          "Cannot read the summary " + path + " (--summary): " + e.getMessage(), e);
    }
    if (n == null || !n.has("rows_read") || !n.has("committed")) {
      throw new PepException(
          path + " is not the --summary-json of pep run or pep produce (no rows_read, committed)");
    }
    JsonNode consume = n.path("consume");
    return new LoadRun(
        path,
        at,
        n.path("command").asText(""),
        n.path("file").asText(""),
        n.path("rows_read").asLong(),
        n.path("committed").asLong(),
        n.path("rejected").asLong(),
        n.path("seconds").asDouble(),
        consume.isMissingNode() ? -1 : consume.path("written").asLong(),
        consume.isMissingNode() ? -1 : consume.path("duplicates").asLong(),
        consume.isMissingNode() ? -1 : consume.path("seconds").asDouble(),
        n.path("complete").asBoolean());
  }
}
