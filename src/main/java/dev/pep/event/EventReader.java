package dev.pep.event;

import dev.pep.csv.CsvLayout;
import dev.pep.csv.CsvSource;
import dev.pep.csv.RawRecord;
import java.io.Closeable;
import java.nio.file.Path;
import java.time.ZoneId;

/**
 * The one read → parse → event loop: a cursor over a CSV file whose every row is either an {@link
 * #event()} or a {@link #reject()}, in file order. {@code produce}, {@code validate} and {@code
 * bench} all read their input through it, so they agree on what a row becomes.
 *
 * <p>A cursor rather than a stream or callback: the caller's loop stays a plain loop (it may stop
 * after any row, e.g. at a chunk's end), and nothing is allocated per row beyond the event or
 * reject itself. Not thread-safe; the caller closes it, which closes the file.
 *
 * <p>Input that cannot be read further (an I/O error, a broken record) surfaces from {@link
 * #next()} as a {@link dev.pep.csv.CsvFormatException}; a bad row is not an error here but a
 * reject.
 */
public final class EventReader implements Closeable {
  private final CsvSource source;
  private final EventParser parser;
  private long rows;
  private long line;
  private PurchaseEvent event;
  private Reject reject;

  private EventReader(CsvSource source, EventParser parser) {
    this.source = source;
    this.parser = parser;
  }

  /**
   * Opens {@code file} in {@code layout}, its events stamped with the file's identity and dated in
   * {@code zone}.
   */
  public static EventReader open(Path file, CsvLayout layout, ZoneId zone) {
    // Opened first: a missing or unreadable file is reported as such, not by the identity's hash.
    CsvSource source = CsvSource.open(file, layout);
    try {
      return new EventReader(source, new EventParser(SourceIdentity.of(file), layout, zone));
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
  }

  /** As {@link #open(Path, CsvLayout, ZoneId)}, with the file's identity computed beforehand. */
  public static EventReader open(
      Path file, CsvLayout layout, SourceIdentity identity, ZoneId zone) {
    EventParser parser = new EventParser(identity, layout, zone);
    return new EventReader(CsvSource.open(file, layout), parser);
  }

  /**
   * Reads the next row: true when there was one, and then exactly one of {@link #event()} and
   * {@link #reject()} is set; false at the end of the file.
   */
  public boolean next() {
    if (!source.hasNext()) {
      event = null;
      reject = null;
      return false;
    }
    RawRecord record = source.next();
    rows++;
    line = record.line();
    try {
      event = parser.parse(record);
      reject = null;
    } catch (BadRowException e) {
      event = null;
      reject = e.reject();
    }
    return true;
  }

  /** The current row's event, or null when it was rejected. */
  public PurchaseEvent event() {
    return event;
  }

  /** Why the current row is not an event, or null when it is one. */
  public Reject reject() {
    return reject;
  }

  /** The line the current row starts on (0 before the first). */
  public long line() {
    return line;
  }

  /** Rows read so far, good and bad. */
  public long rows() {
    return rows;
  }

  /** Bytes of the file read so far (read-ahead included), for progress. */
  public long bytesRead() {
    return source.bytesRead();
  }

  /** The file's size in bytes when it was opened. */
  public long size() {
    return source.size();
  }

  /** The file's name, as used in messages. */
  public String fileName() {
    return source.fileName();
  }

  @Override
  public void close() {
    source.close();
  }
}
