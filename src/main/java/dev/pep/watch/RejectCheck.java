package dev.pep.watch;

import dev.pep.config.OnBadRow;
import dev.pep.config.RejectLimit;
import dev.pep.csv.CsvFormatException;
import dev.pep.csv.CsvLayout;
import dev.pep.event.EventReader;
import dev.pep.event.Reject;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;

/**
 * Reads a whole file as producing would, without sending, to learn before the first row is sent
 * whether producing would stop halfway: a row that cannot be read at all, a bad row under {@code
 * PEP_ON_BAD_ROW=fail}, more rejects than {@code PEP_MAX_REJECTS}. So a file that goes to {@code
 * error/} has no row in the topic. The limit is judged at every reject and at the end, as the
 * producer judges it.
 */
final class RejectCheck {
  private RejectCheck() {}

  /** Why {@code file} cannot be loaded, or null when producing it would reach its end. */
  static String problem(
      Path file, CsvLayout layout, ZoneId zone, OnBadRow onBadRow, RejectLimit limit) {
    long rejects = 0;
    Reject first = null;
    try (EventReader reader = EventReader.open(file, layout, zone)) {
      while (reader.next()) {
        if (reader.event() != null) {
          continue;
        }
        rejects++;
        if (first == null) {
          first = reader.reject();
        }
        if (onBadRow == OnBadRow.FAIL) {
          return "a bad row with PEP_ON_BAD_ROW=fail: " + first;
        }
        if (limit.exceeded(rejects, reader.rows(), false)) {
          return tooMany(rejects, reader.rows(), limit, first);
        }
      }
      if (limit.exceeded(rejects, reader.rows(), true)) {
        return tooMany(rejects, reader.rows(), limit, first);
      }
      return null;
    } catch (CsvFormatException e) {
      return e.getMessage();
    }
  }

  private static String tooMany(long rejects, long rows, RejectLimit limit, Reject first) {
    return String.format(
        Locale.ROOT,
        "%,d rejects in the first %,d rows, more than PEP_MAX_REJECTS=%s allows (first reject: %s)",
        rejects,
        rows,
        limit,
        first);
  }
}
