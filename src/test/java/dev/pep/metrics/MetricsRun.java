package dev.pep.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper for the ITs that run pep with metrics on: the port it prints, and the data rows of
 * the file it reads, counted by the test's own CSV reader rather than by the code under test.
 */
final class MetricsRun {
  private static final Pattern PORT = Pattern.compile("Metrics at http://127\\.0\\.0\\.1:(\\d+)/");

  private MetricsRun() {}

  /** What a process has printed so far. */
  interface Output {
    String text() throws IOException;
  }

  /** The metrics port a pep process prints once it serves, waiting up to two minutes. */
  static int awaitPort(Output output, Process p) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      String text = output.text();
      Matcher m = PORT.matcher(text);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      assertThat(p.isAlive()).as(text).isTrue();
      Thread.sleep(50);
    }
    throw new AssertionError("pep printed no metrics port: " + output.text());
  }

  /** The same, for a process whose output goes to a file. */
  static int awaitPort(Path output, Process p) throws IOException, InterruptedException {
    return awaitPort(() -> Files.exists(output) ? Files.readString(output) : "", p);
  }

  /** The file's records after its header line. */
  static long csvRecords(Path csv) throws IOException {
    try (CsvReader<CsvRecord> reader =
        CsvReader.builder()
            .allowExtraFields(true)
            .allowMissingFields(true)
            .ofCsvRecord(csv, StandardCharsets.ISO_8859_1)) {
      return reader.stream().count() - 1;
    }
  }
}
