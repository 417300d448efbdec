package dev.pep.csv;

import dev.pep.config.PepException;

/** The file cannot be read as a purchase-event CSV at all (no header, wrong columns, I/O). */
public class CsvFormatException extends PepException {
  private static final long serialVersionUID = 1L;

  public CsvFormatException(String message) {
    super(message);
  }

  public CsvFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
