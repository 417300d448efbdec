package dev.pep.sink;

import dev.pep.config.PepException;

/** The sink's database failed (connection lost, disk full, ...). Retried with backoff. */
public class SinkException extends PepException {
  private static final long serialVersionUID = 1L;

  public SinkException(String message, Throwable cause) {
    super(message, cause);
  }
}
