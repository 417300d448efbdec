package dev.pep.config;

import java.nio.charset.Charset;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * What the user said about the CSV layout; whatever is empty is detected from the file. Immutable.
 *
 * @param separator the field separator, or empty to detect it
 * @param encoding the character encoding, or empty to detect it (UTF-8 or an 8-bit encoding)
 * @param dateFormat a java.time pattern for InvoiceDate, or empty to detect the layout
 * @param zone the time zone of InvoiceDate
 * @param columns our column name (e.g. {@code UnitPrice}) to the file's header name (e.g. {@code
 *     Price}), for headers pep does not know
 */
public record CsvOptions(
    Optional<Character> separator,
    Optional<Charset> encoding,
    Optional<String> dateFormat,
    ZoneId zone,
    Map<String, String> columns) {

  public CsvOptions {
    columns = Map.copyOf(columns);
  }

  /** Nothing given: detect everything; dates in {@code zone}. */
  public static CsvOptions detect(ZoneId zone) {
    return new CsvOptions(Optional.empty(), Optional.empty(), Optional.empty(), zone, Map.of());
  }
}
