package dev.pep.csv;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where each {@link Column} sits in a file's records, read from its header. Immutable. Header
 * fields that are no column (an index column, {@code TotalPrice}) are kept in the field count and
 * otherwise ignored.
 *
 * @param header the header's field names as written in the file
 */
public record ColumnLayout(List<String> header, Map<Column, Integer> positions) {

  public ColumnLayout {
    header = List.copyOf(header);
    positions = Map.copyOf(positions);
  }

  /**
   * Maps a header to columns by their known names; throws {@link CsvFormatException} naming the
   * file and the columns that are missing.
   */
  public static ColumnLayout fromHeader(String file, List<String> header) {
    return fromHeader(file, header, Map.of());
  }

  /**
   * Maps a header to columns; {@code names} gives the file's header name for some columns (keyed by
   * the UCI name, e.g. {@code UnitPrice=Price}) and wins over the known names.
   */
  public static ColumnLayout fromHeader(
      String file, List<String> header, Map<String, String> names) {
    Map<Column, Integer> positions = new EnumMap<>(Column.class);
    List<String> problems = new ArrayList<>();
    names.forEach(
        (ours, theirs) -> {
          Column c = Column.ofHeader(ours);
          int i = header.indexOf(theirs);
          if (c == null) {
            problems.add(ours + " is not a column");
          } else if (i < 0) {
            problems.add("no header field '" + theirs + "' for " + ours);
          } else {
            positions.put(c, i);
          }
        });
    for (int i = 0; i < header.size(); i++) {
      Column c = Column.byHeader(header.get(i));
      if (c != null && !positions.containsKey(c) && !positions.containsValue(i)) {
        positions.put(c, i);
      }
    }
    List<String> missing = new ArrayList<>();
    for (Column c : Column.values()) {
      if (!positions.containsKey(c)) {
        missing.add(c.header());
      }
    }
    if (!missing.isEmpty() || !problems.isEmpty()) {
      throw new CsvFormatException(
          file
              + " line 1: "
              + (missing.isEmpty()
                  ? ""
                  : "the header lacks column(s) " + String.join(", ", missing))
              + (problems.isEmpty()
                  ? ""
                  : (missing.isEmpty() ? "" : "; ")
                      + "the column mapping names "
                      + String.join(", ", problems))
              + " (found: "
              + String.join(",", header)
              + ")");
    }
    return new ColumnLayout(header, positions);
  }

  /** The index of {@code column} in a record. */
  public int indexOf(Column column) {
    return positions.get(column);
  }

  /** How many fields a well-formed record has. */
  public int fieldCount() {
    return header.size();
  }

  /** The header fields that are no column, e.g. an index column or {@code TotalPrice}. */
  public List<String> ignored() {
    List<String> ignored = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      if (!positions.containsValue(i)) {
        ignored.add(header.get(i));
      }
    }
    return ignored;
  }

  /** Header names that differ from the UCI names, as {@code Invoice=InvoiceNo}; empty if none. */
  public List<String> renamed() {
    List<String> renamed = new ArrayList<>();
    for (Column c : Column.values()) {
      String h = header.get(positions.get(c));
      if (!h.equals(c.header())) {
        renamed.add(h + "=" + c.header());
      }
    }
    return renamed;
  }
}
