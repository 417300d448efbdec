package dev.pep.sink;

import dev.pep.config.PepException;

/** The compare-and-set on a partition's offset failed: the batch was not written. */
public class StaleOffsetException extends PepException {
  private static final long serialVersionUID = 1L;

  public StaleOffsetException(String message) {
    super(message);
  }
}
