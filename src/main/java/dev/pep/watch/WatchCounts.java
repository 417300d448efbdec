package dev.pep.watch;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The running totals of one {@code pep watch} process, safe to read from any thread (e.g. for
 * metrics or a status line) while the watcher's threads add to them.
 */
public final class WatchCounts {
  private final AtomicLong seen = new AtomicLong();
  private final AtomicLong finished = new AtomicLong();
  private final AtomicLong errored = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong committed = new AtomicLong();
  private final AtomicLong rejects = new AtomicLong();
  private final AtomicLong inProgress = new AtomicLong();

  /** Files taken from the directory to be produced (a file tried again counts again). */
  public long filesSeen() {
    return seen.get();
  }

  /** Files whose rows are all in Kafka, moved (deleted, kept) as configured. */
  public long filesFinished() {
    return finished.get();
  }

  /** Files moved to {@code error/}. */
  public long filesErrored() {
    return errored.get();
  }

  /** Files whose producing failed and that were left to be tried again. */
  public long filesRetried() {
    return retried.get();
  }

  /** Files being produced now. */
  public long filesInProgress() {
    return inProgress.get();
  }

  /** Rows read by this process. */
  public long rows() {
    return rows.get();
  }

  /** Events this process committed to the topic. */
  public long committed() {
    return committed.get();
  }

  /** Rows rejected by this process. */
  public long rejects() {
    return rejects.get();
  }

  void started() {
    seen.incrementAndGet();
    inProgress.incrementAndGet();
  }

  void ended(FileOutcome o) {
    inProgress.decrementAndGet();
    rows.addAndGet(o.rows());
    committed.addAndGet(o.committed());
    rejects.addAndGet(o.rejects());
    switch (o.result()) {
      case FINISHED, ALREADY_DONE -> finished.incrementAndGet();
      case ERROR -> errored.incrementAndGet();
      case RETRY -> retried.incrementAndGet();
      case STOPPED -> {
        // neither: the next run takes it up
      }
    }
  }
}
