package dev.pep.csv;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout of one CSV file: separator, encoding, columns, missing-value tokens and dates.
 * Immutable. Built by {@link LayoutDetector} from the file's first lines and what the user set.
 *
 * @param bom true when the file starts with the byte order mark of {@code charset} (UTF-8 or
 *     UTF-16, skipped when reading)
 * @param encodingWhy why this encoding, for people (e.g. "given", "ASCII only")
 * @param missingValues texts that mean "no value" in optional columns (always the empty text)
 * @param gzip true when the file is gzip-compressed (read through a decompressing stream)
 */
public record CsvLayout(
    char separator,
    Charset charset,
    boolean bom,
    String encodingWhy,
    ColumnLayout columns,
    List<String> missingValues,
    DateLayout dates,
    boolean gzip) {

  /** The missing-value tokens of the known exports: empty, and R's {@code NA}. */
  public static final List<String> MISSING_VALUES = List.of("", "NA");

  public CsvLayout {
    missingValues = List.copyOf(missingValues);
    if (!missingValues.contains("")) {
      throw new IllegalArgumentException("the empty text is always a missing value");
    }
  }

  /** The layout in one line, for people, e.g. before producing and in {@code pep validate}. */
  public String describe(String fileName) {
    List<String> parts = new ArrayList<>();
    if (gzip) {
      parts.add("gzip");
    }
    parts.add("separator " + separatorName(separator));
    parts.add("encoding " + charset.name() + (bom ? " with BOM" : "") + " (" + encodingWhy + ")");
    String cols = columns.fieldCount() + " columns";
    if (!columns.renamed().isEmpty()) {
      cols += ", " + String.join(" ", columns.renamed());
    }
    if (!columns.ignored().isEmpty()) {
      cols += ", ignoring " + String.join(", ", columns.ignored());
    }
    parts.add(cols);
    List<String> tokens = new ArrayList<>();
    for (String t : missingValues) {
      tokens.add(t.isEmpty() ? "empty" : t);
    }
    parts.add("missing values " + String.join(" or ", tokens));
    parts.add("dates " + dates.describe());
    return "Layout of " + fileName + ": " + String.join("; ", parts);
  }

  static String separatorName(char c) {
    return c == '\t' ? "tab" : "'" + c + "'";
  }
}
