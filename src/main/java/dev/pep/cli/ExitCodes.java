package dev.pep.cli;

/** The exit codes of every command. */
final class ExitCodes {
  static final int OK = 0;

  /** The run failed (a send failed, the broker is unreachable, the read-back did not match). */
  static final int FAILURE = 1;

  /** A flag, setting or input path was wrong; nothing was done. */
  static final int USAGE = 2;

  /** Stopped by Ctrl-C (128 + SIGINT), after a clean shutdown. */
  static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
