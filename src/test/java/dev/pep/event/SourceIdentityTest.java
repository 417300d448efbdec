package dev.pep.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pep.Fixtures;
import dev.pep.csv.CsvFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceIdentityTest {
  @TempDir Path dir;

  private Path copy(String subdir, String name, byte[] content) throws IOException {
    Path d = Files.createDirectories(dir.resolve(subdir));
    return Files.write(d.resolve(name), content);
  }

  @Test
  void theSameFileGetsTheSameIdentityEvenAtAnotherPath() throws IOException {
    byte[] content = Files.readAllBytes(Fixtures.fixture("mixed-rows.csv"));
    Path a = copy("a", "orders.csv", content);
    Path b = copy("b", "orders.csv", content);

    SourceIdentity first = SourceIdentity.of(a);

    assertThat(SourceIdentity.of(a)).isEqualTo(first);
    assertThat(SourceIdentity.of(b)).isEqualTo(first);
    assertThat(first.fileName()).isEqualTo("orders.csv");
    assertThat(first.size()).isEqualTo(content.length);
  }

  @Test
  void oneChangedByteGivesAnotherIdentity() throws IOException {
    byte[] content = Files.readAllBytes(Fixtures.fixture("mixed-rows.csv"));
    byte[] changed = content.clone();
    int at = changed.length - 2; // the last letter of the last row's Country: same size
    changed[at] = (byte) (changed[at] + 1);

    SourceIdentity original = SourceIdentity.of(copy("a", "orders.csv", content));
    SourceIdentity edited = SourceIdentity.of(copy("b", "orders.csv", changed));

    assertThat(edited.size()).isEqualTo(original.size());
    assertThat(edited.hash()).isNotEqualTo(original.hash());
    assertThat(edited.eventId(2)).isNotEqualTo(original.eventId(2));
  }

  @Test
  void theSameContentUnderAnotherNameGivesAnotherIdentity() throws IOException {
    byte[] content = Files.readAllBytes(Fixtures.fixture("mixed-rows.csv"));

    assertThat(SourceIdentity.of(copy("a", "orders.csv", content)).hash())
        .isNotEqualTo(SourceIdentity.of(copy("a", "orders-2.csv", content)).hash());
  }

  @Test
  void eventIdsAreSixteenHexDigitsColonLine() {
    SourceIdentity id = SourceIdentity.of(Fixtures.fixture("mixed-rows.csv"));

    assertThat(id.hash()).matches("[0-9a-f]{16}");
    assertThat(id.eventId(42)).isEqualTo(id.hash() + ":42").matches("[0-9a-f]{16}:42");
  }

  @Test
  void theSampleHasAStableIdentity() {
    // Event ids must not change between releases for the same file, or a re-run would look new.
    assertThat(SourceIdentity.of(Fixtures.sample()).hash()).isEqualTo(SAMPLE_HASH);
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nope.csv");

    assertThatThrownBy(() -> SourceIdentity.of(missing))
        .isInstanceOf(CsvFormatException.class)
        .hasMessageStartingWith("Cannot read " + missing + ": ");
  }

  // sha256("Online Retail sample.csv" NUL size NUL first 64 KiB), first 8 bytes, computed apart.
  private static final String SAMPLE_HASH = "5237f77284c25f87";
}
