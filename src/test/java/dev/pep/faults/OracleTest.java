package dev.pep.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pep.Fixtures;
import dev.pep.event.SourceIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The oracle's own parts that need no broker: ids from the CSV, and the topic check. */
class OracleTest {
  private static final String SAMPLE_IDENTITY = "5237f77284c25f87";

  @Test
  void expectedIdsAreTheFilesIdentityAndEachRecordsStartingLine() throws IOException {
    Path sample = Fixtures.sample();
    String prefix = Oracle.idPrefix(sample);

    Set<String> ids = Oracle.expectedIds(sample);

    // The sample's identity, worked out outside the code (README: name, size, first 64 KiB):
    //   f='src/main/resources/sample/Online Retail sample.csv'
    //   { printf '%s\0%s\0' "Online Retail sample.csv" "$(wc -c < "$f")"; head -c 65536 "$f"; } \
    //     | sha256sum | cut -c1-16
    // Both the oracle and pep must arrive at it.
    assertThat(prefix).isEqualTo(SAMPLE_IDENTITY);
    assertThat(SourceIdentity.of(sample).hash()).isEqualTo(SAMPLE_IDENTITY);
    assertThat(ids).hasSize(1071).contains(prefix + ":2", prefix + ":1072");
    assertThat(ids).doesNotContain(prefix + ":1", prefix + ":1073");
  }

  @Test
  void theTopicCheckReportsDuplicatesMissingAndUnexpectedIds() {
    List<Oracle.TopicRecord> dump =
        List.of(
            new Oracle.TopicRecord(0, 0, "k", "f:2"),
            new Oracle.TopicRecord(0, 1, "k", "f:2"),
            new Oracle.TopicRecord(1, 0, "k", "f:9"));

    assertThatThrownBy(() -> Oracle.assertTopicExactlyOnce("seed 7", dump, Set.of("f:2", "f:3")))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Oracle (seed 7): 3 violations")
        .hasMessageContaining(
            "topic holds 1 event ids more than once (duplicate records), e.g. [f:2 x2]")
        .hasMessageContaining("topic misses 1 expected event ids, e.g. [f:3]")
        .hasMessageContaining("topic holds 1 unexpected event ids, e.g. [f:9]");
    Oracle.assertTopicExactlyOnce(
        "seed 7", List.of(new Oracle.TopicRecord(0, 0, "k", "f:2")), Set.of("f:2"));
  }
}
