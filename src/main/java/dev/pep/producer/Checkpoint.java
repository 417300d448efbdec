package dev.pep.producer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pep.config.PepException;
import dev.pep.event.SourceIdentity;
import java.io.IOException;
import java.nio.file.Path;

/**
 * How far one input file has been produced: committed in the same Kafka transaction as the events
 * it covers, so it is exactly as visible as they are. Every row of the file up to and including the
 * record starting at {@code line} was either sent in a committed transaction ({@code events} of
 * them) or rejected ({@code rejected}).
 *
 * @param file the file's absolute path, as the checkpoint's key
 * @param size the file's size when it was produced
 * @param identity the file's {@link SourceIdentity} hash: another file under the same path has
 *     another
 * @param line the starting line of the last row covered, 0 when none is
 * @param complete true when the whole file is covered
 * @param topicId Kafka's id of the events topic it was written for (a topic deleted and created
 *     again under the same name has another); null in checkpoints written before pep kept it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Checkpoint(
    @JsonProperty("file") String file,
    @JsonProperty("size") long size,
    @JsonProperty("identity") String identity,
    @JsonProperty("line") long line,
    @JsonProperty("events") long events,
    @JsonProperty("rejected") long rejected,
    @JsonProperty("complete") boolean complete,
    @JsonProperty("topic_id") String topicId) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The checkpoint of {@code file}, the file {@code identity} describes, up to {@code line}, for
   * the topic of id {@code topicId} (null: unknown).
   */
  static Checkpoint of(
      Path file,
      SourceIdentity identity,
      String topicId,
      long line,
      long events,
      long rejected,
      boolean complete) {
    return new Checkpoint(
        Checkpoints.key(file),
        identity.size(),
        identity.hash(),
        line,
        events,
        rejected,
        complete,
        topicId);
  }

  /**
   * True when the checkpoint was written for another topic than the one of id {@code current}: the
   * topic was deleted and created again since. Unknown ids (an older checkpoint, a cluster without
   * ids) do not count as another topic.
   */
  boolean forAnotherTopic(String current) {
    return topicId != null && current != null && !topicId.equals(current);
  }

  /** This checkpoint, for the topic of id {@code id} when it has none. */
  Checkpoint forTopic(String id) {
    return topicId != null || id == null
        ? this
        : new Checkpoint(file, size, identity, line, events, rejected, complete, id);
  }

  /** True when the checkpoint was made for the file {@code identity} describes. */
  boolean sameFile(SourceIdentity current) {
    return identity.equals(current.hash()) && size == current.size();
  }

  byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      // A record of strings and numbers always serializes: anything else is a bug.
      throw new IllegalStateException("Cannot write a checkpoint as JSON", e);
    }
  }

  /**
   * Parses a checkpoint record's value; null for a tombstone. A value that is no checkpoint throws
   * a {@link PepException} naming {@code where} (topic-partition@offset).
   */
  static Checkpoint fromJson(byte[] value, String where) {
    if (value == null) {
      return null;
    }
    try {
      return JSON.readValue(value, Checkpoint.class);
    } catch (IOException e) {
      throw new PepException(
          "The record at " + where + " is not a pep checkpoint: " + e.getMessage(), e);
    }
  }
}
