package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the broker fault tests that stop a {@code pep produce} mid-file share: the slice of the UCI
 * file they produce, the topic, and what the rerun's "resumed after" line says.
 */
final class FirstRowsRerun {
  static final String TOPIC = "purchase-events";
  static final int ROWS = 100_000;
  private static final String FULL = "online-retail/Online Retail.csv";
  private static final Pattern RESUMED =
      Pattern.compile("resumed after line ([0-9,]+): ([0-9,]+) events there were committed");

  private FirstRowsRerun() {}

  /** The header and the first {@link #ROWS} rows of the shared UCI file, copied to {@code to}. */
  static Path firstRows(Path to) throws IOException {
    return firstRows(Fixtures.sharedData(FULL), to, ROWS);
  }

  /** The header and the first {@code rows} data rows of {@code full} (one record per line). */
  static Path firstRows(Path full, Path to, int rows) throws IOException {
    return Fixtures.slice(full, 0, rows, to);
  }

  /**
   * The rerun's "resumed after line L: N events there were committed"; fails the test when the
   * rerun did not exit 0 or printed no such line.
   */
  static Resumed resumed(PepProcess.Result rerun) {
    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    Matcher m = RESUMED.matcher(rerun.out());
    assertThat(m.find()).as(rerun.toString()).isTrue();
    return new Resumed(number(m.group(1)), number(m.group(2)));
  }

  private static long number(String withCommas) {
    return Long.parseLong(withCommas.replace(",", ""));
  }

  /**
   * @param afterLine the line the rerun resumed after
   * @param committed the events the topic held for the file before the rerun
   */
  record Resumed(long afterLine, long committed) {}
}
