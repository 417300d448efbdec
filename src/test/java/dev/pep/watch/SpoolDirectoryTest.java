package dev.pep.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolDirectoryTest {
  private static final List<String> DEFAULT = List.of("*.csv", "*.csv.gz", "*.tsv", "*.txt");
  private static final long AGE = TimeUnit.SECONDS.toNanos(3);

  @TempDir Path dir;

  private Path file(String name, long modifiedMillis) throws IOException {
    Path p = Files.writeString(dir.resolve(name), "x");
    Files.setLastModifiedTime(p, FileTime.fromMillis(modifiedMillis));
    return p;
  }

  private static List<String> names(List<SpoolDirectory.Ready> ready) {
    return ready.stream().map(r -> r.path().getFileName().toString()).toList();
  }

  @Test
  void takesMatchingNamesOnlyAndNeverHiddenOrTemporaryOnes() {
    SpoolDirectory spool = new SpoolDirectory(dir, DEFAULT, AGE);

    assertThat(spool.candidate("a.csv")).isTrue();
    assertThat(spool.candidate("a.csv.gz")).isTrue();
    assertThat(spool.candidate("excel export.txt")).isTrue();
    assertThat(spool.candidate("a.tsv")).isTrue();
    assertThat(spool.candidate("a.gz")).isFalse();
    assertThat(spool.candidate("a.xlsx")).isFalse();
    assertThat(spool.candidate(".a.csv")).isFalse();
    assertThat(spool.candidate("a.csv.part")).isFalse();
    assertThat(spool.candidate("a.csv.tmp")).isFalse();
    assertThat(spool.candidate("a.csv.crdownload")).isFalse();
    assertThat(spool.candidate("a.csv~")).isFalse();
  }

  @Test
  void aFileIsReadyOnceUnchangedForTheMinimumAgeOldestFirst() throws IOException {
    SpoolDirectory spool = new SpoolDirectory(dir, DEFAULT, AGE);
    file("new.csv", 3_000_000);
    file("old.csv", 1_000_000);
    file("middle.csv.gz", 2_000_000);
    file("ignored.json", 1);
    Files.createDirectories(dir.resolve("sub.csv"));
    long t = 1_000_000_000L;

    assertThat(spool.ready(Set.of(), t)).isEmpty(); // first seen now
    assertThat(spool.ready(Set.of(), t + AGE - 1)).isEmpty();
    assertThat(names(spool.ready(Set.of(), t + AGE)))
        .containsExactly("old.csv", "middle.csv.gz", "new.csv");
    assertThat(names(spool.ready(Set.of(dir.resolve("old.csv")), t + AGE)))
        .containsExactly("middle.csv.gz", "new.csv");
  }

  @Test
  void aFileThatGrowsStartsItsMinimumAgeAgain() throws IOException {
    SpoolDirectory spool = new SpoolDirectory(dir, DEFAULT, AGE);
    Path f = file("copying.csv", 1_000_000);
    long t = 1_000_000_000L;
    spool.ready(Set.of(), t);
    Files.writeString(f, "xy");
    Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000));

    assertThat(spool.ready(Set.of(), t + AGE)).isEmpty(); // size changed: seen anew
    assertThat(spool.waiting(Set.of(), t + AGE)).isEqualTo(1);
    assertThat(names(spool.ready(Set.of(), t + 2 * AGE))).containsExactly("copying.csv");
  }

  @Test
  void finishedAndErroredFilesKeepTheirNameOrGetANumber() throws IOException {
    SpoolDirectory spool = new SpoolDirectory(dir, DEFAULT, AGE);
    spool.prepare();
    Path first = spool.finish(file("day.csv.gz", 1));
    Path second = spool.finish(file("day.csv.gz", 2));
    Path bad = spool.fail(file("bad.csv", 3), "bad.csv: no InvoiceNo column");

    assertThat(first).isEqualTo(dir.resolve("finished/day.csv.gz"));
    assertThat(second).isEqualTo(dir.resolve("finished/day (2).csv.gz"));
    assertThat(bad).isEqualTo(dir.resolve("error/bad.csv"));
    assertThat(Files.readString(dir.resolve("error/bad.csv.error.txt")))
        .isEqualTo("bad.csv: no InvoiceNo column" + System.lineSeparator());
    assertThat(dir.resolve("day.csv.gz")).doesNotExist();
  }
}
