package dev.pep.bench;

import dev.pep.config.CsvOptions;
import dev.pep.config.PepException;
import dev.pep.csv.CsvLayout;
import dev.pep.csv.CsvSource;
import dev.pep.csv.LayoutDetector;
import dev.pep.csv.RawRecord;
import dev.pep.event.EventJson;
import dev.pep.event.EventReader;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The input of a bench: a CSV file (the configured one, or a copy of its first rows) and the events
 * it holds as our producer serializes them, one JSON per line, for the peers to send.
 *
 * @param csv the file our producer reads
 * @param layout its layout, as detected
 * @param events rows of {@code csv} that are valid events: what every contender must deliver
 * @param rejected rows of {@code csv} that are not (our producer rejects them; peers never see
 *     them)
 * @param payloads the events' JSON values, one per line, in file order
 * @param payloadBytes the JSON values' total size, line breaks not counted
 */
record Workload(
    Path csv, CsvLayout layout, long events, long rejected, Path payloads, long payloadBytes) {

  /** Mean JSON value size in bytes. */
  double meanPayloadBytes() {
    return events == 0 ? 0 : (double) payloadBytes / events;
  }

  /**
   * Prepares the workload of {@code file} in {@code dir}: its first {@code rows} rows when {@code
   * rows} is below the file's row count (0: all), copied byte for byte so the layout is unchanged.
   */
  static Workload prepare(Path file, long rows, CsvOptions options, Path dir) {
    try {
      Files.createDirectories(dir);
      CsvLayout layout = LayoutDetector.detect(file, options);
      Path csv = rows > 0 ? firstRows(file, layout, rows, dir) : file;
      return serialize(csv, layout, options, dir.resolve("payloads.jsonl"));
    } catch (IOException e) {
      throw new PepException("Cannot prepare the bench input in " + dir + ": " + e, e);
    }
  }

  /** The file itself when it has no more than {@code rows} rows, else a copy of header + rows. */
  private static Path firstRows(Path file, CsvLayout layout, long rows, Path dir)
      throws IOException {
    long endLine; // physical lines to copy: the header and the first `rows` records
    try (CsvSource source = CsvSource.open(file, layout)) {
      long n = 0;
      RawRecord next = null;
      while (source.hasNext()) {
        next = source.next();
        if (n++ == rows) {
          break;
        }
      }
      if (n <= rows) {
        return file;
      }
      endLine = next.line() - 1;
    }
    Path copy = dir.resolve(file.getFileName());
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(copy))) {
      long lines = 0;
      int b;
      while (lines < endLine && (b = in.read()) >= 0) {
        out.write(b);
        if (b == '\n') {
          lines++;
        }
      }
    }
    return copy;
  }

  private static Workload serialize(Path csv, CsvLayout layout, CsvOptions options, Path payloads)
      throws IOException {
    EventJson json = new EventJson();
    long events = 0;
    long rejected = 0;
    long bytes = 0;
    try (EventReader reader = EventReader.open(csv, layout, options.zone());
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(payloads), 1 << 16)) {
      while (reader.next()) {
        if (reader.event() == null) {
          rejected++;
          continue;
        }
        byte[] value = json.write(reader.event());
        out.write(value);
        out.write('\n');
        events++;
        bytes += value.length;
      }
    }
    if (events == 0) {
      throw new PepException("No valid event in " + csv + ": nothing to benchmark");
    }
    return new Workload(csv, layout, events, rejected, payloads, bytes);
  }
}
