package dev.pep.event;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.pep.Fixtures;
import dev.pep.config.CsvOptions;
import dev.pep.csv.CsvLayout;
import dev.pep.csv.LayoutDetector;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gzip copy and an Excel "Unicode text" copy (UTF-16LE with a byte order mark, tab-separated,
 * CRLF) of real files from ../shared/data read as the originals are: the same rows, lines, values
 * and rejects. The copies are made by the test in its temporary directory.
 */
class CompressedAndUnicodeInputTest {
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final String V = "online-retail/variants/";
  private static final String DAYFIRST =
      V + "dayfirst-dates_iso8859-1_truncated-last-line_39529rows.csv";
  private static final String TWO_DIGIT =
      V + "two-digit-years_extra-TotalPrice-column_no-final-newline_28492rows.csv";

  @TempDir Path dir;

  /** One row as read: its line, and either the event's values or the reject's reason. */
  private record Row(long line, String what) {}

  private record Read(CsvLayout layout, List<Row> rows) {}

  private static Read read(Path file) {
    CsvLayout layout = LayoutDetector.detect(file, CsvOptions.detect(LONDON));
    List<Row> rows = new ArrayList<>();
    try (EventReader reader = EventReader.open(file, layout, LONDON)) {
      while (reader.next()) {
        PurchaseEvent e = reader.event();
        if (e != null) {
          rows.add(
              new Row(
                  e.source().line(),
                  String.join(
                      "|",
                      e.invoiceNo(),
                      e.stockCode(),
                      String.valueOf(e.description()),
                      Integer.toString(e.quantity()),
                      e.invoiceDate().toString(),
                      e.unitPrice().toPlainString(),
                      String.valueOf(e.customerId()),
                      e.country())));
        } else {
          Reject r = reader.reject();
          rows.add(new Row(r.position().line(), "reject " + r.reasonKey()));
        }
      }
    }
    return new Read(layout, rows);
  }

  private Path gzipCopy(Path file) throws IOException {
    Path gz = dir.resolve(file.getFileName() + ".gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(file, out);
    }
    return gz;
  }

  @Test
  void aGzipFileIsReadAsItsContentWithTheSameLinesAndRejects() throws IOException {
    Path plain = Fixtures.sharedData(DAYFIRST);
    Read expected = read(plain);
    Read gz = read(gzipCopy(plain));

    assertThat(gz.rows()).hasSize(39_530).isEqualTo(expected.rows());
    assertThat(gz.rows().get(gz.rows().size() - 1).what()).isEqualTo("reject truncated last line");
    assertThat(gz.layout().describe("x"))
        .isEqualTo(expected.layout().describe("x").replace("Layout of x: ", "Layout of x: gzip; "));
  }

  @Test
  void aGzipFileWithoutAFinalNewlineKeepsItsLastRow() throws IOException {
    Path plain = Fixtures.sharedData(TWO_DIGIT);
    Read gz = read(gzipCopy(plain));

    assertThat(gz.rows()).hasSize(28_492).isEqualTo(read(plain).rows());
    assertThat(gz.rows()).noneMatch(r -> r.what().startsWith("reject"));
  }

  @Test
  void excelUnicodeTextIsDetectedAndReadAsTheOriginal() throws IOException {
    Path plain = Fixtures.sharedData(DAYFIRST);
    // The original's records (all but its cut-off last line) written as Excel saves "Unicode
    // text": UTF-16LE, a byte order mark, tabs, CRLF.
    Path txt = dir.resolve("dayfirst unicode.txt");
    List<CsvRecord> records = new ArrayList<>();
    try (CsvReader<CsvRecord> r =
        CsvReader.builder()
            .allowMissingFields(true)
            .ofCsvRecord(plain, StandardCharsets.ISO_8859_1)) {
      r.forEach(records::add);
    }
    try (OutputStream out = Files.newOutputStream(txt)) {
      out.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_16LE);
      CsvWriter csv =
          CsvWriter.builder().fieldSeparator('\t').lineDelimiter(LineDelimiter.CRLF).build(w);
      for (CsvRecord rec : records.subList(0, records.size() - 1)) {
        csv.writeRecord(rec.getFields());
      }
      csv.flush();
    }

    Read expected = read(plain);
    Read unicode = read(txt);

    assertThat(unicode.layout().describe("x"))
        .startsWith(
            "Layout of x: separator tab; encoding UTF-16LE with BOM (byte order mark); 8 columns");
    assertThat(unicode.rows())
        .hasSize(39_529)
        .isEqualTo(expected.rows().subList(0, 39_529))
        .anyMatch(r -> r.what().contains("Gift Voucher \u00a340.00"));
  }
}
