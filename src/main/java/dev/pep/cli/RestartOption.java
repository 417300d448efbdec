package dev.pep.cli;

import dev.pep.producer.CsvProducer;
import picocli.CommandLine.Option;

/** {@code --restart}: send the file from its first row instead of resuming after its checkpoint. */
final class RestartOption {
  @Option(
      names = "--restart",
      description =
          "Send the file from its first row again, even if an earlier run sent it (or part of"
              + " it), or the file changed since. Without it, a rerun resumes after the last"
              + " committed row. Sinks skip events they already hold.")
  boolean restart;

  CsvProducer.Start start() {
    return restart ? CsvProducer.Start.RESTART : CsvProducer.Start.RESUME;
  }
}
