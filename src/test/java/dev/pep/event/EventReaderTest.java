package dev.pep.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pep.Fixtures;
import dev.pep.config.CsvOptions;
import dev.pep.csv.CsvFormatException;
import dev.pep.csv.CsvLayout;
import dev.pep.csv.LayoutDetector;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventReaderTest {
  private static final ZoneId LONDON = ZoneId.of("Europe/London");

  private static CsvLayout layout(Path file) {
    // Month-first dates given, so that line 8's ISO date is a bad row (see mixed-rows.csv).
    CsvOptions options =
        new CsvOptions(
            Optional.empty(), Optional.empty(), Optional.of("M/d/yyyy H:mm"), LONDON, Map.of());
    return LayoutDetector.detect(file, options);
  }

  @Test
  void everyRowIsExactlyOneEventOrOneRejectInFileOrder() {
    Path file = Fixtures.fixture("mixed-rows.csv");
    List<Long> eventLines = new ArrayList<>();
    List<Long> rejectLines = new ArrayList<>();
    try (EventReader reader = EventReader.open(file, layout(file), LONDON)) {
      assertThat(reader.line()).isZero();
      while (reader.next()) {
        assertThat(reader.event() == null).isNotEqualTo(reader.reject() == null);
        if (reader.event() != null) {
          assertThat(reader.event().source().line()).isEqualTo(reader.line());
          eventLines.add(reader.line());
        } else {
          assertThat(reader.reject().position().line()).isEqualTo(reader.line());
          rejectLines.add(reader.line());
        }
      }
      assertThat(reader.rows()).isEqualTo(11);
      assertThat(reader.next()).isFalse();
      assertThat(reader.event()).isNull();
      assertThat(reader.reject()).isNull();
    }
    // Read from the fixture: lines 4-9 are each wrong in one way, the others are good rows.
    assertThat(eventLines).containsExactly(2L, 3L, 10L, 11L, 12L);
    assertThat(rejectLines).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
  }

  @Test
  void aRecordOverSeveralLinesIsOneEventStartingOnItsFirstLine() {
    Path file = Fixtures.fixture("multi-line-description.csv");
    List<Long> lines = new ArrayList<>();
    try (EventReader reader = EventReader.open(file, layout(file), LONDON)) {
      while (reader.next()) {
        lines.add(reader.event().source().line());
      }
    }
    assertThat(lines).containsExactly(2L, 3L, 5L);
  }

  @Test
  void aMissingFileIsReportedAsSuchWhenOpened() {
    Path file = Fixtures.fixture("mixed-rows.csv");
    CsvLayout layout = layout(file);
    Path missing = file.resolveSibling("no-such-file.csv");

    assertThatThrownBy(() -> EventReader.open(missing, layout, LONDON))
        .isInstanceOf(CsvFormatException.class)
        .hasMessageStartingWith("CSV file not found: ");
  }
}
