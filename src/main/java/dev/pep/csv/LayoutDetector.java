package dev.pep.csv;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.pep.config.Ahead;
import dev.pep.config.CsvOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works out a file's {@link CsvLayout} from its first lines, for whatever {@link CsvOptions} leaves
 * open. Returns data; it prints nothing.
 *
 * <ul>
 *   <li>Compression: a gzip file (by its magic number) is read through a decompressing stream.
 *   <li>Encoding: a UTF-8 or UTF-16 byte order mark (Excel's "Unicode text" is UTF-16LE with one),
 *       else the first non-ASCII byte decides: valid UTF-8 there means UTF-8, anything else an
 *       8-bit encoding (windows-1252 when bytes 0x80-0x9F occur near it, else ISO-8859-1). A file
 *       of ASCII only is read as UTF-8. This scan reads bytes up to the first non-ASCII one, at
 *       worst the whole file, without parsing.
 *   <li>Separator: the most frequent of {@code ,} {@code ;} tab in the header line.
 *   <li>Columns: the header names ({@link Column}), with the user's mapping first.
 *   <li>Dates: the first {@value #SAMPLE_ROWS} rows give the layouts met; day or month first is
 *       decided by the first row where one of the two numbers is above 12, looking up to {@value
 *       #MAX_ROWS} rows ahead. When no row decides, month first is chosen and the layout says so.
 * </ul>
 */
public final class LayoutDetector {
  private static final Logger log = LoggerFactory.getLogger(LayoutDetector.class);

  /** Rows read to collect the date layouts in use. */
  static final int SAMPLE_ROWS = 1_000;

  /** Rows read at most to find a date that tells day from month. */
  static final int MAX_ROWS = 1_000_000;

  private static final int HEAD_BYTES = 64 * 1024;

  private LayoutDetector() {}

  /**
   * Detects the layout of {@code path}; a file that is no purchase CSV is a {@link
   * CsvFormatException}.
   */
  public static CsvLayout detect(Path path, CsvOptions options) {
    long start = System.nanoTime();
    CsvLayout layout = detect(path, options, false);
    log.info(
        "Detected the layout of {} in {} ms: {}",
        path,
        (System.nanoTime() - start) / 1_000_000,
        layout.describe(path.getFileName().toString()));
    return layout;
  }

  /**
   * Starts {@link #detect} on a daemon thread and returns it: a caller that has other work first
   * (starting a broker, creating the topic, opening the producer) then gets the layout without
   * waiting for it. Its {@code get} throws what {@code detect} would have thrown.
   */
  public static Ahead<CsvLayout> detectAhead(Path path, CsvOptions options) {
    return Ahead.start("pep-layout", () -> detect(path, options));
  }

  /**
   * Checks, from the first 64 KiB only, that {@code path} is a file whose header has every column
   * (a {@link CsvFormatException} if not): the quick check before a broker is started.
   */
  public static ColumnLayout checkHeader(Path path, CsvOptions options) {
    return detect(path, options, true).columns();
  }

  private static CsvLayout detect(Path path, CsvOptions options, boolean headerOnly) {
    CsvSource.checkFile(path);
    String fileName = path.getFileName().toString();
    try {
      byte[] head;
      try (InputStream in = CsvInput.open(path)) {
        head = in.readNBytes(HEAD_BYTES);
      }
      boolean gzip = CsvInput.isGzip(path);
      if (head.length == 0) {
        throw new CsvFormatException(fileName + " is empty: expected a header line");
      }
      Charset bomCharset = CsvInput.bomCharset(head);
      Charset charset;
      String encodingWhy;
      if (options.encoding().isPresent()) {
        charset = options.encoding().get();
        encodingWhy = "given";
      } else if (bomCharset != null) {
        charset = bomCharset;
        encodingWhy = "byte order mark";
      } else {
        EncodingGuess g = guessEncoding(path, headerOnly);
        charset = g.charset;
        encodingWhy = g.why;
      }
      boolean bom = charset.equals(bomCharset);
      int skip = bom ? CsvInput.bomLength(charset) : 0;
      String headerLine = firstLine(head, skip, charset);
      char separator = options.separator().orElseGet(() -> guessSeparator(headerLine));
      List<String> header =
          CsvReader.builder().fieldSeparator(separator).ofSingleCsvRecord(headerLine).getFields();
      ColumnLayout columns = ColumnLayout.fromHeader(fileName, header, options.columns());
      DateLayout dates =
          options.dateFormat().isPresent() || headerOnly
              ? DateLayout.explicit(options.dateFormat().orElse("M/d/yyyy H:mm"))
              : detectDates(path, skip, charset, separator, columns.indexOf(Column.INVOICE_DATE));
      return new CsvLayout(
          separator, charset, bom, encodingWhy, columns, CsvLayout.MISSING_VALUES, dates, gzip);
    } catch (AccessDeniedException e) {
      throw new CsvFormatException("CSV file not readable (permission denied): " + path);
    } catch (IOException | UncheckedIOException e) {
      throw new CsvFormatException("Cannot read CSV file " + path + ": " + e.getMessage(), e);
    }
  }

  private record EncodingGuess(Charset charset, String why) {}

  /** A date layout met while detecting: {@link DateText}'s kind, year digits, seconds or not. */
  private record Shape(int kind, int yearDigits, int seconds) {}

  private static EncodingGuess guessEncoding(Path path, boolean headOnly) throws IOException {
    byte[] buf = new byte[HEAD_BYTES];
    long line = 1;
    try (InputStream in = CsvInput.open(path)) {
      int n;
      while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          if (b < 0) {
            return judge(buf, i, n, line, n < buf.length);
          }
          if (b == '\n') {
            line++;
          }
        }
        if (headOnly) {
          break;
        }
      }
    }
    return new EncodingGuess(StandardCharsets.UTF_8, "ASCII only");
  }

  /** Judges the bytes from the first non-ASCII one at {@code from} to the end of the buffer. */
  private static EncodingGuess judge(byte[] buf, int from, int n, long line, boolean endOfFile) {
    boolean c1 = false;
    boolean utf8 = true;
    int i = from;
    while (i < n) {
      int b = buf[i] & 0xff;
      if (b >= 0x80 && b <= 0x9f) {
        c1 = true;
      }
      if (b < 0x80) {
        i++;
        continue;
      }
      int more =
          b >= 0xC2 && b <= 0xDF ? 1 : b >= 0xE0 && b <= 0xEF ? 2 : b >= 0xF0 && b <= 0xF4 ? 3 : -1;
      if (more < 0) {
        utf8 = false;
        i++;
        continue;
      }
      int j = 1;
      while (j <= more && i + j < n && (buf[i + j] & 0xC0) == 0x80) {
        j++;
      }
      if (j <= more && !(i + j == n && !endOfFile)) {
        utf8 = false; // a sequence cut by the buffer's end is given the benefit of the doubt
      }
      i += j;
    }
    String where = String.format(Locale.ROOT, "line %,d", line);
    if (utf8) {
      return new EncodingGuess(StandardCharsets.UTF_8, "valid UTF-8 from " + where);
    }
    String byteText = String.format(Locale.ROOT, "byte 0x%02X on %s", buf[from] & 0xff, where);
    return c1
        ? new EncodingGuess(Charset.forName("windows-1252"), byteText + " is not UTF-8")
        : new EncodingGuess(StandardCharsets.ISO_8859_1, byteText + " is not UTF-8");
  }

  /** The first line of {@code head} from byte {@code from}, decoded first (UTF-16 has NULs). */
  private static String firstLine(byte[] head, int from, Charset charset) {
    String text = new String(head, from, head.length - from, charset);
    int end = 0;
    while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
      end++;
    }
    return text.substring(0, end);
  }

  static char guessSeparator(String headerLine) {
    char best = ',';
    int bestCount = 0;
    for (char c : new char[] {',', ';', '\t'}) {
      int count = 0;
      for (int i = 0; i < headerLine.length(); i++) {
        if (headerLine.charAt(i) == c) {
          count++;
        }
      }
      if (count > bestCount) {
        best = c;
        bestCount = count;
      }
    }
    return best;
  }

  private static DateLayout detectDates(
      Path path, int skip, Charset charset, char separator, int dateColumn) throws IOException {
    Set<Shape> seen = new LinkedHashSet<>();
    int[] n = new int[DateText.SLOTS];
    String monthFirst = null;
    String dayFirst = null;
    boolean slash = false;
    int rows = 0;
    try (InputStream raw = CsvInput.open(path)) {
      raw.skipNBytes(skip);
      try (CsvReader<CsvRecord> reader =
          CsvReader.builder()
              .fieldSeparator(separator)
              .skipEmptyLines(false)
              .allowExtraFields(true)
              .allowMissingFields(true)
              .ofCsvRecord(raw, charset)) {
        CloseableIterator<CsvRecord> it = reader.iterator();
        boolean header = true;
        while (hasNext(it)) {
          CsvRecord r = it.next();
          if (header) {
            header = false;
            continue;
          }
          rows++;
          if (dateColumn < r.getFieldCount()) {
            String text = r.getField(dateColumn);
            int kind = DateText.lex(text, n);
            if (kind == DateText.SLASH) {
              slash = true;
              if (n[0] > 12 && n[1] <= 12 && dayFirst == null) {
                dayFirst = evidence(r, text, n[0]);
              } else if (n[1] > 12 && n[0] <= 12 && monthFirst == null) {
                monthFirst = evidence(r, text, n[1]);
              }
            }
            if (kind != DateText.NONE && rows <= SAMPLE_ROWS) {
              seen.add(new Shape(kind, n[DateText.YEAR_DIGITS], n[DateText.HAS_SECONDS]));
            }
          }
          boolean decided = monthFirst != null || dayFirst != null || !slash;
          if ((decided && rows >= SAMPLE_ROWS) || rows >= MAX_ROWS) {
            break;
          }
        }
      }
    }
    DateLayout.Order order;
    String why;
    if (monthFirst != null && dayFirst != null) {
      order = DateLayout.Order.EITHER;
      why =
          "both day first ("
              + dayFirst
              + ") and month first ("
              + monthFirst
              + "): each row as its numbers allow, rows with day and month both <= 12 rejected";
    } else if (dayFirst != null) {
      order = DateLayout.Order.DAY_FIRST;
      why = "day first: " + dayFirst;
    } else if (monthFirst != null) {
      order = DateLayout.Order.MONTH_FIRST;
      why = "month first: " + monthFirst;
    } else if (slash) {
      order = DateLayout.Order.MONTH_FIRST;
      why =
          String.format(
              Locale.ROOT,
              "month first, chosen as in the UCI export: no date in the first %,d rows has a"
                  + " number above 12 to decide (set --date-format to choose)",
              rows);
    } else {
      order = DateLayout.Order.MONTH_FIRST;
      why = "";
    }
    boolean dayFirstPatterns = order == DateLayout.Order.DAY_FIRST;
    Set<String> patterns = new LinkedHashSet<>();
    for (Shape shape : seen) {
      n[DateText.YEAR_DIGITS] = shape.yearDigits();
      n[DateText.HAS_SECONDS] = shape.seconds();
      patterns.add(DateText.pattern(shape.kind(), n, dayFirstPatterns));
    }
    return new DateLayout(null, order, List.copyOf(patterns), why);
  }

  /** False at the end, or at a broken record: reading the file for real reports that. */
  private static boolean hasNext(CloseableIterator<CsvRecord> it) {
    try {
      return it.hasNext();
    } catch (CsvParseException e) {
      return false;
    }
  }

  private static String evidence(CsvRecord r, String text, int above12) {
    return String.format(
        Locale.ROOT, "line %,d has '%s', %d > 12", r.getStartingLineNumber(), text, above12);
  }
}
