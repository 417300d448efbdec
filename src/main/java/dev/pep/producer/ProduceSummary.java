package dev.pep.producer;

import dev.pep.event.Reject;
import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of producing one file. Every row read was sent by an earlier run, sent by this one,
 * or rejected: {@code rowsRead == skipped + sent + rejected}; {@code committed <= sent}, equal when
 * the run succeeded.
 *
 * @param skipped events an earlier run had committed: this run resumed after them
 * @param resumedAfterLine the line this run resumed after, 0 when it started at the first row
 * @param committed events sent by this run whose transaction committed
 * @param rejectsFile where rejects were written, or null when there were none
 * @param firstRejects the first few rejects, for the person reading the summary
 * @param complete false when the run was stopped (Ctrl-C) or failed before the end of the file
 * @param failure the first send failure, or null
 * @param replacedTopic the file's checkpoint was written for a deleted topic of the same name, so
 *     this run sent the file from its first row; null otherwise
 */
public record ProduceSummary(
    String file,
    String topic,
    int partitions,
    String profile,
    long rowsRead,
    long skipped,
    long resumedAfterLine,
    long sent,
    long committed,
    long rejected,
    double seconds,
    Path rejectsFile,
    List<Reject> firstRejects,
    boolean complete,
    String failure,
    ReplacedTopic replacedTopic) {

  /**
   * A checkpoint set aside because the topic it was written for was deleted.
   *
   * @param checkpointTopicId the id of the topic the checkpoint was written for
   * @param topicId the id of the topic under that name now
   * @param line the line the checkpoint covered
   * @param complete whether it said the whole file was produced
   */
  public record ReplacedTopic(
      String checkpointTopicId, String topicId, long line, boolean complete) {}

  public ProduceSummary {
    firstRejects = List.copyOf(firstRejects);
  }

  /** A summary of a run that resumed from, or had, no checkpoint of a deleted topic. */
  public ProduceSummary(
      String file,
      String topic,
      int partitions,
      String profile,
      long rowsRead,
      long skipped,
      long resumedAfterLine,
      long sent,
      long committed,
      long rejected,
      double seconds,
      Path rejectsFile,
      List<Reject> firstRejects,
      boolean complete,
      String failure) {
    this(
        file,
        topic,
        partitions,
        profile,
        rowsRead,
        skipped,
        resumedAfterLine,
        sent,
        committed,
        rejected,
        seconds,
        rejectsFile,
        firstRejects,
        complete,
        failure,
        null);
  }

  /** This summary, noting the checkpoint set aside ({@code r}, may be null). */
  ProduceSummary withReplacedTopic(ReplacedTopic r) {
    return new ProduceSummary(
        file,
        topic,
        partitions,
        profile,
        rowsRead,
        skipped,
        resumedAfterLine,
        sent,
        committed,
        rejected,
        seconds,
        rejectsFile,
        firstRejects,
        complete,
        failure,
        r);
  }

  /** Committed events per second. */
  public double rate() {
    return seconds <= 0 ? 0 : committed / seconds;
  }

  /** True when an earlier run had produced the whole file, and this one had nothing to send. */
  public boolean alreadyDone() {
    return complete && sent == 0 && skipped > 0 && rowsRead == skipped + rejected;
  }
}
