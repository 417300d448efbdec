package dev.pep.report;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import dev.pep.config.PepException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rejects by reason per file, counted from the rejects file ({@code PEP_REJECTS_FILE}): the
 * database holds events only, and the rejected rows live in that CSV. Each produce run starts the
 * file anew, so it holds the rejects of the last run that had any.
 *
 * @param path the rejects file read (or looked for)
 * @param present false when there is no such file (no run rejected a row, or it is elsewhere)
 * @param counts per file and reason, by file then reason
 */
public record RejectCounts(Path path, boolean present, List<Count> counts) {
  public RejectCounts {
    counts = List.copyOf(counts);
  }

  /**
   * @param reason the column and what was expected ({@code UnitPrice is not a decimal number}), or
   *     the row's problem when no single column is wrong
   */
  public record Count(String file, String reason, long rejects) {}

  public long total() {
    return counts.stream().mapToLong(Count::rejects).sum();
  }

  /**
   * Reads {@code path}. Text that is not UTF-8 (a rejects file keeps its input's encoding) is read
   * with replacement characters: only the file names and reasons are used.
   *
   * @throws PepException the file is not a pep rejects file, naming it and the missing column
   */
  public static RejectCounts read(Path path) {
    if (!Files.isRegularFile(path)) {
      return new RejectCounts(path, false, List.of());
    }
    Map<String, Map<String, Long>> byFile = new TreeMap<>();
    try (Reader in = new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8);
        CsvReader<NamedCsvRecord> csv = CsvReader.builder().ofNamedCsvRecord(in)) {
      for (NamedCsvRecord r : csv) {
        String column = field(r, "reject_column", path);
        String reason = field(r, "reject_reason", path);
        String key = column.isEmpty() ? reason : column + " " + reason;
        byFile
            .computeIfAbsent(field(r, "reject_file", path), f -> new TreeMap<>())
            .merge(key, 1L, Long::sum);
      }
    } catch (IOException | UncheckedIOException e) {
      throw new PepException("Cannot read the rejects file " + path + ": " + e.getMessage(), e);
    }
    List<Count> counts = new ArrayList<>();
    byFile.forEach((file, reasons) -> reasons.forEach((r, n) -> counts.add(new Count(file, r, n))));
    return new RejectCounts(path, true, counts);
  }

  private static String field(NamedCsvRecord r, String name, Path path) {
    return r.findField(name)
        .orElseThrow(
            () ->
                new PepException(
                    path
                        + " line "
                        + r.getStartingLineNumber()
                        + ": no column "
                        + name
                        + "; not a pep rejects file (PEP_REJECTS_FILE)"));
  }
}
