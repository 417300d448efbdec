package dev.pep.config;

/**
 * Base of the project's own unchecked exceptions. Every message says where (file:line, config key,
 * address) and what was expected, so the CLI can show it as the one line a user reads.
 */
public class PepException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PepException(String message) {
    super(message);
  }

  public PepException(String message, Throwable cause) {
    super(message, cause);
  }
}
