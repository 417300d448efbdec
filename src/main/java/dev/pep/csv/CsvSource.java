package dev.pep.csv;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams the records of one CSV file, header first, in bounded memory (FastCSV's reader over a
 * buffered stream; a gzip file decompressed on the way, see {@link CsvInput}). Not thread-safe; the
 * caller closes it.
 *
 * <p>Empty lines are returned as records (with one empty field) so that the caller can reject them
 * rather than lose them silently.
 */
public final class CsvSource implements Closeable {
  private final Path path;
  private final String fileName;
  private final long size;
  private final CountingInputStream counter;
  private final CsvReader<CsvRecord> reader;
  private final CloseableIterator<CsvRecord> records;
  private final ColumnLayout layout;
  private final Charset charset;
  private final TailReader text;
  private CsvFormatException pending;

  private CsvSource(Path path, Charset charset, char separator, boolean bom, ColumnLayout columns)
      throws IOException {
    this.path = path;
    this.fileName = path.getFileName().toString();
    this.size = Files.size(path);
    this.charset = charset;
    this.counter = new CountingInputStream(Files.newInputStream(path));
    InputStream in = CsvInput.open(path, counter);
    if (bom) {
      in.skipNBytes(CsvInput.bomLength(charset));
    }
    // A strict decoder: a byte that is not valid in the encoding stops the run with a message
    // instead of becoming U+FFFD in an event.
    this.text =
        new TailReader(
            new InputStreamReader(
                in,
                charset
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)));
    this.reader =
        CsvReader.builder()
            .fieldSeparator(separator)
            .skipEmptyLines(false)
            .allowExtraFields(true)
            .allowMissingFields(true)
            .ofCsvRecord(text);
    this.records = reader.iterator();
    if (!records.hasNext()) {
      reader.close();
      throw new CsvFormatException(fileName + " is empty: expected a header line");
    }
    List<String> header = records.next().getFields();
    this.layout = columns != null ? columns : ColumnLayout.fromHeader(fileName, header);
  }

  /**
   * Opens {@code path} and reads its header. A missing or unreadable file is a {@link
   * CsvFormatException} naming the path.
   */
  public static CsvSource open(Path path, Charset charset, char separator) {
    return open(path, charset, separator, false, null);
  }

  /** Opens {@code path} in a detected (or given) layout; see {@link LayoutDetector}. */
  public static CsvSource open(Path path, CsvLayout layout) {
    return open(path, layout.charset(), layout.separator(), layout.bom(), layout.columns());
  }

  private static CsvSource open(
      Path path, Charset charset, char separator, boolean bom, ColumnLayout columns) {
    checkFile(path);
    try {
      return new CsvSource(path, charset, separator, bom, columns);
    } catch (NoSuchFileException e) {
      throw new CsvFormatException("CSV file not found: " + path.toAbsolutePath().normalize());
    } catch (AccessDeniedException e) {
      throw new CsvFormatException("CSV file not readable (permission denied): " + path);
    } catch (IOException | UncheckedIOException e) {
      throw new CsvFormatException("Cannot read CSV file " + path + ": " + e.getMessage(), e);
    }
  }

  /** Throws {@link CsvFormatException} for a path that is not a file. */
  static void checkFile(Path path) {
    if (Files.isDirectory(path)) {
      throw new CsvFormatException("CSV file is a directory: " + path);
    }
    if (!Files.exists(path)) {
      throw new CsvFormatException("CSV file not found: " + path.toAbsolutePath().normalize());
    }
  }

  public Path path() {
    return path;
  }

  /** The file's name, as used in messages and event sources. */
  public String fileName() {
    return fileName;
  }

  /** The file's size in bytes when it was opened (compressed, for a gzip file). */
  public long size() {
    return size;
  }

  /** Bytes read from the file so far (read-ahead included; compressed ones), for progress. */
  public long bytesRead() {
    return counter.count;
  }

  public ColumnLayout layout() {
    return layout;
  }

  /** True when another record follows; a broken record surfaces as {@link CsvFormatException}. */
  public boolean hasNext() {
    if (pending != null) {
      CsvFormatException e = pending;
      pending = null;
      throw e;
    }
    try {
      return records.hasNext();
    } catch (CsvParseException | UncheckedIOException e) {
      throw wrap(e);
    }
  }

  /**
   * The next record. The last record of the file says how the file ended ({@link RawRecord.End}):
   * FastCSV reads an unclosed quote to the end of the file, and a cut-off last line as a short
   * record, without complaint.
   */
  public RawRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    CsvRecord r = records.next();
    RawRecord.End end = RawRecord.End.LINE_BREAK;
    boolean last;
    try {
      last = !records.hasNext();
    } catch (CsvParseException | UncheckedIOException e) {
      last = false;
      pending = wrap(e); // reported when the caller asks for the record after this one
    }
    if (last) {
      end =
          openQuote(r)
              ? RawRecord.End.OPEN_QUOTE
              : text.endsWithLineBreak() ? end : RawRecord.End.END_OF_FILE;
    }
    return new RawRecord(r.getStartingLineNumber(), r.getFields(), end);
  }

  private CsvFormatException wrap(RuntimeException e) {
    if (e instanceof CsvParseException) {
      Throwable cause = e.getCause();
      return new CsvFormatException(
          fileName
              + ": "
              + e.getMessage()
              + (cause == null || cause == e ? "" : ": " + cause.getMessage()),
          e);
    }
    return new CsvFormatException(
        "Cannot read " + fileName + " as " + charset.name() + ": " + e.getMessage(), e);
  }

  /**
   * An unclosed quote swallows the rest of the file into the record's last field; a closed one
   * would have left a quote as the file's last character (before line breaks).
   */
  private boolean openQuote(CsvRecord r) {
    if (text.endsWithQuote() || r.getFieldCount() == 0) {
      return false;
    }
    String lastField = r.getField(r.getFieldCount() - 1);
    return lastField.indexOf('\n') >= 0 || lastField.indexOf('\r') >= 0;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Remembers the last characters read, so that once the reader reached the end the file's ending
   * is known (a line break or not, a closing quote or not) in any encoding and compression.
   */
  private static final class TailReader extends FilterReader {
    private char last;
    private char lastNonBreak;
    private boolean any;

    TailReader(Reader in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c >= 0) {
        see((char) c);
      }
      return c;
    }

    @Override
    public int read(char[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      for (int i = off; i < off + n; i++) {
        see(b[i]);
      }
      return n;
    }

    private void see(char c) {
      any = true;
      last = c;
      if (c != '\n' && c != '\r') {
        lastNonBreak = c;
      }
    }

    boolean endsWithLineBreak() {
      return any && (last == '\n' || last == '\r');
    }

    boolean endsWithQuote() {
      return lastNonBreak == '"';
    }
  }

  private static final class CountingInputStream extends FilterInputStream {
    private volatile long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
