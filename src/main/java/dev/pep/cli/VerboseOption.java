package dev.pep.cli;

import picocli.CommandLine.Option;

/** {@code --verbose}: stack traces with errors (read by {@link ErrorHandler}). */
final class VerboseOption {
  @Option(
      names = {"-v", "--verbose"},
      description = "Show the full stack trace when something fails.")
  boolean verbose;
}
