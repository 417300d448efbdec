package dev.pep.event;

import dev.pep.csv.CsvFormatException;
import dev.pep.csv.CsvLayout;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads a whole file the way a run would, without a broker: every row becomes an event or a reject,
 * and is counted. Single-threaded; the caller's consumer sees each event in file order.
 */
public final class FileValidator {
  /** Rejects kept in full for the report. */
  public static final int FIRST_REJECTS = 10;

  private FileValidator() {}

  /**
   * The outcome of reading one file.
   *
   * @param rejectedByReason reject counts by {@link Reject#reasonKey()}, sorted by reason
   * @param complete true when the file was read to its end
   * @param error why reading stopped early, or null
   */
  public record Report(
      String file,
      CsvLayout layout,
      long rows,
      long accepted,
      long rejected,
      Map<String, Long> rejectedByReason,
      List<Reject> firstRejects,
      boolean complete,
      String error) {

    public Report {
      rejectedByReason = Collections.unmodifiableMap(new TreeMap<>(rejectedByReason));
      firstRejects = List.copyOf(firstRejects);
    }
  }

  /** Validates {@code file} in {@code layout}; {@code onEvent} receives every good row's event. */
  public static Report validate(
      Path file, CsvLayout layout, ZoneId zone, Consumer<PurchaseEvent> onEvent) {
    long rows = 0;
    long accepted = 0;
    Map<String, Long> byReason = new TreeMap<>();
    List<Reject> first = new ArrayList<>();
    String error = null;
    try (EventReader reader = EventReader.open(file, layout, zone)) {
      try {
        while (reader.next()) {
          PurchaseEvent e = reader.event();
          if (e != null) {
            accepted++;
            onEvent.accept(e);
          } else {
            Reject r = reader.reject();
            byReason.merge(r.reasonKey(), 1L, Long::sum);
            if (first.size() < FIRST_REJECTS) {
              first.add(r);
            }
          }
        }
      } catch (CsvFormatException e) {
        error = e.getMessage();
      }
      rows = reader.rows();
    }
    return new Report(
        file.getFileName().toString(),
        layout,
        rows,
        accepted,
        rows - accepted,
        byReason,
        first,
        error == null,
        error);
  }
}
