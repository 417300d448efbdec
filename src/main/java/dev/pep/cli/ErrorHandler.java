package dev.pep.cli;

import dev.pep.config.ConfigException;
import dev.pep.config.PepException;
import dev.pep.csv.CsvFormatException;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns any failure of a command into one line on stderr and an exit code: 2 for a bad setting or
 * input path, 1 for anything else. The stack trace goes to the log file, and to stderr with {@code
 * --verbose}.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    log.error("Command failed", e);
    err.println(cmd.getColorScheme().errorText("Error: " + message(e)));
    if (verbose(parsed)) {
      e.printStackTrace(err);
    }
    err.flush();
    return exitCode(e);
  }

  static int exitCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PepException) {
        return t instanceof ConfigException || t instanceof CsvFormatException
            ? ExitCodes.USAGE
            : ExitCodes.FAILURE;
      }
    }
    return ExitCodes.FAILURE;
  }

  /**
   * Our own exception's message (also when a library wrapped it, e.g. Kafka around a callback's);
   * for anything else, which no command should let out, the root cause's type and message.
   */
  static String message(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PepException && t.getMessage() != null) {
        return t.getMessage();
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private static boolean verbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
