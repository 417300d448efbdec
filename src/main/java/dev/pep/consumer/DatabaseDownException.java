package dev.pep.consumer;

import dev.pep.config.PepException;
import dev.pep.sink.SinkException;
import java.time.Duration;
import java.util.Locale;

/**
 * The database sink kept failing in a way that usually passes (down, restarting, unreachable) for
 * longer than {@code PEP_DB_WAIT_LIMIT_MS} allows. What it stored is consistent (each batch with
 * its offset), so a rerun resumes from it.
 */
public final class DatabaseDownException extends PepException {
  private static final long serialVersionUID = 1L;

  DatabaseDownException(String sink, long failingNanos, Duration limit, SinkException last) {
    super(
        String.format(
            Locale.ROOT,
            "%s has been failing for %.1f s, longer than PEP_DB_WAIT_LIMIT_MS=%d allows; last"
                + " error: %s. Every batch it stored is stored with its offset: run again once"
                + " the database is back, and the consumer resumes from there.",
            sink,
            failingNanos / 1e9,
            limit.toMillis(),
            last.getMessage()),
        last);
  }
}
