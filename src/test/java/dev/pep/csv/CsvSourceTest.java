package dev.pep.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pep.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSourceTest {
  @TempDir Path dir;

  private static List<RawRecord> readAll(Path file) {
    List<RawRecord> records = new ArrayList<>();
    try (CsvSource source = CsvSource.open(file, StandardCharsets.ISO_8859_1, ',')) {
      while (source.hasNext()) {
        records.add(source.next());
      }
    }
    return records;
  }

  @Test
  void aQuotedMultiLineDescriptionMovesTheNextRecordsLineNumber() {
    List<RawRecord> records = readAll(Fixtures.fixture("multi-line-description.csv"));

    assertThat(records).extracting(RawRecord::line).containsExactly(2L, 3L, 5L);
    assertThat(records.get(1).fields().get(2)).isEqualTo("PAPER CHAIN KIT\r\n50S CHRISTMAS, BOXED");
    assertThat(records.get(2).fields().get(0)).isEqualTo("536367");
  }

  @Test
  void readsTheHeaderIntoALayout() {
    try (CsvSource source =
        CsvSource.open(Fixtures.fixture("mixed-rows.csv"), StandardCharsets.ISO_8859_1, ',')) {
      assertThat(source.fileName()).isEqualTo("mixed-rows.csv");
      assertThat(source.layout().fieldCount()).isEqualTo(8);
      assertThat(source.layout().indexOf(Column.INVOICE_NO)).isZero();
      assertThat(source.layout().indexOf(Column.COUNTRY)).isEqualTo(7);
    }
  }

  @Test
  void columnsAreFoundByNameInAnyOrderAndCase() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("reordered.csv"),
            "Country,customerid,UnitPrice,InvoiceDate,Quantity,Description,StockCode,INVOICENO\n");

    try (CsvSource source = CsvSource.open(file, StandardCharsets.ISO_8859_1, ',')) {
      assertThat(source.layout().indexOf(Column.INVOICE_NO)).isEqualTo(7);
      assertThat(source.layout().indexOf(Column.CUSTOMER_ID)).isEqualTo(1);
      assertThat(source.hasNext()).isFalse();
    }
  }

  @Test
  void anEmptyLineIsARecordWithOneEmptyField() {
    List<RawRecord> records = readAll(Fixtures.fixture("mixed-rows.csv"));

    assertThat(records).hasSize(11);
    assertThat(records.get(3)).isEqualTo(new RawRecord(5, List.of(""), RawRecord.End.LINE_BREAK));
  }

  @Test
  void aHeaderLackingColumnsIsNamedWithWhatWasFound() {
    Path file = Fixtures.fixture("header-lacks-columns.csv");

    assertThatThrownBy(() -> CsvSource.open(file, StandardCharsets.ISO_8859_1, ','))
        .isInstanceOf(CsvFormatException.class)
        .hasMessage(
            "header-lacks-columns.csv line 1: the header lacks column(s) Description, CustomerID"
                + " (found: InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,Country)");
  }

  @Test
  void aMissingFileIsNamedByItsAbsolutePath() {
    Path missing = Path.of("target", "no-such-dir", "..", "does-not-exist.csv");

    assertThatThrownBy(() -> CsvSource.open(missing, StandardCharsets.ISO_8859_1, ','))
        .isInstanceOf(CsvFormatException.class)
        .hasMessage("CSV file not found: " + missing.toAbsolutePath().normalize());
  }

  @Test
  void anEmptyFileOrADirectoryIsNotACsvFile() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.csv"));

    assertThatThrownBy(() -> CsvSource.open(empty, StandardCharsets.ISO_8859_1, ','))
        .isInstanceOf(CsvFormatException.class)
        .hasMessage("empty.csv is empty: expected a header line");
    assertThatThrownBy(() -> CsvSource.open(dir, StandardCharsets.ISO_8859_1, ','))
        .isInstanceOf(CsvFormatException.class)
        .hasMessage("CSV file is a directory: " + dir);
  }

  @Test
  void decodesTheConfiguredEncoding() throws IOException {
    byte[] header =
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    byte[] row =
        "537626,POST,POSTAGE \u00a3,1,12/7/2010 14:57,18,12347,Iceland\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    Path file = dir.resolve("latin1.csv");
    Files.write(file, concat(header, row));

    List<RawRecord> records = readAll(file);

    assertThat(records).hasSize(1);
    assertThat(records.get(0).fields().get(2)).isEqualTo("POSTAGE \u00a3");
    assertThat(records.get(0).fields().get(7)).isEqualTo("Iceland");
  }

  @Test
  void theBundledSampleHas1071RowsEndingAtLine1072() {
    List<RawRecord> records = readAll(Fixtures.sample());

    assertThat(records).hasSize(SampleData.ROWS);
    assertThat(records.get(0).line()).isEqualTo(2);
    assertThat(records.get(records.size() - 1).line()).isEqualTo(1072);
    assertThat(records).allSatisfy(r -> assertThat(r.fields()).hasSize(8));
  }

  private List<RawRecord.End> endings(String text) throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("endings.csv"),
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
                + text);
    List<RawRecord.End> ends = new ArrayList<>();
    try (CsvSource source = CsvSource.open(file, StandardCharsets.UTF_8, ',')) {
      while (source.hasNext()) {
        ends.add(source.next().end());
      }
    }
    return ends;
  }

  @Test
  void theLastRecordSaysHowTheFileEnded() throws IOException {
    RawRecord.End lb = RawRecord.End.LINE_BREAK;
    assertThat(endings("1,2\n3,4\n")).containsExactly(lb, lb);
    assertThat(endings("1,2\n3,4")).containsExactly(lb, RawRecord.End.END_OF_FILE);
    assertThat(endings("1,2\n3,\"x\n4,5\n")).containsExactly(lb, RawRecord.End.OPEN_QUOTE);
    // A closed multi-line quote at the end is a good record, with or without a final line break.
    assertThat(endings("1,2\n3,\"x\ny\"\n")).containsExactly(lb, lb);
    assertThat(endings("1,2\n3,\"x\ny\"")).containsExactly(lb, RawRecord.End.END_OF_FILE);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = new byte[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
