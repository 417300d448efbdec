package dev.pep.report;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import dev.pep.config.PepException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code pep bench} result ({@code results.csv}, one line per run) summed up per contender: the
 * median, min and max records/s of its valid measured runs (warm-ups left out), as bench.md shows
 * them.
 *
 * @param path the results file read
 * @param contenders in the order the file first names them
 */
public record BenchRuns(Path path, List<Contender> contenders) {
  public BenchRuns {
    contenders = List.copyOf(contenders);
  }

  /** One contender's valid measured runs. */
  public record Contender(String name, int runs, double median, double min, double max) {}

  /**
   * Reads {@code path}: a results.csv, or the directory {@code pep bench --out} wrote it to.
   *
   * @throws PepException the file is missing or not a bench result, naming it and the line
   */
  public static BenchRuns read(Path path) {
    Path file = Files.isDirectory(path) ? path.resolve("results.csv") : path;
    if (!Files.isRegularFile(file)) {
      throw new PepException("No pep bench result at " + file + " (--bench)");
    }
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    try (CsvReader<NamedCsvRecord> csv =
        CsvReader.builder().ofNamedCsvRecord(file, StandardCharsets.UTF_8)) {
      for (NamedCsvRecord r : csv) {
        String name = field(r, "contender", file);
        List<Double> list = rates.computeIfAbsent(name, n -> new ArrayList<>());
        boolean warmup = Boolean.parseBoolean(field(r, "warmup", file));
        boolean valid = Boolean.parseBoolean(field(r, "valid", file));
        String rate = field(r, "records_per_s", file);
        if (!warmup && valid) {
          try {
            list.add(Double.parseDouble(rate));
          } catch (NumberFormatException e) {
            throw new PepException(
                file
                    + " line "
                    + r.getStartingLineNumber()
                    + ", column records_per_s: '"
                    + rate
                    + "' is not a number");
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new PepException("Cannot read the bench result " + file + ": " + e.getMessage(), e);
    }
    List<Contender> contenders = new ArrayList<>();
    rates.forEach(
        (name, list) -> {
          if (!list.isEmpty()) {
            double[] v = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            contenders.add(new Contender(name, v.length, median(v), v[0], v[v.length - 1]));
          }
        });
    return new BenchRuns(file, contenders);
  }

  /** The middle value of sorted {@code v}; the mean of the two middle ones for an even count. */
  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int mid = s.length / 2;
    return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  }

  private static String field(NamedCsvRecord r, String name, Path file) {
    return r.findField(name)
        .orElseThrow(
            () ->
                new PepException(
                    file
                        + " line "
                        + r.getStartingLineNumber()
                        + ": no column "
                        + name
                        + "; not a pep bench results.csv (--bench)"));
  }
}
