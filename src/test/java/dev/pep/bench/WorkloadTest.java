package dev.pep.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.Fixtures;
import dev.pep.config.CsvOptions;
import dev.pep.event.EventJson;
import dev.pep.event.PurchaseEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadTest {
  private static final CsvOptions DETECT = CsvOptions.detect(ZoneId.of("Europe/London"));

  @TempDir Path dir;

  @Test
  void theWholeFileIsUsedAndOnlyItsValidRowsBecomePayloads() throws IOException {
    Path file = Fixtures.fixture("mixed-rows.csv");

    Workload w = Workload.prepare(file, 0, DETECT, dir);

    assertThat(w.csv()).isEqualTo(file);
    assertThat(w.events()).isEqualTo(6);
    assertThat(w.rejected()).isEqualTo(5);
    List<String> lines = Files.readAllLines(w.payloads(), StandardCharsets.UTF_8);
    assertThat(lines).hasSize(6);
    assertThat(w.payloadBytes()).isEqualTo(Files.size(w.payloads()) - 6);
    List<String> invoices =
        lines.stream()
            .map(l -> EventJson.read(l.getBytes(StandardCharsets.UTF_8)))
            .map(PurchaseEvent::invoiceNo)
            .toList();
    assertThat(invoices)
        .containsExactly("536365", "536366", "536370", "536414", "558638", "C536379");
  }

  @Test
  void fewerRowsAreAByteExactCopyOfTheFirstLines() throws IOException {
    Path file = Fixtures.fixture("mixed-rows.csv");

    Workload w = Workload.prepare(file, 4, DETECT, dir);

    // Header + 4 rows: the two good ones, the short one and the empty line.
    assertThat(w.csv()).isNotEqualTo(file);
    assertThat(w.csv().getFileName()).isEqualTo(file.getFileName());
    assertThat(Files.readAllBytes(w.csv())).isEqualTo(firstLines(file, 5));
    assertThat(w.events()).isEqualTo(2);
    assertThat(w.rejected()).isEqualTo(2);
  }

  @Test
  void aRecordSpanningLinesIsCopiedWhole() throws IOException {
    Path file = Fixtures.fixture("multi-line-description.csv");

    Workload w = Workload.prepare(file, 2, DETECT, dir);

    assertThat(Files.readAllBytes(w.csv())).isEqualTo(firstLines(file, 4));
    assertThat(w.events()).isEqualTo(2);
    assertThat(Files.readAllLines(w.payloads(), StandardCharsets.UTF_8).get(1))
        .contains("\"description\":\"PAPER CHAIN KIT\\r\\n50S CHRISTMAS, BOXED\"");
  }

  @Test
  void asManyRowsAsTheFileHasMeansTheFileItself() {
    Path file = Fixtures.fixture("mixed-rows.csv");

    assertThat(Workload.prepare(file, 11, DETECT, dir).csv()).isEqualTo(file);
    assertThat(Workload.prepare(file, 1_000, DETECT, dir.resolve("more")).csv()).isEqualTo(file);
  }

  private static byte[] firstLines(Path file, int lines) throws IOException {
    byte[] all = Files.readAllBytes(file);
    int end = 0;
    for (int seen = 0; end < all.length && seen < lines; end++) {
      if (all[end] == '\n') {
        seen++;
      }
    }
    return Arrays.copyOf(all, end);
  }
}
