package dev.pep.watch;

import java.nio.file.Path;

/**
 * What became of one file of the watched directory.
 *
 * @param rows rows read by this process (a resumed file: those after its checkpoint)
 * @param committed events this process committed for the file
 * @param skipped events an earlier process had committed (a resumed or finished file)
 * @param rejects bad rows written to {@code rejectsFile}
 * @param where where the file is now (null when deleted)
 * @param reason why it went to {@code error/}, was left for later, or was stopped; null when done
 */
public record FileOutcome(
    String file,
    Result result,
    long rows,
    long committed,
    long skipped,
    long rejects,
    double seconds,
    Path where,
    Path rejectsFile,
    String reason) {

  /** How a file ended. */
  public enum Result {
    /** Every row is in Kafka; the file was moved, deleted or kept as configured. */
    FINISHED,
    /** Every row was in Kafka already (an earlier process); the file was moved as configured. */
    ALREADY_DONE,
    /** The file cannot be loaded (unreadable, wrong header, too many rejects): moved to error/. */
    ERROR,
    /** Producing failed (the cluster); the file stays and is tried again later. */
    RETRY,
    /** Stopped by Ctrl-C before its end; the next run resumes after its last commit. */
    STOPPED
  }
}
