package dev.pep.producer;

import dev.pep.config.PepException;
import java.nio.file.Path;

/**
 * Another producer took over this run's transactional id: the run stops, its uncommitted events
 * discarded and its committed ones kept, and a rerun resumes after them.
 */
public final class FencedException extends PepException {
  private static final long serialVersionUID = 1L;

  FencedException(Path file, String transactionalId, Throwable cause) {
    super(
        "This producer of "
            + file
            + " was fenced (transactional id "
            + transactionalId
            + "): another pep process took over the file, or this one was stalled past"
            + " transaction.timeout.ms and the broker aborted its transaction. Its uncommitted"
            + " events are discarded; the committed ones stay.",
        cause);
  }
}
