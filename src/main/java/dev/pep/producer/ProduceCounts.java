package dev.pep.producer;

import dev.pep.config.PipelineConfig;
import java.util.List;

/**
 * The counts of one attempt at producing a file, and the arithmetic that turns them into progress
 * and the run's {@link ProduceSummary}. Rows count as read when the sending thread has handled
 * them: {@code rowsRead == skipped + sent + rejected} holds after every chunk. Used by the sending
 * thread only.
 */
final class ProduceCounts {
  private final PipelineConfig config;
  private final int partitions;
  private final long startNanos;
  private final Checkpoint before;
  private final Checkpoint from;
  private long rowsRead;
  private long skipped;
  private long sent;
  private long committed;
  private long bytesRead;
  private ProduceObserver observer = ProduceObserver.NONE;
  private long sentObserved;

  /**
   * @param partitions the topic's partition count, for the summary
   * @param startNanos when the run (its first attempt) started
   * @param before where the run started: what earlier runs committed
   * @param from where this attempt started: {@code before}, or what this run's earlier attempts
   *     committed after it
   */
  ProduceCounts(
      PipelineConfig config, int partitions, long startNanos, Checkpoint before, Checkpoint from) {
    this.config = config;
    this.partitions = partitions;
    this.startNanos = startNanos;
    this.before = before;
    this.from = from;
  }

  /** Tells {@code o} of the rows read and the events sent and committed. */
  ProduceCounts observe(ProduceObserver o) {
    this.observer = o;
    return this;
  }

  /** The summary of a run that found its file already produced completely by an earlier run. */
  static ProduceSummary alreadyDone(
      PipelineConfig config, int partitions, long startNanos, Checkpoint c) {
    return new ProduceSummary(
        config.csvFile().getFileName().toString(),
        config.topic(),
        partitions,
        config.profile().label(),
        c.events() + c.rejected(),
        c.events(),
        c.line(),
        0,
        0,
        c.rejected(),
        seconds(startNanos),
        null,
        List.of(),
        true,
        null);
  }

  long startNanos() {
    return startNanos;
  }

  long rowsRead() {
    return rowsRead;
  }

  /** Counts rows judged (their rejects written) whose events were not sent. */
  void judged(long rows) {
    rowsRead += rows;
    observer.rowsRead(rows);
  }

  /** Counts a chunk of rows as handled: its events sent, skipped or its rows rejected. */
  void handled(long rows, long skippedRows, long fileBytesRead) {
    rowsRead += rows;
    skipped += skippedRows;
    bytesRead = fileBytesRead;
    observer.rowsRead(rows);
    observer.sent(sent - sentObserved);
    sentObserved = sent;
  }

  void sentOne() {
    sent++;
  }

  /** Events covered by a checkpoint now: sent by earlier runs or attempts, or by this one. */
  long events() {
    return skipped + sent;
  }

  /** Everything sent so far was committed. */
  void committed() {
    observer.sent(sent - sentObserved);
    sentObserved = sent;
    committed = sent;
  }

  ProduceProgress progress(long acknowledged, long rejected, long fileBytes) {
    return new ProduceProgress(
        rowsRead,
        skipped + sent,
        skipped + acknowledged,
        rejected,
        bytesRead,
        fileBytes,
        System.nanoTime() - startNanos);
  }

  /**
   * The run's summary after this attempt.
   *
   * @param failure why the run stopped early, or null
   */
  ProduceSummary summary(RejectPolicy rejects, boolean complete, String failure) {
    // Rows this run's earlier attempts committed count as sent by this run, not skipped.
    long fromEarlierAttempts = from.events() - before.events();
    return new ProduceSummary(
        config.csvFile().getFileName().toString(),
        config.topic(),
        partitions,
        config.profile().label(),
        rowsRead,
        skipped - fromEarlierAttempts,
        before.line(),
        fromEarlierAttempts + sent,
        fromEarlierAttempts + committed,
        rejects.count(),
        seconds(startNanos),
        rejects.writtenFile(),
        rejects.first(),
        complete,
        failure);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
