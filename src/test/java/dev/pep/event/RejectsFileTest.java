package dev.pep.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RejectsFileTest {
  private static final List<String> HEADER = dev.pep.csv.Column.headers();

  @TempDir Path dir;

  private static final Reject BAD_PRICE =
      new Reject(
          new SourcePosition("orders.csv", 7),
          "UnitPrice",
          "1,2x",
          "is not a decimal number",
          List.of(
              "536369",
              "21756",
              "BATH BUILDING BLOCK WORD",
              "3",
              "12/1/2010 8:35",
              "1,2x",
              "13047",
              "United Kingdom"));

  private static final Reject EMPTY_LINE =
      new Reject(
          Reject.Kind.EMPTY_LINE,
          new SourcePosition("orders.csv", 5),
          null,
          null,
          "is an empty line",
          List.of(""));

  @Test
  void noRejectsNoFile() {
    Path path = dir.resolve("logs/rejects.csv");

    try (RejectsFile rejects = new RejectsFile(path, HEADER, StandardCharsets.ISO_8859_1)) {
      assertThat(rejects.count()).isZero();
      assertThat(rejects.first()).isEmpty();
    }

    assertThat(path).doesNotExist();
    assertThat(dir.resolve("logs")).doesNotExist();
  }

  @Test
  void writesTheInputHeaderThenTheRejectColumnsAndOneRowPerReject() throws IOException {
    Path path = dir.resolve("logs/rejects.csv");

    try (RejectsFile rejects = new RejectsFile(path, HEADER, StandardCharsets.ISO_8859_1)) {
      rejects.write(EMPTY_LINE);
      assertThat(path).exists();
      rejects.write(BAD_PRICE);
      assertThat(rejects.count()).isEqualTo(2);
      assertThat(rejects.first()).containsExactly(EMPTY_LINE, BAD_PRICE);
    }

    assertThat(Files.readAllLines(path, StandardCharsets.ISO_8859_1))
        .containsExactly(
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country,"
                + "reject_file,reject_line,reject_column,reject_value,reject_reason",
            ",,,,,,,,orders.csv,5,,,is an empty line",
            "536369,21756,BATH BUILDING BLOCK WORD,3,12/1/2010 8:35,\"1,2x\",13047,United Kingdom,"
                + "orders.csv,7,UnitPrice,\"1,2x\",is not a decimal number");
  }

  @Test
  void writesInTheInputsEncoding() throws IOException {
    Path path = dir.resolve("rejects.csv");
    Reject pound =
        new Reject(
            new SourcePosition("orders.csv", 2),
            "Quantity",
            "\u00a3",
            "is not a whole number",
            List.of("1", "2", "3", "\u00a3", "5", "6", "7", "8"));

    try (RejectsFile rejects = new RejectsFile(path, HEADER, StandardCharsets.ISO_8859_1)) {
      rejects.write(pound);
    }

    byte[] bytes = Files.readAllBytes(path);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    assertThat(text)
        .endsWith("1,2,3,\u00a3,5,6,7,8,orders.csv,2,Quantity,\u00a3,is not a whole number\n");
    // The pound sign is the single byte 0xA3, as in the input, not UTF-8's 0xC2 0xA3.
    assertThat(text.chars().filter(c -> c == 0xC2).count()).isZero();
  }

  @Test
  void keepsOnlyTheFirstFiveForTheSummaryButCountsAll() {
    Path path = dir.resolve("rejects.csv");

    try (RejectsFile rejects = new RejectsFile(path, HEADER, StandardCharsets.ISO_8859_1)) {
      for (int i = 0; i < 7; i++) {
        rejects.write(EMPTY_LINE);
      }
      assertThat(rejects.count()).isEqualTo(7);
      assertThat(rejects.first()).hasSize(5);
    }
  }
}
