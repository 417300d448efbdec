package dev.pep.producer;

import dev.pep.config.OnBadRow;
import dev.pep.config.RejectLimit;
import dev.pep.event.Reject;
import dev.pep.event.RejectsFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a run does with rows that are not events: writes them to the rejects file, and says when the
 * run must stop, by the {@link OnBadRow} policy and the {@link RejectLimit}. Used by the sending
 * thread only.
 */
final class RejectPolicy {
  private final OnBadRow onBadRow;
  private final RejectLimit limit;
  private final RejectsFile file;
  private ProduceObserver observer = ProduceObserver.NONE;

  RejectPolicy(OnBadRow onBadRow, RejectLimit limit, RejectsFile file) {
    this.onBadRow = onBadRow;
    this.limit = limit;
    this.file = file;
  }

  /** Tells {@code o} of each reject written. */
  RejectPolicy observe(ProduceObserver o) {
    this.observer = o;
    return this;
  }

  /** Whether reading stops at the first bad row, so that no row after it is read. */
  boolean stopAtFirstReject() {
    return switch (onBadRow) {
      case REJECT -> false;
      case FAIL -> true;
    };
  }

  /**
   * Writes {@code rejects}, and says why the run must stop when the rejects so far exceed the limit
   * among the {@code rowsRead} rows judged ({@code atEnd}: the whole file); null when it goes on.
   */
  String write(List<Reject> rejects, long rowsRead, boolean atEnd) {
    for (Reject r : rejects) {
      file.write(r);
      observer.rejected(r);
    }
    if (!limit.exceeded(file.count(), rowsRead, atEnd)) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "%,d rejects in the first %,d rows read, more than PEP_MAX_REJECTS=%s allows: this does"
            + " not look like the file you meant to load (first reject: %s)",
        file.count(),
        rowsRead,
        limit,
        file.first().get(0));
  }

  /** Why the run must stop once the rows written so far are sent, by the policy; null: go on. */
  String stopAfterSent() {
    return switch (onBadRow) {
      case REJECT -> null;
      case FAIL ->
          file.count() == 0
              ? null
              : "stopped at the first bad row (PEP_ON_BAD_ROW=fail): " + file.first().get(0);
    };
  }

  /** Rejects written so far. */
  long count() {
    return file.count();
  }

  /** The rejects file, or null when nothing was rejected (and it was not created). */
  Path writtenFile() {
    return file.count() > 0 ? file.path() : null;
  }

  /** The first few rejects. */
  List<Reject> first() {
    return file.first();
  }
}
