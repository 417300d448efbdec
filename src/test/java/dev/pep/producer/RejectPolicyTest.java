package dev.pep.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pep.config.OnBadRow;
import dev.pep.config.RejectLimit;
import dev.pep.event.Reject;
import dev.pep.event.RejectsFile;
import dev.pep.event.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RejectPolicyTest {
  @TempDir Path dir;

  private static Reject reject(long line) {
    return new Reject(
        new SourcePosition("in.csv", line), "Quantity", "six", "is not a whole number", List.of());
  }

  private RejectsFile file() {
    return new RejectsFile(dir.resolve("rejects.csv"), List.of("Quantity"), StandardCharsets.UTF_8);
  }

  @Test
  void rejectGoesOnAndWritesEveryRejectWithinTheLimit() throws Exception {
    try (RejectsFile f = file()) {
      RejectPolicy p = new RejectPolicy(OnBadRow.REJECT, RejectLimit.parse("2"), f);

      assertThat(p.stopAtFirstReject()).isFalse();
      assertThat(p.writtenFile()).isNull();
      assertThat(p.write(List.of(reject(3), reject(7)), 10, false)).isNull();
      assertThat(p.stopAfterSent()).isNull();
      assertThat(p.count()).isEqualTo(2);
      assertThat(p.writtenFile()).isEqualTo(dir.resolve("rejects.csv"));
    }
    assertThat(Files.readAllLines(dir.resolve("rejects.csv"))).hasSize(3); // header + 2 rows
  }

  @Test
  void oneRejectMoreThanTheLimitStopsTheRunSayingWhy() {
    try (RejectsFile f = file()) {
      RejectPolicy p = new RejectPolicy(OnBadRow.REJECT, RejectLimit.parse("2"), f);

      String why = p.write(List.of(reject(3), reject(7), reject(1_500)), 2_000, false);

      assertThat(why)
          .isEqualTo(
              "3 rejects in the first 2,000 rows read, more than PEP_MAX_REJECTS=2 allows: this"
                  + " does not look like the file you meant to load (first reject: in.csv line 3,"
                  + " column Quantity: 'six' is not a whole number)");
    }
  }

  @Test
  void failStopsAfterTheFirstBadRowNamingIt() {
    try (RejectsFile f = file()) {
      RejectPolicy p = new RejectPolicy(OnBadRow.FAIL, RejectLimit.NONE, f);

      assertThat(p.stopAtFirstReject()).isTrue();
      assertThat(p.stopAfterSent()).isNull();
      assertThat(p.write(List.of(reject(9)), 9, false)).isNull();
      assertThat(p.stopAfterSent())
          .isEqualTo(
              "stopped at the first bad row (PEP_ON_BAD_ROW=fail): in.csv line 9, column"
                  + " Quantity: 'six' is not a whole number");
    }
  }
}
