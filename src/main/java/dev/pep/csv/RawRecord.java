package dev.pep.csv;

import java.util.List;

/**
 * One CSV record as read, before any typing.
 *
 * @param line the line number where the record starts (the header is line 1)
 * @param fields the fields as written, unquoted
 * @param end how the record ended: at a line break, or at the end of the file
 */
public record RawRecord(long line, List<String> fields, End end) {

  /** How a record ended. */
  public enum End {
    /** A line break, or the end of a file whose last byte is a line break. */
    LINE_BREAK,
    /** The end of a file without a final line break: the last line may be cut off. */
    END_OF_FILE,
    /** The end of the file inside a quoted field: its quote was never closed. */
    OPEN_QUOTE
  }
}
