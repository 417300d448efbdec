package dev.pep.event;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.pep.config.PepException;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes rejected rows to a CSV a person can read, fix and feed back: the input's own header and
 * fields, then {@code reject_file, reject_line, reject_column, reject_value, reject_reason}. The
 * file is created on the first reject only, in the input's encoding. Not thread-safe.
 */
public final class RejectsFile implements Closeable {
  private static final int FIRST = 5;
  private final Path path;
  private final List<String> header;
  private final Charset charset;
  private final List<Reject> first = new ArrayList<>();
  private CsvWriter writer;
  private long count;

  public RejectsFile(Path path, List<String> header, Charset charset) {
    this.path = path;
    this.header = List.copyOf(header);
    this.charset = charset;
  }

  /** Appends one reject, creating the file (and its directory) on first use. */
  public void write(Reject r) {
    try {
      if (writer == null) {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
          Files.createDirectories(dir);
        }
        Writer w = Files.newBufferedWriter(path, charset);
        writer = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(w);
        List<String> head = new ArrayList<>(header);
        head.addAll(
            List.of(
                "reject_file", "reject_line", "reject_column", "reject_value", "reject_reason"));
        writer.writeRecord(head);
      }
      List<String> row = new ArrayList<>(r.fields());
      // A short row is padded so that the reject columns stay under their own headers.
      while (row.size() < header.size()) {
        row.add("");
      }
      row.add(r.position().file());
      row.add(Long.toString(r.position().line()));
      row.add(r.column() == null ? "" : r.column());
      row.add(r.value() == null ? "" : r.value());
      row.add(r.reason());
      writer.writeRecord(row);
      count++;
      if (first.size() < FIRST) {
        first.add(r);
      }
    } catch (IOException e) {
      throw cannotWrite(e, e);
    } catch (UncheckedIOException e) {
      throw cannotWrite(e.getCause(), e);
    }
  }

  /** "Cannot write rejects file F: No space left on device", the I/O error's own words. */
  private PepException cannotWrite(IOException why, Exception e) {
    return new PepException("Cannot write rejects file " + path + ": " + why.getMessage(), e);
  }

  public Path path() {
    return path;
  }

  /** The first few rejects, for a person to read at the end of a run. */
  public List<Reject> first() {
    return List.copyOf(first);
  }

  /** Rejects written so far. */
  public long count() {
    return count;
  }

  @Override
  public void close() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException e) {
        throw cannotWrite(e, e);
      }
    }
  }
}
