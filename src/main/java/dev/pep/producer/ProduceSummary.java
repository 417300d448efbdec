package dev.pep.producer;

import dev.pep.event.Reject;
import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of producing one file. Every row read is sent or rejected: {@code rowsRead == sent +
 * rejected}; {@code acknowledged <= sent}, equal when the run succeeded.
 *
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
    long sent,
    long acknowledged,
    long rejected,
    double seconds,
    Path rejectsFile,
    List<Reject> firstRejects,
    boolean complete,
    String failure) {

  public ProduceSummary {
    firstRejects = List.copyOf(firstRejects);
  }

  /** Acknowledged events per second. */
  public double rate() {
    return seconds <= 0 ? 0 : acknowledged / seconds;
  }
}
