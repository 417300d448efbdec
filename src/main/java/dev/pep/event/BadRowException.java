package dev.pep.event;

import dev.pep.config.PepException;

/**
 * A row was rejected. Thrown by {@link EventParser} and caught by the stage that applies the
 * bad-row policy; carries the {@link Reject}. It has no stack trace: it is an outcome, not a bug.
 */
public class BadRowException extends PepException {
  private static final long serialVersionUID = 1L;
  private final transient Reject reject;

  public BadRowException(Reject reject) {
    super(reject.message());
    this.reject = reject;
  }

  public Reject reject() {
    return reject;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
