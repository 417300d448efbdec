package dev.pep.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --summary-json PATH}: the end-of-run summary as JSON, for scripts. */
final class SummaryJsonOption {
  @Option(
      names = "--summary-json",
      paramLabel = "PATH",
      description = "Also write the end-of-run summary as JSON to PATH.")
  Path path;

  /** Writes {@code summary} when the option was given. */
  void write(Map<String, Object> summary) {
    SummaryReport.writeJson(path, summary);
  }
}
