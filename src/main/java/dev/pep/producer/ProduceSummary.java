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
    String failure) {

  public ProduceSummary {
    firstRejects = List.copyOf(firstRejects);
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
