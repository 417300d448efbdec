package dev.pep.csv;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where each {@link Column} sits in a file's records, read from its header. Immutable.
 *
 * @param header the header's field names as written in the file
 */
public record ColumnLayout(List<String> header, Map<Column, Integer> positions) {

  public ColumnLayout {
    header = List.copyOf(header);
    positions = Map.copyOf(positions);
  }

  /**
   * Maps a header to columns; throws {@link CsvFormatException} naming the file and the columns
   * that are missing.
   */
  public static ColumnLayout fromHeader(String file, List<String> header) {
    Map<Column, Integer> positions = new EnumMap<>(Column.class);
    for (int i = 0; i < header.size(); i++) {
      Column c = Column.byHeader(header.get(i));
      if (c != null && !positions.containsKey(c)) {
        positions.put(c, i);
      }
    }
    List<String> missing = new ArrayList<>();
    for (Column c : Column.values()) {
      if (!positions.containsKey(c)) {
        missing.add(c.header());
      }
    }
    if (!missing.isEmpty()) {
      throw new CsvFormatException(
          file
              + " line 1: the header lacks column(s) "
              + String.join(", ", missing)
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
}
