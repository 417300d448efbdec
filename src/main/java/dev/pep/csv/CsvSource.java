package dev.pep.csv;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.NoSuchElementException;

/**
 * Streams the records of one CSV file, header first, in bounded memory (FastCSV's reader over a
 * buffered stream). Not thread-safe; the caller closes it.
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

  private CsvSource(Path path, Charset charset, char separator) throws IOException {
    this.path = path;
    this.fileName = path.getFileName().toString();
    this.size = Files.size(path);
    this.counter = new CountingInputStream(Files.newInputStream(path));
    this.reader =
        CsvReader.builder()
            .fieldSeparator(separator)
            .skipEmptyLines(false)
            .allowExtraFields(true)
            .allowMissingFields(true)
            .ofCsvRecord(new BufferedInputStream(counter, 1 << 16), charset);
    this.records = reader.iterator();
    if (!records.hasNext()) {
      reader.close();
      throw new CsvFormatException(fileName + " is empty: expected a header line");
    }
    this.layout = ColumnLayout.fromHeader(fileName, records.next().getFields());
  }

  /**
   * Opens {@code path} and reads its header. A missing or unreadable file is a {@link
   * CsvFormatException} naming the path.
   */
  public static CsvSource open(Path path, Charset charset, char separator) {
    if (Files.isDirectory(path)) {
      throw new CsvFormatException("CSV file is a directory: " + path);
    }
    try {
      return new CsvSource(path, charset, separator);
    } catch (NoSuchFileException e) {
      throw new CsvFormatException("CSV file not found: " + path.toAbsolutePath().normalize());
    } catch (AccessDeniedException e) {
      throw new CsvFormatException("CSV file not readable (permission denied): " + path);
    } catch (IOException e) {
      throw new CsvFormatException("Cannot read CSV file " + path + ": " + e.getMessage(), e);
    }
  }

  public Path path() {
    return path;
  }

  /** The file's name, as used in messages and event sources. */
  public String fileName() {
    return fileName;
  }

  /** The file's size in bytes when it was opened. */
  public long size() {
    return size;
  }

  /** Bytes read from the file so far (read-ahead included), for progress. */
  public long bytesRead() {
    return counter.count;
  }

  public ColumnLayout layout() {
    return layout;
  }

  /** True when another record follows; a broken record surfaces as {@link CsvFormatException}. */
  public boolean hasNext() {
    try {
      return records.hasNext();
    } catch (CsvParseException e) {
      throw new CsvFormatException(fileName + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new CsvFormatException("Cannot read " + fileName + ": " + e.getMessage(), e);
    }
  }

  /** The next record. */
  public RawRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    CsvRecord r = records.next();
    return new RawRecord(r.getStartingLineNumber(), r.getFields());
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
